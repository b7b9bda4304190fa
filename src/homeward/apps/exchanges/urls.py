from django.urls import path

from homeward.apps.exchanges import views

app_name = "exchanges"
urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("stages/<int:pk>/", views.stage_detail, name="stage_detail"),
    path("stages/<int:pk>/totals.json", views.stage_totals, name="stage_totals"),
    path("stages/<int:pk>/start/", views.stage_start, name="stage_start"),
    path("stages/<int:pk>/complete/", views.stage_complete, name="stage_complete"),
    path("members/<int:pk>/outcome/", views.member_outcome, name="member_outcome"),
]
