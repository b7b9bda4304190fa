from django.urls import path

from homeward.apps.registry import export_views, views

app_name = "registry"
urlpatterns = [
    path("", views.home, name="home"),
    path("persons/", views.person_list, name="person_list"),
    path("persons/export.<str:fmt>", export_views.person_export, name="person_export"),
    path("persons/exports/", export_views.person_export_list, name="person_exports"),
    path(
        "persons/exports/<int:pk>/progress/",
        export_views.person_export_progress,
        name="person_export_progress",
    ),
    path(
        "persons/exports/<int:pk>/download/",
        export_views.person_export_download,
        name="person_export_download",
    ),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/status/", views.status_event_add, name="status_event_add"),
    path("persons/<int:pk>/records/new/", views.source_record_add, name="source_record_add"),
    path("persons/<int:pk>/merge/", views.person_merge, name="person_merge"),
    path("persons/<int:pk>/merges/<int:merge_pk>/split/", views.merge_split, name="merge_split"),
    path(
        "persons/<int:pk>/status/<int:event_pk>/confirm/",
        views.status_event_confirm,
        name="status_event_confirm",
    ),
]
