"""The demo's exchange mirrors the seeds: the participants drawn for the three stages have
the composition the statements report, and running it (here at a smaller scale) leaves
the totals and statuses the pages show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.exchanges import selectors
from homeward.apps.exchanges.demo import (
    MARIUPOL_ON_SECOND_DAY,
    SECOND_DAY_DIRECTIONS,
    Want,
    _civilian,
    _military,
    _rank_category,
    _second_day,
    exchange_demo_loaded,
    load_exchange_demo,
    participants,
)
from homeward.apps.exchanges.models import Agreement
from homeward.apps.registry.demo import DEMO_SOURCES
from homeward.apps.registry.models import Person
from homeward.apps.registry.services import create_source


def test_the_seeds_three_stages_have_the_reported_composition() -> None:
    drawn = participants(524)
    assert [(len(ours), len(theirs)) for ours, theirs in drawn] == [(390, 390), (307, 307),
                                                                     (303, 303)]  # fmt: skip
    first, second, _third = (ours for ours, _theirs in drawn)
    assert Counter(p.category for p in first) == {"military": 270, "civilian": 120}
    assert {p.sex for p in second} == {"male"}
    assert {_rank_category(p) for p in second} == {"private", "sergeant"}
    assert {p.direction for p in second} == SECOND_DAY_DIRECTIONS
    assert sum("mariupol" in p.groups for p in second) == MARIUPOL_ON_SECOND_DAY
    assert {p.branch for p in second} >= {"border_guard", "national_guard", "navy"}
    everyone = [p for ours, theirs in drawn for p in ours + theirs]
    assert len({p.service_number for p in everyone if p.service_number}) == len(
        [p for p in everyone if p.service_number]
    )  # nobody twice
    assert all(p.capture_date and p.capture_date < dt.date(2025, 5, 23)
               for ours, _t in drawn for p in ours)  # fmt: skip


SMALL = (
    (dt.date(2025, 5, 23), (Want(3, _military), Want(2, _civilian))),
    (dt.date(2025, 5, 24), (Want(1, _second_day(True)), Want(2, _second_day(False)))),
)


@pytest.mark.django_db
def test_running_the_demo_exchange_leaves_totals_and_statuses(
    make_user: Callable[..., User], registrar: User
) -> None:
    for kind, (name, reliability) in DEMO_SOURCES.items():
        create_source(actor=registrar, kind=kind, name=name, reliability=reliability)
    officer, administrator = make_user("exchange_officer"), make_user("administrator")
    assert not exchange_demo_loaded()
    received = load_exchange_demo(officer=officer, registrar=registrar, confirmer=administrator,
                                  stages=SMALL)  # fmt: skip
    assert received == 8 and exchange_demo_loaded()
    agreement = Agreement.objects.get()
    totals = selectors.agreement_totals(agreement)
    assert [(s.received, s.handed_over, s.received_so_far) for s in totals.stages] == [
        (5, 5, 5), (3, 3, 8)
    ]  # fmt: skip
    assert agreement.status == "completed" and agreement.total == 8
    statuses = Counter(Person.objects.values_list("side", "current_status"))
    assert statuses == {("own", "returned"): 8, ("held", "exchanged"): 8}
    composition = selectors.composition(make_user("communications"), totals.stages[1].stage)
    assert composition["groups"] == {"Defenders of Mariupol": 1}
    assert verify_audit_trail().broken is None
