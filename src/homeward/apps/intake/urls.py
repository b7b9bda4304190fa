from django.urls import path

from homeward.apps.intake import views

app_name = "intake"
urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/reading/", views.import_reading, name="import_reading"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/progress.json", views.import_progress, name="import_progress"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/next/", views.review_next, name="review_next"),
    path("review/duplicates/", views.duplicate_search_start, name="duplicate_search_start"),
    path(
        "review/duplicates/<int:pk>/progress.json",
        views.duplicate_search_progress,
        name="duplicate_search_progress",
    ),
    path("review/<int:pk>/", views.review_task, name="review_task"),
    path("review/<int:pk>/decide/", views.review_decide, name="review_decide"),
]
