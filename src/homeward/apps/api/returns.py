"""The after-return pipeline through the API: cases with their steps (a medical step's
finding only for the medical role), the board, opening a case by hand, moving and assigning
steps. The same selectors and services as the pages (apps.returns)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.apps.api.disclosure import DisclosesPersons
from homeward.apps.api.permissions import RolePermissions, requires
from homeward.apps.api.serializers import PartialDateField
from homeward.apps.audit.access import disclose
from homeward.apps.payments import certificate as certificates
from homeward.apps.returns import debrief, selectors, services
from homeward.apps.returns.choices import ReleaseChoice, StepStateChoice
from homeward.apps.returns.models import CaseStep, ReturnCase, Sighting, StepTemplate


class StepSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    finding = serializers.SerializerMethodField(
        help_text="What a medical step found; null for other steps and for every role "
        "without medical access."
    )
    late = serializers.SerializerMethodField()

    class Meta:
        model = CaseStep
        fields = ["id", "kind", "order", "owner_role", "optional", "due_on", "assignee",
                  "state", "note", "finding", "late", "version", "updated_by",
                  "updated_at"]  # fmt: skip

    def get_finding(self, step: CaseStep) -> str | None:
        medical = selectors.can_view_medical(self.context["request"].user)
        return step.finding if step.medical and medical else None

    def get_late(self, step: CaseStep) -> bool:
        return step.state not in selectors.FINISHED_STATES and step.due_on < self.context["today"]


class CaseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    case_number = serializers.CharField(source="person.case_number")
    person_name = serializers.CharField(source="person.full_name")
    stage = serializers.IntegerField(source="stage_member.stage_id", allow_null=True,
                                     default=None)  # fmt: skip
    current = serializers.CharField(
        allow_null=True, default=None, help_text="The step the case stands at (null: closed)."
    )
    steps = serializers.SerializerMethodField()

    class Meta:
        model = ReturnCase
        fields = ["id", "person", "case_number", "person_name", "release", "returned_on",
                  "returned_precision", "category", "stage", "note", "opened_at", "closed_at",
                  "current", "steps"]  # fmt: skip

    @extend_schema_field(StepSerializer(many=True, allow_null=True))
    def get_steps(self, case: ReturnCase) -> list[dict[str, Any]] | None:
        if not self.context.get("with_steps"):
            return None
        steps = selectors.steps_for(self.context["request"].user, case)
        return list(StepSerializer(steps, many=True, context=self.context).data)


class SightingSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    seen = PartialDateField(help_text='When: a day, a month or a year ("2024-05").')

    class Meta:
        model = Sighting
        fields = ["id", "case", "told_name", "told_details", "place", "seen", "verdict",
                  "candidates", "person", "source_record", "status_event", "recorded_by",
                  "recorded_at", "decided_by"]  # fmt: skip
        read_only_fields = ["case", "verdict", "candidates", "person", "source_record",
                            "status_event", "recorded_by", "recorded_at", "decided_by"]  # fmt: skip


class DecideSightingSerializer(serializers.Serializer):  # type: ignore[type-arg]
    person = serializers.IntegerField(
        allow_null=True, help_text="The person seen; null: nobody in the registry."
    )


class OpenCaseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    person = serializers.IntegerField()
    release = serializers.ChoiceField(
        choices=[c for c in ReleaseChoice.choices if c[0] != ReleaseChoice.EXCHANGE]
    )
    note = serializers.CharField(default="", allow_blank=True)


class StepChangeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    state = serializers.ChoiceField(choices=StepStateChoice.choices, required=False)
    text = serializers.CharField(
        required=False, allow_blank=True,
        help_text="What was done: the finding of a medical step, the note of any other.",
    )  # fmt: skip
    version = serializers.IntegerField(
        required=False, help_text="The step's version as read: a stale one is refused."
    )


class BulkMoveSerializer(serializers.Serializer):  # type: ignore[type-arg]
    steps = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    state = serializers.ChoiceField(choices=StepStateChoice.choices)


class AssignSerializer(serializers.Serializer):  # type: ignore[type-arg]
    assignee = serializers.IntegerField(allow_null=True, help_text="A user id; null: the role.")


class BoardSerializer(serializers.Serializer):  # type: ignore[type-arg]
    open_cases = serializers.IntegerField()
    closed_cases = serializers.IntegerField()
    at_step = serializers.DictField(child=serializers.IntegerField())
    overdue = serializers.DictField(child=serializers.IntegerField())
    per_stage = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text='Stage id ("other": opened by hand) → step → open cases standing at it.',
    )


FILTERS = [
    OpenApiParameter("agreement", int), OpenApiParameter("stage", int),
    OpenApiParameter("step", str), OpenApiParameter("overdue", bool),
    OpenApiParameter("closed", bool),
]  # fmt: skip


def _filters(request: Request) -> selectors.Filters:
    params = request.query_params

    def number(name: str) -> int | None:
        value = params.get(name, "")
        return int(value) if value.isdigit() else None

    yes = ("1", "true")
    return selectors.Filters(
        agreement=number("agreement"), stage=number("stage"), step=params.get("step", ""),
        overdue=params.get("overdue") in yes, closed=params.get("closed") in yes,
    )  # fmt: skip


def _context(view: Any) -> dict[str, Any]:
    return {"request": view.request, "today": timezone.localdate()}


class ReturnCaseViewSet(
    DisclosesPersons,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,  # type: ignore[type-arg]
):
    """Return cases; a case's steps in its detail. POST opens a case by hand for one of ours
    who came home outside an exchange (return coordinators)."""

    serializer_class = CaseSerializer
    permission_classes = [requires(selectors.MAY_VIEW, services.MAY_COORDINATE)]
    person_field = "person_id"
    queryset = ReturnCase.objects.none()

    def get_queryset(self) -> QuerySet[ReturnCase]:
        user = self.request.user
        if self.action == "list":
            return selectors.cases_for(user, _filters(self.request))
        return selectors.every_case_for(user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**_context(self), "with_steps": self.action != "list"}

    @extend_schema(parameters=FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=OpenCaseSerializer, responses=CaseSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = OpenCaseSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        case = services.open_case(actor=request.user, person_id=data["person"],
                                  release=data["release"], note=data["note"])  # fmt: skip
        fresh = self.get_queryset().get(pk=case.pk)
        return Response(CaseSerializer(fresh, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)  # fmt: skip

    @extend_schema(methods=["GET"], responses=SightingSerializer(many=True))
    @extend_schema(methods=["POST"], request=SightingSerializer, responses=SightingSerializer)
    @action(detail=True, methods=["get", "post"],
            permission_classes=[requires(selectors.MAY_VIEW, services.MAY_WORK)])  # fmt: skip
    def sightings(self, request: Request, pk: str) -> Response:
        """Other prisoners the returnee saw; POST records one and matches it."""
        case = self.get_object()
        if request.method == "GET":
            sightings = list(case.sightings.order_by("id"))
            disclose(request, [case.person_id, *(s.person_id for s in sightings)])
            return Response(SightingSerializer(sightings, many=True).data)
        debrief.require_debriefer(request.user, case)
        given = SightingSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        sighting = debrief.record_sighting(
            actor=request.user, case_id=case.pk, told_name=data["told_name"],
            told_details=data.get("told_details", ""), place=data["place"], seen=data["seen"],
        )  # fmt: skip
        return Response(SightingSerializer(sighting).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(
        detail=True, methods=["get"],
        permission_classes=[requires(selectors.MAY_VIEW), requires(certificates.MAY_ISSUE)],
    )  # fmt: skip
    def certificate(self, request: Request, pk: str) -> HttpResponse:
        """The certificate of captivity and payments for the family (PDF); audited."""
        case = self.get_object()
        disclose(request, [case.person_id])
        return certificates.download(actor=request.user, case=case)

    @extend_schema(parameters=FILTERS[:2], responses=BoardSerializer)
    @action(detail=False, methods=["get"])
    def board(self, request: Request) -> Response:
        result = selectors.board(request.user, _filters(request))
        return Response({
            "open_cases": result.open_cases, "closed_cases": result.closed_cases,
            "at_step": dict(result.at_step), "overdue": dict(result.overdue),
            "per_stage": {str(k) if k else "other": dict(v) for k, v in result.per_stage.items()},
        })  # fmt: skip


class CaseStepViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """A case's step: PATCH moves it and/or records what was done; assign gives it to one
    person of its owner role."""

    serializer_class = StepSerializer
    permission_classes = [requires(selectors.MAY_VIEW, services.MAY_WORK)]
    queryset = CaseStep.objects.none()

    def _step(self, pk: str) -> CaseStep:
        step: CaseStep = get_object_or_404(CaseStep.objects.select_related("case"), pk=pk)
        selectors.case_for(self.request.user, step.case_id)
        return step

    def _fresh(self, step: CaseStep) -> Response:
        user = self.request.user
        fresh = next(s for s in selectors.steps_for(user, step.case) if s.pk == step.pk)
        return Response(StepSerializer(fresh, context=_context(self)).data)

    @extend_schema(request=StepChangeSerializer, responses=StepSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        step = self._step(pk)
        given = StepChangeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        services.update_step(actor=request.user, step_id=step.pk, state=data.get("state"),
                             text=data.get("text"), version=data.get("version"))  # fmt: skip
        return self._fresh(step)

    @extend_schema(request=BulkMoveSerializer, responses={200: dict})
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        """Many steps to one state at once, all or none."""
        given = BulkMoveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        moved = services.update_steps(actor=request.user, step_ids=data["steps"],
                                      state=data["state"])  # fmt: skip
        return Response({"moved": moved})

    @extend_schema(request=AssignSerializer, responses=StepSerializer)
    @action(detail=True, methods=["post"],
            permission_classes=[requires(selectors.MAY_VIEW, services.MAY_COORDINATE)])  # fmt: skip
    def assign(self, request: Request, pk: str) -> Response:
        step = self._step(pk)
        given = AssignSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        wanted = given.validated_data["assignee"]
        assignee = None if wanted is None else get_object_or_404(User, pk=wanted)
        services.assign_step(actor=request.user, step_id=step.pk, assignee=assignee)
        return self._fresh(step)


class SightingViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """A debrief's sighting: decided (this person, or nobody in the registry), or registered
    as a new person when nobody fits."""

    serializer_class = SightingSerializer
    permission_classes = [requires(selectors.MAY_VIEW, services.MAY_WORK)]
    queryset = Sighting.objects.none()

    def _sighting(self, pk: str) -> Sighting:
        sighting: Sighting = get_object_or_404(Sighting, pk=pk)
        case = selectors.case_for(self.request.user, sighting.case_id)
        debrief.require_debriefer(self.request.user, case)
        return sighting

    @extend_schema(request=DecideSightingSerializer, responses=SightingSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        sighting = self._sighting(pk)
        given = DecideSightingSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        decided = debrief.decide_sighting(actor=request.user, sighting_id=sighting.pk,
                                          person_id=given.validated_data["person"])  # fmt: skip
        return Response(SightingSerializer(decided).data)

    @extend_schema(request=None, responses=SightingSerializer)
    @action(detail=True, methods=["post"])
    def register(self, request: Request, pk: str) -> Response:
        sighting = self._sighting(pk)
        debrief.register_sighting(actor=request.user, sighting_id=sighting.pk)
        sighting.refresh_from_db()
        return Response(SightingSerializer(sighting).data, status=status.HTTP_201_CREATED)


class StepTemplateSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = StepTemplate
        fields = ["id", "category", "kind", "order", "owner_role", "deadline_days", "optional",
                  "active"]  # fmt: skip
        read_only_fields = ["category", "kind"]


class StepTemplateViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The after-return step templates per category (administrators); PATCH changes a
    step's order, owner role, deadline, optional and active. Open cases keep their steps."""

    serializer_class = StepTemplateSerializer
    permission_classes = [RolePermissions]
    queryset = StepTemplate.objects.order_by("category", "order", "id")
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.change_template(
            actor=self.request.user, template_id=serializer.instance.pk,
            **serializer.validated_data,
        )  # fmt: skip
