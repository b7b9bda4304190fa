"""Reads of the after-return pipeline, with the roles applied: cases for those who may see
persons and cases; what a medical step found only for the medical role (other roles see
the step's state, never the finding)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.apps.common.permissions import Actor, Perm, has
from homeward.apps.returns.models import CaseStep, ReturnCase
from homeward.core.returns import FINISHED, StepKind

MAY_VIEW = Perm.VIEW_RETURN_CASE
FINISHED_STATES = [s.value for s in FINISHED]


def may_view(user: Actor) -> bool:
    return has(user, MAY_VIEW, Perm.VIEW_PERSON)


def _require(user: Actor) -> None:
    if not may_view(user):
        raise PermissionDenied(_("You may not see return cases."))


def _current_step() -> Subquery:
    """The kind of a case's first unfinished step: where the case stands."""
    return Subquery(
        CaseStep.objects.filter(case=OuterRef("pk"))
        .exclude(state__in=FINISHED_STATES)
        .order_by("order", "id")
        .values("kind")[:1]
    )


@dataclass(frozen=True)
class Filters:
    agreement: int | None = None
    stage: int | None = None
    step: str = ""  # the step cases stand at
    overdue: bool = False
    closed: bool = False  # closed cases instead of open ones


def cases_for(user: Actor, filters: Filters = Filters(), today: dt.date | None = None
              ) -> QuerySet[ReturnCase]:  # fmt: skip
    """The cases the filters ask for, each with `current` (the step it stands at)."""
    today = today or timezone.localdate()
    qs = every_case_for(user).filter(closed_at__isnull=not filters.closed)
    qs = _in_scope(qs, filters)
    if filters.step:
        qs = qs.filter(current=filters.step)  # type: ignore[misc]
    if filters.overdue:
        qs = qs.filter(id__in=_overdue_steps(today).values("case_id"))
    return qs.order_by("returned_on", "id")


def _in_scope(qs: QuerySet[Any], filters: Filters, via: str = "") -> QuerySet[Any]:
    """Narrowed to the filters' agreement and stage (`via`: the path to the case)."""
    if filters.agreement:
        qs = qs.filter(**{f"{via}stage_member__stage__agreement_id": filters.agreement})
    if filters.stage:
        qs = qs.filter(**{f"{via}stage_member__stage_id": filters.stage})
    return qs


def every_case_for(user: Actor) -> QuerySet[ReturnCase]:
    """Open and closed cases, each with `current`."""
    _require(user)
    cases: QuerySet[ReturnCase] = ReturnCase.objects.select_related(
        "person", "stage_member__stage__agreement"
    ).annotate(current=_current_step())
    return cases


def case_for(user: Actor, pk: int) -> ReturnCase:
    _require(user)
    case: ReturnCase = get_object_or_404(
        ReturnCase.objects.select_related("person", "stage_member__stage__agreement",
                                          "opened_by", "closed_by"), pk=pk)  # fmt: skip
    return case


def can_view_medical(user: Actor) -> bool:
    return has(user, Perm.VIEW_MEDICAL)


def steps_for(user: Actor, case: ReturnCase) -> list[CaseStep]:
    """A case's steps; without the medical role, medical findings are never loaded and
    read as empty."""
    _require(user)
    qs = case.steps.select_related("assignee", "updated_by").order_by("order", "id")
    medical = can_view_medical(user)
    if not medical:
        qs = qs.defer("finding")
    steps = list(qs)
    if not medical:
        for step in steps:
            step.finding = ""
    return steps


def _overdue_steps(today: dt.date) -> QuerySet[CaseStep]:
    return CaseStep.objects.filter(case__closed_at__isnull=True, due_on__lt=today).exclude(
        state__in=FINISHED_STATES
    )


@dataclass
class Board:
    """How many open cases stand at each step, and how many steps of each kind are late,
    overall and per stage (None: cases opened by hand)."""

    at_step: Counter[str] = field(default_factory=Counter)
    overdue: Counter[str] = field(default_factory=Counter)
    per_stage: dict[int | None, Counter[str]] = field(default_factory=dict)
    stages: dict[int, str] = field(default_factory=dict)
    open_cases: int = 0
    closed_cases: int = 0


def board(user: Actor, filters: Filters = Filters(), today: dt.date | None = None) -> Board:
    today = today or timezone.localdate()
    scope = Filters(agreement=filters.agreement, stage=filters.stage)
    cases = cases_for(user, scope, today)
    result = Board()
    rows = cases.values_list(  # type: ignore[misc]
        "current", "stage_member__stage_id", "stage_member__stage__agreement__title",
        "stage_member__stage__number",
    )  # fmt: skip
    for current, stage_id, title, number in rows:
        kind = current or StepKind.CLOSURE.value
        result.at_step[kind] += 1
        result.per_stage.setdefault(stage_id, Counter())[kind] += 1
        if stage_id is not None:
            result.stages[stage_id] = _("%(agreement)s, stage %(number)d") % {
                "agreement": title, "number": number}  # fmt: skip
        result.open_cases += 1
    late = _overdue_steps(today).filter(case__in=cases.values("pk"))
    result.overdue.update(late.values_list("kind", flat=True))
    result.closed_cases = _in_scope(ReturnCase.objects.filter(closed_at__isnull=False),
                                    filters).count()  # fmt: skip
    return result


def overdue_for(user: Actor, filters: Filters = Filters(), today: dt.date | None = None,
                limit: int = 200) -> list[CaseStep]:  # fmt: skip
    """Late steps of open cases, the longest overdue first."""
    _require(user)
    today = today or timezone.localdate()
    qs = _overdue_steps(today).select_related("case__person", "assignee").defer("finding")
    qs = _in_scope(qs, filters, via="case__")
    return list(qs.order_by("due_on", "case_id", "order")[:limit])


def open_case_of(user: Actor, person_id: int) -> ReturnCase | None:
    _require(user)
    return ReturnCase.objects.filter(person_id=person_id, closed_at__isnull=True).first()


def cases_of_person(user: Actor, person_id: int) -> QuerySet[ReturnCase]:
    _require(user)
    cases: QuerySet[ReturnCase] = ReturnCase.objects.filter(person_id=person_id)
    return cases.annotate(current=_current_step())
