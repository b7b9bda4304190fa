"""Cases open by themselves when one of ours is received, and by hand for other releases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from homeward.apps.audit.models import AuditEntry
from homeward.apps.exchanges import services as exchanges
from homeward.apps.exchanges.models import Stage
from homeward.apps.registry.models import Person
from homeward.apps.returns import services
from homeward.apps.returns.models import ReturnCase, StepTemplate
from homeward.core.returns import DEFAULT_PLAN
from tests.apps.returns.conftest import STAGE_DAY, receive

pytestmark = pytest.mark.django_db


def test_the_seeded_templates_are_the_default_plan_for_each_category() -> None:
    for category in ("military", "civilian"):
        rows = StepTemplate.objects.filter(category=category).order_by("order")
        assert [(t.kind, t.owner_role, t.deadline_days, t.optional) for t in rows] == [
            (p.kind.value, p.owner_role, p.deadline_days, p.optional) for p in DEFAULT_PLAN
        ]


def test_receiving_one_of_ours_opens_a_case_with_the_templates_steps(
    officer: User, stage: Stage, ours: list[Person]
) -> None:
    receive(officer, stage, ours[0])
    case = ReturnCase.objects.get(person=ours[0])
    assert case.release == "exchange" and case.returned_on == STAGE_DAY
    assert case.stage_member == stage.members.get(person=ours[0])
    steps = list(case.steps.order_by("order"))
    assert [s.kind for s in steps] == [p.kind.value for p in DEFAULT_PLAN]
    assert steps[0].due_on == STAGE_DAY + dt.timedelta(days=1)  # the intake, next day
    assert {s.state for s in steps} == {"pending"}
    entry = AuditEntry.objects.get(action="return_case.open")
    assert entry.actor == officer and entry.after["stage_member"] == case.stage_member_id


def test_theirs_handed_over_and_ours_not_received_open_no_case(
    officer: User, stage: Stage, ours: list[Person], theirs: list[Person]
) -> None:
    receive(officer, stage, theirs[0], "handed_over")
    receive(officer, stage, ours[1], "refused")
    assert not ReturnCase.objects.exists()


def test_whoever_came_instead_gets_the_case(
    officer: User, stage: Stage, ours: list[Person]
) -> None:
    member = stage.members.get(person=ours[1])
    exchanges.record_outcome(actor=officer, member_id=member.pk, outcome="substituted",
                             substitute=ours[2])  # fmt: skip
    assert list(ReturnCase.objects.values_list("person", flat=True)) == [ours[2].pk]


def test_a_changed_template_shapes_later_cases_only(
    officer: User, stage: Stage, ours: list[Person]
) -> None:
    receive(officer, stage, ours[0])
    StepTemplate.objects.filter(category="military", kind="hospitalisation").update(active=False)
    StepTemplate.objects.filter(category="military", kind="debrief").update(deadline_days=7)
    receive(officer, stage, ours[1])
    first, second = (ReturnCase.objects.get(person=p) for p in ours[:2])
    assert first.steps.filter(kind="hospitalisation").exists()
    assert not second.steps.filter(kind="hospitalisation").exists()
    assert second.steps.get(kind="debrief").due_on == STAGE_DAY + dt.timedelta(days=7)


def test_a_category_without_active_steps_falls_back_to_the_built_in_plan(
    officer: User, stage: Stage, ours: list[Person]
) -> None:
    StepTemplate.objects.filter(category="military").update(active=False)
    receive(officer, stage, ours[0])
    assert ReturnCase.objects.get().steps.count() == len(DEFAULT_PLAN)


def test_a_case_opens_by_hand_from_the_registrys_report_of_release(
    coordinator: User, person: Person, report: Callable[..., Any]
) -> None:
    with pytest.raises(ValidationError, match="not recorded as returned or released"):
        services.open_case(actor=coordinator, person_id=person.pk, release="release")
    event = report(person, "released", "2024-06-10")
    event.effective_precision = "month"
    event.save()
    case = services.open_case(actor=coordinator, person_id=person.pk, release="release",
                              note="Released by the other side with ICRC mediation")  # fmt: skip
    assert case.returned_on == dt.date(2024, 6, 10) and case.returned_precision == "month"
    assert case.stage_member is None and case.steps.count() == len(DEFAULT_PLAN)
    with pytest.raises(ValidationError, match="already has an open return case"):
        services.open_case(actor=coordinator, person_id=person.pk, release="escape")


def test_opening_by_hand_is_refused_for_exchanges_theirs_and_other_roles(
    coordinator: User, registrar: User, make_person: Callable[..., Person],
    report: Callable[..., Any],
) -> None:  # fmt: skip
    held = make_person(side="held", surname="Иванов", given_name="Сергей", patronymic="")
    own = make_person(surname="Бойко", given_name="Іван", patronymic="")
    report(own, "returned", "2024-06-10")
    with pytest.raises(ValidationError, match="exchanges open their cases"):
        services.open_case(actor=coordinator, person_id=own.pk, release="exchange")
    with pytest.raises(ValidationError, match="not one of ours"):
        services.open_case(actor=coordinator, person_id=held.pk, release="release")
    with pytest.raises(PermissionDenied):
        services.open_case(actor=registrar, person_id=own.pk, release="release")
    assert not ReturnCase.objects.exists()
