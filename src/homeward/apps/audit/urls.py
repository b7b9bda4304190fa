from django.urls import path

from homeward.apps.audit import access_views, views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("reads/", access_views.reads_overview, name="reads"),
    path("reads/person/", access_views.reads_of_person, name="reads_of_person"),
    path("reads/user/", access_views.reads_by_user, name="reads_by_user"),
]
