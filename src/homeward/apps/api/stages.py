"""Stages of exchanges through the API: a stage's counts, its members and composition (only
for exchange officers until it is completed), starting it, recording each person's outcome
on the day, completing it; and, on an agreement, recording one, adding a stage and the
planner's proposal. The same services as the pages (exchanges.services, .planning)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.apps.api.permissions import requires
from homeward.apps.audit.access import disclose
from homeward.apps.exchanges import planning, selectors, services
from homeward.apps.exchanges.choices import AgreementStatusChoice, FormulaChoice, OutcomeChoice
from homeward.apps.exchanges.models import Agreement, Stage
from homeward.apps.registry import selectors as registry_selectors


def cached_totals(context: dict[str, Any], agreement: Agreement) -> selectors.AgreementTotals:
    """An agreement's totals, computed once per response however many objects need them."""
    cache: dict[int, selectors.AgreementTotals] = context.setdefault("totals", {})
    if agreement.pk not in cache:
        cache[agreement.pk] = selectors.agreement_totals(agreement)
    return cache[agreement.pk]


class AgreementCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField(max_length=200)
    formula = serializers.ChoiceField(choices=FormulaChoice.choices)
    total = serializers.IntegerField(min_value=0, default=0, help_text="N, for N for N.")
    quotas = serializers.DictField(
        child=serializers.IntegerField(min_value=0), default=dict,
        help_text="Per category: {category: persons to receive}.",
    )  # fmt: skip
    mediator = serializers.CharField(max_length=200, default="", allow_blank=True)
    venue = serializers.CharField(max_length=200, default="", allow_blank=True)
    negotiated_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(default="", allow_blank=True)
    status = serializers.ChoiceField(
        choices=[AgreementStatusChoice.AGREED.value, AgreementStatusChoice.NEGOTIATING.value],
        default=AgreementStatusChoice.AGREED.value,
    )


class StageCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    date = serializers.DateField()
    receive_capacity = serializers.IntegerField(min_value=1)
    hand_over_capacity = serializers.IntegerField(min_value=0, required=False, allow_null=True,
                                                  default=None)  # fmt: skip
    ratio = serializers.DecimalField(max_digits=5, decimal_places=2, default=Decimal(1))


class MemberSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    case_number = serializers.CharField(source="person.case_number")
    person_name = serializers.CharField(source="person.full_name")
    direction = serializers.CharField()
    category = serializers.CharField()
    outcome = serializers.CharField()
    substitute_for = serializers.IntegerField(source="substitute_for_id", allow_null=True)
    note = serializers.CharField()


class StageSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    counts = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField(
        help_text="Null unless the user runs exchanges, or the stage is completed and the "
        "user may see persons."
    )
    composition = serializers.SerializerMethodField()

    class Meta:
        model = Stage
        fields = ["id", "agreement", "number", "date", "status", "receive_capacity",
                  "hand_over_capacity", "ratio", "counts", "members", "composition"]  # fmt: skip

    def get_counts(self, stage: Stage) -> dict[str, int]:
        totals = cached_totals(self.context, stage.agreement)
        c = next(x for x in totals.stages if x.stage.pk == stage.pk)
        return {"planned_receive": c.planned_receive, "planned_hand_over": c.planned_hand_over,
                "received": c.received, "handed_over": c.handed_over, "open": c.open,
                "received_so_far": c.received_so_far}  # fmt: skip

    @extend_schema(responses=MemberSerializer(many=True, allow_null=True))
    def get_members(self, stage: Stage) -> list[dict[str, Any]] | None:
        user = self.context["request"].user
        if not selectors.may_see_members(user, stage):
            return None
        members = list(selectors.members_for(user, stage))
        disclose(self.context["request"], [member.person_id for member in members])
        return list(MemberSerializer(members, many=True).data)

    def get_composition(self, stage: Stage) -> dict[str, Any] | None:
        user = self.context["request"].user
        if not selectors.may_see_composition(user, stage):
            return None
        return selectors.composition(user, stage)


class OutcomeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    member = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=OutcomeChoice.choices)
    note = serializers.CharField(default="", allow_blank=True)
    substitute = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="The case number of the person who came instead (for substituted).",
    )  # fmt: skip


class PlanSerializer(serializers.Serializer):  # type: ignore[type-arg]
    pins = serializers.DictField(child=serializers.IntegerField(), default=dict,
                                 help_text="Case number → stage number.")  # fmt: skip
    excluded = serializers.ListField(child=serializers.CharField(), default=list)


