from django.urls import path

from homeward.apps.exchanges import list_views, plan_views, views

app_name = "exchanges"
urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/stages/new/", views.stage_create, name="stage_create"),
    path("<int:pk>/status/", views.agreement_status, name="agreement_status"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("<int:pk>/plan/", plan_views.plan, name="plan"),
    path("stages/<int:pk>/", views.stage_detail, name="stage_detail"),
    path("stages/<int:pk>/totals.json", views.stage_totals, name="stage_totals"),
    path("stages/<int:pk>/start/", views.stage_start, name="stage_start"),
    path("stages/<int:pk>/complete/", views.stage_complete, name="stage_complete"),
    path("members/<int:pk>/outcome/", views.member_outcome, name="member_outcome"),
    path("stages/<int:pk>/substitute/", views.stage_substitute, name="stage_substitute"),
    path("<int:agreement>/lists/<str:kind>/", list_views.list_detail, name="list_detail"),
    path("<int:agreement>/lists/<str:kind>/new/", list_views.start_version, name="list_start"),
    path("<int:agreement>/lists/<str:kind>/load/", list_views.load_their_list, name="list_load"),
    path("versions/<int:pk>/add/", list_views.add_persons, name="version_add"),
    path("versions/<int:pk>/criteria/", list_views.add_by_criteria, name="version_criteria"),
    path("versions/<int:pk>/import/", list_views.add_from_import, name="version_import"),
    path("versions/<int:pk>/remove/", list_views.remove_entries, name="version_remove"),
    path("versions/<int:pk>/substitute/", list_views.substitute, name="version_substitute"),
    path("versions/<int:pk>/submit/", list_views.submit_version, name="version_submit"),
    path("versions/<int:pk>/agree/", list_views.agree_version, name="version_agree"),
    path("versions/<int:pk>/register/", list_views.register_unknown, name="version_register"),
    path("versions/<int:pk>/export.xlsx", list_views.export_version, name="version_export"),
    path("entries/<int:pk>/decide/", list_views.decide_entry, name="entry_decide"),
]
