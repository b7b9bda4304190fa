"""Agreements, stages, outcomes and what they do to persons' statuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from homeward.apps.audit.models import AuditEntry
from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.exchanges import selectors, services
from homeward.apps.exchanges.models import Agreement, Stage, StageMember
from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db


def _planned(officer: User, stage: Stage, persons: list[Person]) -> dict[int, StageMember]:
    services.add_members(actor=officer, stage=stage, persons=persons)
    services.start_stage(actor=officer, stage_id=stage.pk)
    return {m.person_id: m for m in StageMember.objects.filter(stage=stage)}


def _outcome(officer: User, member: StageMember, outcome: str, **kw: object) -> StageMember:
    return services.record_outcome(actor=officer, member_id=member.pk, outcome=outcome, **kw)  # type: ignore[arg-type]


def test_a_formula_per_category_totals_its_quotas(officer: User) -> None:
    agreement = services.create_agreement(
        actor=officer, title="Обмін", formula="per_category",
        quotas={"military": 270, "civilian": 120, "remains": 0},
    )  # fmt: skip
    assert (agreement.total, agreement.quotas) == (390, {"military": 270, "civilian": 120})
    with pytest.raises(ValidationError, match="not a category"):
        services.create_agreement(actor=officer, title="x", formula="per_category",
                                  quotas={"officers": 3})  # fmt: skip
    with pytest.raises(ValidationError, match="Give N"):
        services.create_agreement(actor=officer, title="x", formula="n_for_n", total=0)


def test_only_exchange_officers_and_administrators_change_exchanges(
    make_user: Callable[..., User], agreement: Agreement
) -> None:
    for role in ("registrar", "medical_officer", "communications"):
        with pytest.raises(PermissionDenied):
            services.add_stage(actor=make_user(role), agreement=agreement,
                               date=dt.date(2025, 5, 23), receive_capacity=3)  # fmt: skip
    services.add_stage(actor=make_user("administrator"), agreement=agreement,
                       date=dt.date(2025, 5, 23), receive_capacity=3)  # fmt: skip


def test_stages_are_numbered_and_hand_over_by_the_ratio(
    officer: User, agreement: Agreement
) -> None:
    first = services.add_stage(actor=officer, agreement=agreement, date=dt.date(2025, 5, 23),
                               receive_capacity=10)  # fmt: skip
    second = services.add_stage(actor=officer, agreement=agreement, date=dt.date(2025, 5, 24),
                                receive_capacity=10, ratio=2)  # fmt: skip
    assert (first.number, first.hand_over_capacity) == (1, 10)
    assert (second.number, second.hand_over_capacity) == (2, 20)


def test_a_plan_over_capacity_or_with_someone_twice_is_refused_whole(
    officer: User, stage: Stage, ours: list[Person], theirs: list[Person]
) -> None:
    with pytest.raises(ValidationError, match="would have 4 persons to receive; it takes 3"):
        services.add_members(actor=officer, stage=stage, persons=ours)
    assert not StageMember.objects.exists()
    services.add_members(actor=officer, stage=stage, persons=[ours[0], theirs[0]])
    members = {m.person_id: m for m in StageMember.objects.all()}
    assert members[ours[0].pk].direction == "receive"
    assert members[theirs[0].pk].direction == "hand_over"
    with pytest.raises(ValidationError, match="already planned in this agreement"):
        services.add_members(actor=officer, stage=stage, persons=[ours[1], ours[0]])
    assert StageMember.objects.count() == 2


def test_received_and_handed_over_change_statuses_with_the_stage_as_evidence(
    officer: User, stage: Stage, ours: list[Person], theirs: list[Person]
) -> None:
    members = _planned(officer, stage, [ours[0], ours[1], theirs[0], theirs[1]])
    _outcome(officer, members[ours[0].pk], "received")
    _outcome(officer, members[theirs[0].pk], "handed_over")
    _outcome(officer, members[ours[1].pk], "refused", note="відмовився від обміну")
    _outcome(officer, members[theirs[1].pk], "no_show")
    for person, status in ((ours[0], "returned"), (theirs[0], "exchanged")):
        person.refresh_from_db()
        assert person.current_status == status
        event = person.status_events.get(status=status)
        assert event.effective_date == stage.date and event.reliability == "A"
        assert "1000 на 1000" in event.document and f"етап Homeward {stage.pk}" in event.document
        assert StageMember.objects.get(person=person).status_event == event
    ours[1].refresh_from_db()
    assert (
        ours[1].current_status != "returned"
        and not ours[1].status_events.filter(status="returned").exists()
    )
    assert AuditEntry.objects.filter(action="stage.outcome").count() == 4
    assert verify_audit_trail().broken is None


def test_outcomes_that_change_a_status_are_final_and_others_can_be_corrected(
    officer: User, stage: Stage, ours: list[Person]
) -> None:
    members = _planned(officer, stage, ours[:2])
    _outcome(officer, members[ours[0].pk], "received")
    with pytest.raises(ValidationError, match="final"):
        _outcome(officer, members[ours[0].pk], "no_show")
    _outcome(officer, members[ours[1].pk], "no_show")
    _outcome(officer, members[ours[1].pk], "received")  # he was brought after all
    ours[1].refresh_from_db()
    assert ours[1].current_status == "returned"
    with pytest.raises(ValidationError, match="not an outcome"):
        _outcome(officer, members[ours[1].pk], "handed_over")


def test_a_substitute_takes_the_planned_persons_place(
    officer: User, stage: Stage, ours: list[Person], theirs: list[Person]
) -> None:
    members = _planned(officer, stage, [ours[0], theirs[0]])
    with pytest.raises(ValidationError, match="Choose the person who came instead"):
        _outcome(officer, members[ours[0].pk], "substituted")
    with pytest.raises(ValidationError, match="same side"):
        _outcome(officer, members[ours[0].pk], "substituted", substitute=theirs[1])
    _outcome(officer, members[ours[0].pk], "substituted", substitute=ours[3])
    came = StageMember.objects.get(person=ours[3])
    assert (came.outcome, came.substitute_for_id) == ("received", members[ours[0].pk].pk)
    ours[3].refresh_from_db()
    ours[0].refresh_from_db()
    assert ours[3].current_status == "returned" and ours[0].current_status != "returned"
    [counts] = selectors.stage_counts([stage])
    # The substitute took a place: still one planned to receive, and one received.
    assert (counts.planned_receive, counts.received) == (1, 1)


def test_a_stage_completes_only_when_every_planned_person_has_an_outcome(
    officer: User, agreement: Agreement, stage: Stage, ours: list[Person], theirs: list[Person]
) -> None:
    members = _planned(officer, stage, [ours[0], ours[1], theirs[0], theirs[1]])
    assert Agreement.objects.get(pk=agreement.pk).status == "in_progress"
    _outcome(officer, members[ours[0].pk], "received")
    with pytest.raises(ValidationError, match="without an outcome yet: 3"):
        services.complete_stage(actor=officer, stage_id=stage.pk)
    _outcome(officer, members[ours[1].pk], "received")
    _outcome(officer, members[theirs[0].pk], "handed_over")
    _outcome(officer, members[theirs[1].pk], "handed_over")
    services.complete_stage(actor=officer, stage_id=stage.pk)
    with pytest.raises(ValidationError, match="completed"):
        _outcome(officer, members[ours[1].pk], "no_show")
    with pytest.raises(ValidationError, match="can no longer change"):
        services.add_members(actor=officer, stage=stage, persons=[ours[2]])
    # Two of six received: the agreement goes on.
    assert Agreement.objects.get(pk=agreement.pk).status == "in_progress"


def test_a_person_who_came_home_cannot_be_planned_again(
    officer: User, agreement: Agreement, stage: Stage, ours: list[Person]
) -> None:
    members = _planned(officer, stage, [ours[0]])
    _outcome(officer, members[ours[0].pk], "received")
    services.complete_stage(actor=officer, stage_id=stage.pk)
    later = services.add_stage(actor=officer, agreement=agreement, date=dt.date(2025, 5, 24),
                               receive_capacity=3)  # fmt: skip
    with pytest.raises(ValidationError, match="already planned in this agreement"):
        services.add_members(actor=officer, stage=later, persons=[ours[0]])


def test_outcomes_wait_for_the_day_to_start(
    officer: User, stage: Stage, ours: list[Person]
) -> None:
    [member] = services.add_members(actor=officer, stage=stage, persons=[ours[0]])
    with pytest.raises(ValidationError, match="start the exchange day first"):
        _outcome(officer, member, "received")


def test_outcomes_are_not_recorded_before_the_day(
    officer: User, agreement: Agreement, ours: list[Person]
) -> None:
    future = services.add_stage(actor=officer, agreement=agreement,
                                date=dt.date.today() + dt.timedelta(days=3),
                                receive_capacity=3)  # fmt: skip
    members = _planned(officer, future, [ours[0]])
    with pytest.raises(ValidationError, match="recorded on the day"):
        _outcome(officer, members[ours[0].pk], "received")
