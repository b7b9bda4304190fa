"""Exchange agreements through the API: each with its stages' planned and received counts
and the running total against the formula (read-only in this increment; agreements are
created and run through the services and the web pages)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from homeward.apps.api.permissions import requires
from homeward.apps.exchanges import selectors
from homeward.apps.exchanges.models import Agreement


class StageCountsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField(source="stage.pk")
    number = serializers.IntegerField(source="stage.number")
    date = serializers.DateField(source="stage.date")
    status = serializers.CharField(source="stage.status")
    receive_capacity = serializers.IntegerField(source="stage.receive_capacity")
    hand_over_capacity = serializers.IntegerField(source="stage.hand_over_capacity")
    ratio = serializers.DecimalField(source="stage.ratio", max_digits=5, decimal_places=2)
    planned_receive = serializers.IntegerField(help_text="Persons of ours planned.")
    planned_hand_over = serializers.IntegerField(help_text="Persons we hold, planned.")
    received = serializers.IntegerField()
    handed_over = serializers.IntegerField()
    received_so_far = serializers.IntegerField(
        help_text="Received in the agreement up to and including this stage."
    )


class AgreementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    stages = serializers.SerializerMethodField()
    received = serializers.SerializerMethodField(help_text="Received in all stages so far.")
    handed_over = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = ["id", "title", "formula", "total", "quotas", "mediator", "venue",
                  "negotiated_on", "status", "received", "handed_over", "stages"]  # fmt: skip

    def _totals(self, agreement: Agreement) -> selectors.AgreementTotals:
        cache: dict[int, selectors.AgreementTotals] = self.context.setdefault("totals", {})
        if agreement.pk not in cache:
            cache[agreement.pk] = selectors.agreement_totals(agreement)
        return cache[agreement.pk]

    @extend_schema_field(StageCountsSerializer(many=True))
    def get_stages(self, agreement: Agreement) -> list[dict[str, Any]]:
        return list(StageCountsSerializer(self._totals(agreement).stages, many=True).data)

    def get_received(self, agreement: Agreement) -> int:
        return self._totals(agreement).received

    def get_handed_over(self, agreement: Agreement) -> int:
        return self._totals(agreement).handed_over


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Exchange agreements with their stages' counts and the running total ("697 of
    1000"). Counts only: who is in a stage is not part of this endpoint."""

    serializer_class = AgreementSerializer
    permission_classes = [requires(selectors.MAY_VIEW)]
    queryset = Agreement.objects.none()

    def get_queryset(self) -> QuerySet[Agreement]:
        return selectors.agreements_for(self.request.user)  # type: ignore[arg-type]
