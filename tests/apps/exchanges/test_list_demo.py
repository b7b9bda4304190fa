"""The demo's lists: the seeds' exchange was agreed on lists before its stages, and the
other side's offer for the next exchange, loaded from its file, shows what verification
finds."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from homeward.apps.exchanges import list_selectors, lists
from homeward.apps.exchanges.demo import load_exchange_demo
from homeward.apps.exchanges.list_demo import (
    ALREADY_HOME,
    IN_CAPTIVITY,
    UNKNOWN,
    load_negotiation_demo,
    negotiation_demo_loaded,
    write_their_offer,
)
from homeward.apps.exchanges.models import Agreement
from homeward.apps.registry.demo import load_demo
from homeward.apps.registry.models import Person, StatusEvent
from tests.apps.exchanges.test_demo import SMALL

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(make_user: Callable[..., User], registrar: User) -> User:
    """The demo registry at a small size, with a small exchange run on it."""
    administrator, officer = make_user("administrator"), make_user("exchange_officer")
    load_demo(count=300, registrar=registrar, confirmer=administrator)
    load_exchange_demo(officer=officer, registrar=registrar, confirmer=administrator,
                       stages=SMALL)  # fmt: skip
    return officer


def test_the_seeds_exchange_was_agreed_on_lists_before_its_stages(demo: User) -> None:
    agreement = Agreement.objects.get()
    summaries = {s.kind.value: s for s in list_selectors.list_summaries(demo, agreement)}
    assert summaries["our_request"].agreed is not None and summaries["our_request"].entries == 8
    assert summaries["our_offer"].agreed is not None and summaries["our_offer"].entries == 8
    listed = StatusEvent.objects.filter(status="on_exchange_list")
    assert listed.count() == 16
    assert {e.effective_date for e in listed} == {dt.date(2025, 5, 16)}
    assert Person.objects.filter(current_status="on_exchange_list").count() == 0  # all went home


def test_their_offer_file_is_verified_as_the_demo_says(demo: User, tmp_path: Path) -> None:
    assert not negotiation_demo_loaded()
    agreement = load_negotiation_demo(officer=demo)
    assert negotiation_demo_loaded()
    path = write_their_offer(tmp_path / "demo" / "their-offer.csv")
    content = path.read_bytes()
    assert content.decode("cp1251").startswith("№;ФИО;Дата рождения;Звание;Личный номер")
    version = lists.load_their_list(actor=demo, agreement=agreement, kind="their_offer",
                                    file_name=path.name, content=content)  # fmt: skip
    entries = list(version.entries.all())
    assert len(entries) == IN_CAPTIVITY + ALREADY_HOME + 1 + UNKNOWN
    flags = Counter(f for e in entries for f in e.flags)
    assert flags["returned"] == ALREADY_HOME
    assert flags["duplicate"] == 2 and flags["birth_mismatch"] >= 1
    verdicts = Counter(e.verdict for e in entries)
    assert verdicts["unknown"] == UNKNOWN
    assert verdicts["confirmed"] + verdicts["possible"] == IN_CAPTIVITY + ALREADY_HOME + 1
    assert verdicts["confirmed"] >= IN_CAPTIVITY
