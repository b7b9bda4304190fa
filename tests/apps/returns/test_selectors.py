"""What each role reads of the pipeline: the board, the cases, and never a finding
without the medical role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from homeward.apps.exchanges.models import Stage
from homeward.apps.registry.models import Person
from homeward.apps.returns import selectors, services
from homeward.apps.returns.models import ReturnCase
from tests.apps.returns.conftest import STAGE_DAY, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(officer: User, stage: Stage, ours: list[Person], coordinator: User,
              medic: User) -> list[ReturnCase]:  # fmt: skip
    for person in ours[:2]:
        receive(officer, stage, person)
    cases = [ReturnCase.objects.get(person=p) for p in ours[:2]]
    # The first has been through intake and examination; the second not even through intake.
    services.update_step(actor=coordinator, step_id=cases[0].steps.get(kind="handover_intake").pk,
                         state="done")  # fmt: skip
    services.update_step(actor=medic, step_id=cases[0].steps.get(kind="medical_examination").pk,
                         state="done", text="Shrapnel in the left leg.")  # fmt: skip
    return cases


def test_findings_are_not_even_loaded_without_the_medical_role(
    two_cases: list[ReturnCase], coordinator: User, medic: User
) -> None:
    case = two_cases[0]
    with CaptureQueriesContext(connection) as queries:
        steps = selectors.steps_for(coordinator, case)
    assert all("finding" not in q["sql"] for q in queries.captured_queries)
    exam = next(s for s in steps if s.kind == "medical_examination")
    assert exam.state == "done" and exam.finding == ""
    exam = next(s for s in selectors.steps_for(medic, case) if s.kind == "medical_examination")
    assert exam.finding == "Shrapnel in the left leg."


def test_roles_without_cases_or_persons_see_none(
    two_cases: list[ReturnCase], make_user: Callable[..., User]
) -> None:
    for role in ("communications", "auditor"):
        with pytest.raises(PermissionDenied):
            selectors.cases_for(make_user(role))
    assert selectors.cases_for(make_user("family_liaison")).count() == 2


def test_the_board_counts_where_cases_stand_and_what_is_late(
    two_cases: list[ReturnCase], coordinator: User, stage: Stage
) -> None:
    day_after = STAGE_DAY + dt.timedelta(days=2)
    board = selectors.board(coordinator, today=day_after)
    assert board.at_step == {"handover_intake": 1, "hospitalisation": 1}
    assert board.overdue == {"handover_intake": 1}  # due the day after the return
    assert board.per_stage == {stage.pk: board.at_step} and board.open_cases == 2
    later = selectors.board(coordinator, today=STAGE_DAY + dt.timedelta(days=5))
    assert later.overdue == {"handover_intake": 1, "medical_examination": 1}
    late = selectors.overdue_for(coordinator, today=STAGE_DAY + dt.timedelta(days=5))
    assert [(s.case_id, s.kind) for s in late] == [
        (two_cases[1].pk, "handover_intake"), (two_cases[1].pk, "medical_examination")]  # fmt: skip


def test_filters_by_agreement_stage_step_and_lateness(
    two_cases: list[ReturnCase], coordinator: User, stage: Stage
) -> None:
    def ids(**given: object) -> set[int]:
        filters = selectors.Filters(**given)  # type: ignore[arg-type]
        return set(
            selectors.cases_for(coordinator, filters, STAGE_DAY).values_list("pk", flat=True)
        )

    assert ids(stage=stage.pk) == ids(agreement=stage.agreement_id) == {c.pk for c in two_cases}
    assert ids(stage=stage.pk + 1) == set()
    assert ids(step="hospitalisation") == {two_cases[0].pk}
    assert ids(overdue=True) == set()  # on the day itself nothing is late yet
    assert ids(closed=True) == set()
