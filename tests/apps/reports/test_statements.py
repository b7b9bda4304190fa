"""Statements written from the data: the demo exchange at a small scale, through the
command, in both languages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from homeward.apps.exchanges import services as exchanges
from homeward.apps.exchanges.demo import load_exchange_demo
from homeward.apps.exchanges.models import Stage, StageMember
from homeward.apps.registry.demo import DEMO_SOURCES
from homeward.apps.registry.models import Person
from homeward.apps.registry.services import add_status_event, create_source
from homeward.apps.reports.statements import find_stage, period_facts, stage_facts
from homeward.apps.returns.demo import load_returns_demo
from homeward.apps.returns.models import CaseStep, ReturnCase
from homeward.core.dates import PartialDate, Precision
from homeward.core.returns import StepKind, StepState
from homeward.core.statements.language import Lang
from tests.apps.exchanges.test_demo import SMALL

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(make_user: Callable[..., User], registrar: User) -> None:
    """SMALL: 3 military and 2 civilians received on 23 May, 3 men (1 of Mariupol) on the
    24th, from the second day's directions."""
    for kind, (name, reliability) in DEMO_SOURCES.items():
        create_source(actor=registrar, kind=kind, name=name, reliability=reliability)
    load_exchange_demo(officer=make_user("exchange_officer"), registrar=registrar,
                       confirmer=make_user("administrator"), stages=SMALL)  # fmt: skip
    load_returns_demo(coordinator=make_user("return_coordinator"),
                      medic=make_user("medical_officer"))  # fmt: skip


def statement(*args: str) -> str:
    out = StringIO()
    call_command("statement", *args, stdout=out)
    return out.getvalue()


def test_the_facts_of_the_second_day_come_from_the_data(demo: None) -> None:
    facts = stage_facts(find_stage(2), Lang.EN)
    assert (facts.received, facts.received_so_far, facts.agreement_total) == (3, 8, 8)
    assert (facts.day_of_exchange, facts.men, facts.women, facts.civilians) == (2, 3, 0, 0)
    assert set(facts.ranks) <= {"private", "sergeant"} and sum(facts.ranks.values()) == 3
    assert [(g.name, g.count) for g in facts.groups] == [("Defenders of Mariupol", 1)]
    assert facts.next_stage is None and facts.examined == 3 and facts.paid == 0
    assert sum(s.count for s in facts.services) == 3


def test_the_command_states_the_day_in_both_languages(demo: None) -> None:
    # the staff's own reading: every count, however small
    en = statement("--stage", "2", "--lang", "en", "--min-count", "0")
    assert en.startswith("3 defenders returned home from captivity")
    assert "It is the second day of the 8-for-8 exchange." in en
    assert "So far, 8 people have been brought home in this exchange, of the 8 agreed." in en
    assert "All 3 are men" in en and "one of the Defenders of Mariupol" in en
    uk = statement("--stage", "2", "--lang", "uk", "--min-count", "0")
    assert uk.startswith("З полону повернулися 3 захисники")
    assert "Це другий день обміну «8 на 8». Посередник — Туреччина." in uk
    assert "Загалом у межах обміну вже повернуто 8 людей із 8 домовлених." in uk
    first = statement("--stage", "1", "--lang", "en", "--min-count", "0")
    assert first.startswith("5 people returned home from captivity")
    assert "The second stage of the exchange will take place on 24 May." in first
    assert "as well as 2 civilians." in first


def test_by_default_the_command_withholds_what_a_public_statement_would(
    demo: None, settings: Any
) -> None:
    settings.HOMEWARD_PUBLIC_MIN_COUNT = 5
    second = statement("--stage", "2", "--lang", "en")
    # "people", not "defenders": too few to say who they are
    assert second.startswith("3 people returned home from captivity")
    assert "All 3" not in second and "Mariupol" not in second and "fought" not in second
    first = statement("--stage", "1", "--lang", "en")
    assert "5 people returned" in first and "2 civilians" not in first
    # one private, one sergeant, one officer and two civilians: with a threshold of 2 the
    # ones are small, so no rank is counted and the civilians, parts of the same total,
    # go unsaid; the sexes (3 and 2) are told
    settings.HOMEWARD_PUBLIC_MIN_COUNT = 2
    first = statement("--stage", "1", "--lang", "en")
    assert "Among them are 3 men and 2 women." in first
    assert "privates" not in first and "civilians" not in first


