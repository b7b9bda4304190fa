"""Exchange agreements through the API: each with its stages' planned and received counts
and the running total against the formula, and its lists (api.exchange_lists). Agreements
and stages are created and run through the services and the web pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.apps.api import exchange_lists, stages
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
        return stages.cached_totals(self.context, agreement)

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
    permission_classes = [requires(selectors.MAY_VIEW, selectors.MAY_MANAGE)]
    queryset = Agreement.objects.none()

    def get_queryset(self) -> QuerySet[Agreement]:
        return selectors.agreements_for(self.request.user)

    @extend_schema(request=stages.AgreementCreateSerializer, responses={201: AgreementSerializer})
    def create(self, request: Request) -> Response:
        """Record an agreement: N for N (`total`) or per category (`quotas`)."""
        return stages.create_agreement(request)

    @extend_schema(request=stages.StageCreateSerializer, responses={201: stages.StageSerializer})
    @action(detail=True, methods=["post"], url_path="stages")
    def add_stage(self, request: Request, pk: str) -> Response:
        """The agreement's next stage (its number follows the last)."""
        return stages.add_stage(request, self.get_object())

    @extend_schema(methods=["GET"], parameters=stages.PLAN_PARAMETERS, request=None)
    @extend_schema(methods=["POST"], request=stages.PlanSerializer)
    @action(detail=True, methods=["get", "post"])
    def plan(self, request: Request, pk: str) -> Response:
        """The planner's proposal for the planned stages (GET), or applying it (POST)."""
        return stages.plan(request, self.get_object())

    @extend_schema(request=None, responses=exchange_lists.ListSummarySerializer(many=True))
    @action(detail=True, methods=["get"])
    def lists(self, request: Request, pk: str) -> Response:
        """The agreement's four lists: latest and agreed versions, persons, verdicts."""
        return exchange_lists.lists_of(request, self.get_object())

    @extend_schema(request=exchange_lists.StartSerializer,
                   responses={201: exchange_lists.VersionSerializer})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="lists/versions")
    def start_version(self, request: Request, pk: str) -> Response:
        """A new draft of one of our lists, copied from its latest version."""
        return exchange_lists.start_version(request, self.get_object())

    @extend_schema(request={"multipart/form-data": exchange_lists.LoadSerializer},
                   responses={201: exchange_lists.VersionDetailSerializer})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="lists/load",
            parser_classes=[MultiPartParser, FormParser])  # fmt: skip
    def load_list(self, request: Request, pk: str) -> Response:
        """The other side's list from their file, every entry verified; refused whole, with
        each bad row named, when a row cannot be read."""
        return exchange_lists.load_list(request, self.get_object())