def _proposal_json(proposal: planning.Proposal) -> dict[str, Any]:
    plan = proposal.plan
    return {
        "problems": [planning.words(p) for p in proposal.problems],
        "stages": [
            {"number": s.stage, "received": list(s.received), "handed_over": list(s.handed_over)}
            for s in (plan.stages if plan else ())
        ],
        "not_planned": list(plan.not_planned) if plan else [],
        "reasons": {
            str(case): {
                "reason": "over_quota" if str(case) in proposal.over_quota else e.reason.value,
                "stage": e.stage,
                "text": planning.words(proposal.why(case)),
            }
            for case, e in (plan.explanations.items() if plan else ())
        },
    }


def create_agreement(request: Request) -> Response:
    given = AgreementCreateSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    agreement = services.create_agreement(actor=request.user, **given.validated_data)
    return Response({"id": agreement.pk, "title": agreement.title, "total": agreement.total},
                    status=status.HTTP_201_CREATED)  # fmt: skip


def add_stage(request: Request, agreement: Agreement) -> Response:
    given = StageCreateSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    stage = services.add_stage(actor=request.user, agreement=agreement, **given.validated_data)
    data = StageSerializer(stage, context={"request": request}).data
    return Response(data, status=status.HTTP_201_CREATED)


def plan(request: Request, agreement: Agreement) -> Response:
    """GET: the proposal (pins and exclusions in the body are for POST; GET takes
    `excluded` repeated and `pin=CASE:STAGE` repeated). POST: apply it."""
    if request.method == "GET":
        pins = {}
        for item in request.query_params.getlist("pin"):
            case, _sep, number = item.partition(":")
            if number.strip().isdigit():
                pins[case.strip().upper()] = int(number)
        excluded = frozenset(c.strip().upper() for c in request.query_params.getlist("excluded"))
    else:
        given = PlanSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        pins = {c.upper(): n for c, n in given.validated_data["pins"].items()}
        excluded = frozenset(c.upper() for c in given.validated_data["excluded"])
    proposal = planning.propose(request.user, agreement, pins=pins, excluded=excluded)
    if request.method == "GET":
        return Response(_proposal_json(proposal))
    members = planning.apply_proposal(actor=request.user, proposal=proposal)
    return Response({**_proposal_json(proposal), "planned": len(members)},
                    status=status.HTTP_201_CREATED)  # fmt: skip


class StageViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Stages with their counts; members and composition only for exchange officers until
    the stage is completed."""

    serializer_class = StageSerializer
    permission_classes = [requires(selectors.MAY_VIEW, selectors.MAY_MANAGE)]
    queryset = Stage.objects.none()

    def get_queryset(self) -> QuerySet[Stage]:
        agreements = selectors.agreements_for(self.request.user)
        return Stage.objects.filter(agreement__in=agreements).select_related("agreement")

    def _fresh(self, stage: Stage) -> Response:
        stage = Stage.objects.select_related("agreement").get(pk=stage.pk)
        return Response(StageSerializer(stage, context={"request": self.request}).data)

    @extend_schema(request=None, responses=StageSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        stage = self.get_object()
        services.start_stage(actor=request.user, stage_id=stage.pk)
        return self._fresh(stage)

    @extend_schema(request=None, responses=StageSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        stage = self.get_object()
        services.complete_stage(actor=request.user, stage_id=stage.pk)
        return self._fresh(stage)

    @extend_schema(request=OutcomeSerializer, responses=StageSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: str) -> Response:
        stage = self.get_object()
        given = OutcomeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        member = stage.members.get(pk=d["member"])
        substitute = None
        if d["substitute"].strip():
            visible = registry_selectors.persons_for(request.user)
            substitute = visible.filter(case_number=d["substitute"].strip().upper()).first()
            if substitute is None:
                raise serializers.ValidationError(
                    {"substitute": [f"{d['substitute']}: no person has this case number."]}
                )
        services.record_outcome(actor=request.user, member_id=member.pk, outcome=d["outcome"],
                                note=d["note"], substitute=substitute)  # fmt: skip
        return self._fresh(stage)


PLAN_PARAMETERS = [
    OpenApiParameter("pin", str, many=True, description="CASE:STAGE, repeatable (GET)."),
    OpenApiParameter("excluded", str, many=True, description="A case number, repeatable (GET)."),
]