def test_the_command_states_a_period(demo: None) -> None:
    en = statement("--from", "2025-05-23", "--to", "2025-05-24", "--lang", "en",
                   "--min-count", "0")  # fmt: skip
    assert en.startswith("8 people returned home from captivity between 23 and 24 May 2025")
    assert "All of them came home in stages 1 and 2 of the 8-for-8 exchange." in en
    assert "In all, 8 people have been brought home from captivity in exchanges so far." in en
    assert "one of the Defenders of Mariupol" in en
    uk = statement("--from", "2025-05-24", "--lang", "uk", "--min-count", "0")
    assert uk.startswith("24 травня 2025 року з полону повернулися 3 захисники")
    assert "Усі вони повернулися під час етапу 2 обміну «8 на 8»." in uk
    with pytest.raises(CommandError, match="ends \\(2025-05-01\\) before it starts"):
        statement("--from", "2025-05-24", "--to", "2025-05-01")
    with pytest.raises(CommandError, match="--to goes with --from"):
        statement("--stage", "1", "--to", "2025-05-01")


def test_a_stage_that_does_not_exist_is_a_clear_error(demo: None) -> None:
    with pytest.raises(CommandError, match="No agreement has a stage 4"):
        statement("--stage", "4")
    with pytest.raises(CommandError, match="No agreement 999 has a stage 1"):
        statement("--stage", "1", "--agreement", "999")


def test_a_period_withholds_what_the_statements_on_its_stages_withhold(demo: None) -> None:
    # the second day's 3 are too few to describe: a period with that day says nothing of
    # who came home that the first day's statement would not, whatever its own counts
    facts = period_facts(dt.date(2025, 5, 23), dt.date(2025, 5, 24), Lang.EN, 5)
    assert {"sex", "people", "examined", "paid", "group:Defenders of Mariupol"} <= facts.withheld
    assert period_facts(dt.date(2025, 5, 23), dt.date(2025, 5, 24), Lang.EN, 0).withheld == set()


def test_those_released_otherwise_are_not_in_the_total_so_far(
    demo: None, make_person: Callable[..., Person], registrar: User
) -> None:
    # three escaped on 24 May: a total with them would differ from the stages' by 3
    for n in range(3):
        person = make_person(surname=f"Втікач{n}", service_number=f"UA-90{n}")
        add_status_event(actor=registrar, person=person, status="released", reliability="B",
                         effective=PartialDate(dt.date(2025, 5, 24), Precision.DAY),
                         document="Лист")  # fmt: skip
    facts = period_facts(dt.date(2025, 5, 24), dt.date(2025, 5, 24), Lang.EN, 5)
    assert (facts.received, facts.released_otherwise, facts.others_withheld) == (3, 3, True)
    assert facts.home_so_far == 8  # the exchange's 8, not 11


def test_a_period_counts_the_care_of_this_homecoming_only(
    make_person: Callable[..., Person], make_user: Callable[..., User], registrar: User
) -> None:
    # two of six came home before, were examined then, and were captured again
    officer = make_user("exchange_officer")
    persons = [make_person(surname=f"Повторний{n}", service_number=f"UA-55{n}") for n in range(6)]
    first = _received_in_a_stage(officer, "2024", dt.date(2024, 1, 10), persons[:2])
    examinations = CaseStep.objects.filter(kind=StepKind.MEDICAL_EXAMINATION)
    examinations.filter(case__stage_member__stage=first).update(state=StepState.DONE)
    ReturnCase.objects.update(closed_at=timezone.now())
    for person in persons[:2]:
        add_status_event(actor=registrar, person=person, status="confirmed_captive",
                         reliability="B", effective=PartialDate(dt.date(2024, 6, 1), Precision.DAY),
                         document="Лист")  # fmt: skip
    stage = _received_in_a_stage(officer, "2025", dt.date(2025, 5, 23), persons)
    assert stage_facts(stage, Lang.EN).examined == 0
    assert period_facts(dt.date(2025, 5, 19), dt.date(2025, 5, 25), Lang.EN, 0).examined == 0


def _received_in_a_stage(officer: User, title: str, day: dt.date, persons: list[Person]) -> Stage:
    agreement = exchanges.create_agreement(actor=officer, title=title, formula="n_for_n",
                                           total=len(persons))  # fmt: skip
    stage = exchanges.add_stage(actor=officer, agreement=agreement, date=day,
                                receive_capacity=len(persons))  # fmt: skip
    exchanges.add_members(actor=officer, stage=stage, persons=persons)
    exchanges.start_stage(actor=officer, stage_id=stage.pk)
    for member in StageMember.objects.filter(stage=stage):
        exchanges.record_outcome(actor=officer, member_id=member.pk, outcome="received")
    exchanges.complete_stage(actor=officer, stage_id=stage.pk)
    return stage
