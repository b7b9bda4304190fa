from typing import Any

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from homeward.apps.api import (
    exchange_lists,
    exchanges,
    imports,
    payments,
    returns,
    stages,
    views,
)


class NumericIdRouter(DefaultRouter):
    """Every object is addressed by its numeric id: `/api/list-versions/abc/` is not a
    route (404), rather than a query that fails on the id (500)."""

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or viewset.lookup_field
        value = getattr(viewset, "lookup_value_regex", r"\d+")
        return f"(?P<{lookup_prefix}{kwarg}>{value})"


router = NumericIdRouter(trailing_slash=True)
router.register("persons", views.PersonViewSet, basename="person")
router.register("status-events", views.StatusEventViewSet, basename="status-event")
router.register("sources", views.SourceViewSet, basename="source")
router.register("source-records", views.SourceRecordViewSet, basename="source-record")
router.register("groups", views.GroupViewSet, basename="group")
router.register("imports", imports.ImportViewSet, basename="import")
router.register("agreements", exchanges.AgreementViewSet, basename="agreement")
router.register("list-versions", exchange_lists.ListVersionViewSet, basename="list-version")
router.register("stages", stages.StageViewSet, basename="stage")
router.register("return-cases", returns.ReturnCaseViewSet, basename="return-case")
router.register("case-steps", returns.CaseStepViewSet, basename="case-step")
router.register("sightings", returns.SightingViewSet, basename="sighting")
router.register("entitlements", payments.EntitlementViewSet, basename="entitlement")
router.register("payment-batches", payments.PaymentBatchViewSet, basename="payment-batch")
router.register("payment-rules", payments.PaymentRuleViewSet, basename="payment-rule")
router.register("step-templates", returns.StepTemplateViewSet, basename="step-template")

app_name = "api"
urlpatterns = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
