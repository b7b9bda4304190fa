from django.urls import path

from homeward.apps.returns import views

app_name = "returns"
urlpatterns = [
    path("", views.board, name="board"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("steps/", views.steps_update, name="steps_update"),
    path("steps/<int:pk>/", views.step_update, name="step_update"),
    path("steps/<int:pk>/assign/", views.step_assign, name="step_assign"),
    path("open/<int:person>/", views.case_open, name="case_open"),
    path("cases/<int:pk>/sightings/", views.sighting_add, name="sighting_add"),
    path("sightings/<int:pk>/decide/", views.sighting_decide, name="sighting_decide"),
    path("sightings/<int:pk>/register/", views.sighting_register, name="sighting_register"),
]
