"""Need-to-know: who is in a stage is secret until the stage is completed; the running
totals and the composition of what came home."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from homeward.apps.exchanges import selectors, services
from homeward.apps.exchanges.models import Agreement, Stage, StageMember
from homeward.apps.registry.models import Person, PersonGroup

pytestmark = pytest.mark.django_db

OTHERS = ("registrar", "medical_officer", "payments_officer", "family_liaison")


def _run(officer: User, stage: Stage, persons: list[Person], outcome: dict[int, str]) -> None:
    services.add_members(actor=officer, stage=stage, persons=persons)
    services.start_stage(actor=officer, stage_id=stage.pk)
    for member in StageMember.objects.filter(stage=stage):
        services.record_outcome(actor=officer, member_id=member.pk,
                                outcome=outcome.get(member.person_id, "received"
                                                    if member.direction == "receive"
                                                    else "handed_over"))  # fmt: skip


@pytest.mark.parametrize("role", OTHERS)
def test_a_plan_is_need_to_know_until_the_stage_is_completed(
    role: str, make_user: Callable[..., User], officer: User, stage: Stage, ours: list[Person],
    theirs: list[Person],
) -> None:  # fmt: skip
    other = make_user(role)
    services.add_members(actor=officer, stage=stage, persons=[ours[0], theirs[0]])
    assert selectors.members_for(officer, stage).count() == 2
    assert selectors.members_for(make_user("administrator"), stage).count() == 2
    with pytest.raises(PermissionDenied):
        selectors.members_for(other, stage)
    with pytest.raises(PermissionDenied):
        selectors.composition(other, stage)
    services.start_stage(actor=officer, stage_id=stage.pk)
    with pytest.raises(PermissionDenied):
        selectors.members_for(other, stage)
    for member in StageMember.objects.filter(stage=stage):
        services.record_outcome(actor=officer, member_id=member.pk,
                                outcome="received" if member.direction == "receive"
                                else "handed_over")  # fmt: skip
    services.complete_stage(actor=officer, stage_id=stage.pk)
    stage.refresh_from_db()
    assert selectors.members_for(other, stage).count() == 2
    assert selectors.composition(other, stage)["received"] == 1


def test_communications_see_counts_and_composition_but_no_one_by_name(
    make_user: Callable[..., User], officer: User, stage: Stage, ours: list[Person]
) -> None:
    _run(officer, stage, ours[:2], {})
    services.complete_stage(actor=officer, stage_id=stage.pk)
    stage.refresh_from_db()
    communications = make_user("communications")
    assert selectors.composition(communications, stage)["received"] == 2
    with pytest.raises(PermissionDenied):
        list(selectors.members_for(communications, stage))
    with pytest.raises(PermissionDenied):
        selectors.agreements_for(make_user("auditor"))


def test_running_totals_follow_the_stages(
    officer: User, agreement: Agreement, stage: Stage, ours: list[Person], theirs: list[Person]
) -> None:
    _run(officer, stage, [ours[0], ours[1], ours[2], theirs[0], theirs[1]],
         {ours[2].pk: "refused"})  # fmt: skip
    services.complete_stage(actor=officer, stage_id=stage.pk)
    second = services.add_stage(actor=officer, agreement=agreement, date=dt.date(2025, 5, 24),
                                receive_capacity=3)  # fmt: skip
    _run(officer, second, [ours[3], theirs[2]], {})
    totals = selectors.agreement_totals(agreement)
    first, then = totals.stages
    assert (first.planned_receive, first.received, first.handed_over) == (3, 2, 2)
    assert first.outcomes == {"received": 2, "refused": 1, "handed_over": 2}
    assert (then.received, then.received_so_far) == (1, 3)
    assert (totals.received, totals.handed_over, agreement.total) == (3, 3, 6)
    assert first.parity_gap == 0 and then.open == 0


def test_composition_counts_what_statements_report(
    officer: User, stage: Stage, make_person: Callable[..., Person]
) -> None:
    mariupol = PersonGroup.objects.create(code="mariupol-test", name_uk="Захисники Маріуполя",
                                          name_en="Defenders of Mariupol")  # fmt: skip
    men = [make_person(surname=f"Бойко{i}", service_number=f"UA-5{i}", rank_category="sergeant",
                       groups=[mariupol] if i < 2 else None) for i in range(3)]  # fmt: skip
    _run(officer, stage, men, {men[2].pk: "no_show"})
    counts = selectors.composition(officer, stage)
    assert counts["received"] == 2
    assert counts["sex"] == {"male": 2} and counts["rank_category"] == {"sergeant": 2}
    assert counts["groups"] == {"Defenders of Mariupol": 2}  # in the language of the page
    assert counts["category"] == {"military": 2}
