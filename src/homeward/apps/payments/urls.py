from django.urls import path

from homeward.apps.payments import views

app_name = "payments"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("compute/", views.compute, name="compute"),
    path("entitlements/<int:pk>/", views.entitlement_detail, name="entitlement"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/decide/", views.batch_decide, name="batch_decide"),
    path("batches/<int:pk>/register.<str:fmt>", views.batch_register, name="batch_register"),
]
