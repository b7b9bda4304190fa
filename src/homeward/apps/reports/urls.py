from django.urls import path

from homeward.apps.reports import export_views, statistics_views, views

app_name = "reports"
urlpatterns = [
    path("statistics/", statistics_views.dashboard, name="dashboard"),
    path("statistics/overall/", statistics_views.overall_page, name="overall"),
    path("statistics/export/", statistics_views.export, name="statistics_export"),
    path("exports/", export_views.index, name="exports"),
    path("exports/icrc/", export_views.icrc_export, name="icrc_export"),
    path("exports/pfif/", export_views.pfif_export, name="pfif_export"),
    path("statements/", views.public_list, name="public_list"),
    path("statements/feed.atom", views.feed, name="feed"),
    path("statements/<int:pk>/", views.public_detail, name="public_detail"),
    path("statements/manage/", views.manage, name="manage"),
    path("statements/manage/<int:pk>/", views.statement, name="statement"),
]
