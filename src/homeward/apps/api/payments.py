"""Payments through the API: entitlements (computed, checked by hand, given a payee) and
batches (prepared, approved by another payments officer or rejected, and their registers).
The same selectors and services as the pages (apps.payments)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.apps.api.disclosure import DisclosesPersons
from homeward.apps.api.permissions import RolePermissions, requires
from homeward.apps.audit.access import disclose
from homeward.apps.common.messages import translate_stored
from homeward.apps.payments import batches, exports, selectors, services
from homeward.apps.payments.models import BatchItem, Entitlement, PaymentBatch, PaymentRule


class EntitlementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    case_number = serializers.CharField(source="person.case_number")
    person_name = serializers.CharField(source="person.full_name")
    lines = serializers.SerializerMethodField(
        help_text="The breakdown: rule, basis, first and last day, days, amount and "
        "`explanation` in the request's language."
    )
    needs_check = serializers.BooleanField()
    paid = serializers.BooleanField()
    in_batch = serializers.BooleanField()

    class Meta:
        model = Entitlement
        fields = ["id", "case", "person", "case_number", "person_name", "category",
                  "captured_on", "captured_precision", "returned_on", "returned_precision",
                  "first_day", "last_day", "days", "total", "lines", "flags", "needs_check",
                  "checked_by", "checked_at", "check_note", "payee_name", "iban", "tax_number",
                  "in_batch", "paid", "computed_at", "version"]  # fmt: skip

    def get_lines(self, row: Entitlement) -> list[dict[str, Any]]:
        return [{**line, "explanation": translate_stored(line["explanation"])}
                for line in row.lines]  # fmt: skip


class ComputeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    cases = serializers.ListField(child=serializers.IntegerField(), allow_empty=False,
                                  help_text="Return case ids.")  # fmt: skip


class CheckSerializer(serializers.Serializer):  # type: ignore[type-arg]
    note = serializers.CharField()
    version = serializers.IntegerField(required=False)


class PayeeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    payee_name = serializers.CharField(max_length=300)
    iban = serializers.CharField(max_length=42)
    tax_number = serializers.CharField(max_length=12)


def _fresh(request: Request, pk: int) -> Response:
    row = selectors.entitlement_for(request.user, pk)
    return Response(EntitlementSerializer(row).data)


class EntitlementViewSet(DisclosesPersons, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Entitlements, filtered by `stand` (to_check, no_payee, ready, in_batch, paid,
    nothing_due)."""

    serializer_class = EntitlementSerializer
    permission_classes = [requires(selectors.MAY_VIEW, services.MAY_COMPUTE)]
    person_field = "person_id"
    queryset = Entitlement.objects.none()

    def get_queryset(self) -> QuerySet[Entitlement]:
        stand = self.request.query_params.get("stand", "") if self.action == "list" else ""
        return selectors.entitlements_for(self.request.user, stand)

    @extend_schema(parameters=[OpenApiParameter("stand", str)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ComputeSerializer, responses={200: dict})
    @action(detail=False, methods=["post"])
    def compute(self, request: Request) -> Response:
        """Compute (or compute again) the entitlements of these return cases."""
        given = ComputeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        done, problems = services.compute_many(actor=request.user,
                                               case_ids=given.validated_data["cases"])  # fmt: skip
        return Response({"computed": done, "problems": problems})

    @extend_schema(request=CheckSerializer, responses=EntitlementSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request: Request, pk: str) -> Response:
        row = self.get_object()
        given = CheckSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.check(actor=request.user, entitlement_id=row.pk, **given.validated_data)
        return _fresh(request, row.pk)

    @extend_schema(request=PayeeSerializer, responses=EntitlementSerializer)
    @action(detail=True, methods=["post"])
    def payee(self, request: Request, pk: str) -> Response:
        row = self.get_object()
        given = PayeeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.set_payee(actor=request.user, entitlement_id=row.pk, **given.validated_data)
        return _fresh(request, row.pk)


class ItemSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = BatchItem
        fields = ["id", "entitlement", "case_number", "payee_name", "iban", "tax_number",
                  "amount", "released"]  # fmt: skip


class BatchSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    items = serializers.SerializerMethodField()

    class Meta:
        model = PaymentBatch
        fields = ["id", "state", "count", "total", "note", "created_by", "created_at",
                  "decided_by", "decided_at", "reason", "items"]  # fmt: skip

    def get_items(self, batch: PaymentBatch) -> list[dict[str, Any]] | None:
        if not self.context.get("with_items"):
            return None
        request = self.context["request"]
        items = list(selectors.items_of(request.user, batch))
        disclose(request, [item.entitlement.person_id for item in items])
        return list(ItemSerializer(items, many=True).data)


class BatchCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    entitlements = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    note = serializers.CharField(default="", allow_blank=True)


class RejectSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField()


class PaymentBatchViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Payment batches; a batch's detail lists its items. Approve pays it (another payments
    officer than its preparer; a retry answers with the paid batch)."""

    serializer_class = BatchSerializer
    permission_classes = [requires(selectors.MAY_VIEW, services.MAY_PREPARE)]
    queryset = PaymentBatch.objects.none()

    def get_queryset(self) -> QuerySet[PaymentBatch]:
        return selectors.batches_for(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "with_items": self.action != "list"}

    def _fresh(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        batch = selectors.batch_for(self.request.user, pk)
        return Response(BatchSerializer(batch, context=self.get_serializer_context()).data,
                        status=code)  # fmt: skip

    @extend_schema(request=BatchCreateSerializer, responses=BatchSerializer)
    def create(self, request: Request) -> Response:
        given = BatchCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        batch = batches.create_batch(actor=request.user,
                                     entitlement_ids=given.validated_data["entitlements"],
                                     note=given.validated_data["note"])  # fmt: skip
        return self._fresh(batch.pk, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BatchSerializer)
    @action(detail=True, methods=["post"],
            permission_classes=[requires(selectors.MAY_VIEW, services.MAY_APPROVE)])  # fmt: skip
    def approve(self, request: Request, pk: str) -> Response:
        batch = self.get_object()
        batches.approve_batch(actor=request.user, batch_id=batch.pk)
        return self._fresh(batch.pk)

    @extend_schema(request=RejectSerializer, responses=BatchSerializer)
    @action(detail=True, methods=["post"],
            permission_classes=[requires(selectors.MAY_VIEW, services.MAY_APPROVE)])  # fmt: skip
    def reject(self, request: Request, pk: str) -> Response:
        batch = self.get_object()
        given = RejectSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        batches.reject_batch(actor=request.user, batch_id=batch.pk,
                             reason=given.validated_data["reason"])  # fmt: skip
        return self._fresh(batch.pk)

    @extend_schema(parameters=[OpenApiParameter("file", str, enum=["csv", "xlsx"])],
                   responses={(200, "application/octet-stream"): bytes})  # fmt: skip
    @action(detail=True, methods=["get"])
    def register(self, request: Request, pk: str) -> HttpResponse:
        """The payment register as a file (`file=csv` or `xlsx`, the default)."""
        batch = self.get_object()
        fmt = "csv" if request.query_params.get("file") == "csv" else "xlsx"
        return exports.register_download(request.user, batch, fmt)


class PaymentRuleSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PaymentRule
        fields = ["id", "code", "name_uk", "name_en", "basis", "amount", "effective_from",
                  "effective_to", "categories", "cap", "legal_basis"]  # fmt: skip


class PaymentRuleViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin,
                         viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]  # fmt: skip
    """The payment rules: payments officers read them; administrators record and change
    them (a rule that stops applying gets an end date; rules are never deleted)."""

    serializer_class = PaymentRuleSerializer
    permission_classes = [RolePermissions]
    queryset = PaymentRule.objects.order_by("effective_from", "code")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.save_rule(actor=self.request.user,
                                                 **serializer.validated_data)  # fmt: skip

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.save_rule(
            actor=self.request.user, rule_id=serializer.instance.pk, **serializer.validated_data
        )
