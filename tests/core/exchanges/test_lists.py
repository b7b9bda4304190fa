"""What an entry of the other side's list is checked for."""

from __future__ import annotations

import pytest

from homeward.core.exchanges.lists import (
    Consent,
    Flag,
    ListKind,
    PersonFacts,
    Verdict,
    check_entry,
    verdict_of,
)
from homeward.core.status import Side, Status


def test_the_four_lists_name_one_side_each_and_two_come_from_the_other_side() -> None:
    assert {k: k.side for k in ListKind} == {
        ListKind.OUR_REQUEST: Side.OWN, ListKind.THEIR_OFFER: Side.OWN,
        ListKind.THEIR_REQUEST: Side.HELD, ListKind.OUR_OFFER: Side.HELD,
    }  # fmt: skip
    assert {k for k in ListKind if k.from_other_side} == {
        ListKind.THEIR_OFFER,
        ListKind.THEIR_REQUEST,
    }


def test_decisions_become_verdicts() -> None:
    assert [verdict_of(d) for d in ("match", "review", "new")] == [
        Verdict.CONFIRMED,
        Verdict.POSSIBLE,
        Verdict.UNKNOWN,
    ]


@pytest.mark.parametrize(
    ("status", "flag"),
    [
        (Status.RETURNED, Flag.RETURNED),
        (Status.RELEASED, Flag.RETURNED),
        (Status.FOUND, Flag.RETURNED),
        (Status.DECEASED, Flag.DECEASED),
        (Status.CONFIRMED_CAPTIVE, None),
        (None, None),
    ],
)
def test_ours_already_home_or_dead_are_flagged(status: Status | None, flag: Flag | None) -> None:
    flags = check_entry(PersonFacts(Side.OWN, status), [])
    assert flags == ([flag] if flag else [])


@pytest.mark.parametrize(
    ("facts", "flags"),
    [
        (PersonFacts(Side.HELD, Status.EXCHANGED), [Flag.HANDED_OVER]),
        (PersonFacts(Side.HELD, Status.RELEASED), [Flag.HANDED_OVER]),
        (PersonFacts(Side.HELD, Status.IN_CUSTODY, legal_hold=True), [Flag.LEGAL_HOLD]),
        (PersonFacts(Side.HELD, Status.IN_CUSTODY, consent=Consent.REFUSES), [Flag.NO_CONSENT]),
        (PersonFacts(Side.HELD, Status.IN_CUSTODY, consent=Consent.CONSENTS), []),
        (
            PersonFacts(Side.HELD, Status.DECEASED, legal_hold=True, consent=Consent.REFUSES),
            [Flag.DECEASED, Flag.LEGAL_HOLD, Flag.NO_CONSENT],
        ),
    ],
)
def test_persons_we_hold_are_checked_for_holds_and_consent(
    facts: PersonFacts, flags: list[Flag]
) -> None:
    assert check_entry(facts, []) == flags


def test_holds_and_consent_mean_nothing_for_our_people() -> None:
    facts = PersonFacts(Side.OWN, None, legal_hold=True, consent=Consent.REFUSES)
    assert check_entry(facts, []) == []


@pytest.mark.parametrize(
    ("levels", "flags"),
    [
        ([("date_of_birth", "exact"), ("unit", "same")], []),
        ([("date_of_birth", "same_year")], []),  # one side gives the year only
        ([("date_of_birth", "unknown"), ("unit", "missing")], []),
        ([("date_of_birth", "one_year_apart")], [Flag.BIRTH_MISMATCH]),
        ([("date_of_birth", "swapped")], [Flag.BIRTH_MISMATCH]),
        ([("date_of_birth", "same_year_other_day")], [Flag.BIRTH_MISMATCH]),
        ([("date_of_birth", "different")], [Flag.BIRTH_MISMATCH]),
        ([("unit", "similar")], []),
        ([("unit", "different"), ("surname", "different")], [Flag.UNIT_MISMATCH]),
    ],
)
def test_disagreeing_dates_of_birth_and_units_are_flagged(
    levels: list[tuple[str, str]], flags: list[Flag]
) -> None:
    assert check_entry(PersonFacts(Side.OWN, None), levels) == flags


def test_flags_come_in_one_order_whatever_found_them() -> None:
    facts = PersonFacts(Side.OWN, Status.RETURNED)
    levels = [("unit", "different"), ("date_of_birth", "different")]
    assert check_entry(facts, levels, duplicate=True) == [
        Flag.RETURNED,
        Flag.DUPLICATE,
        Flag.BIRTH_MISMATCH,
        Flag.UNIT_MISMATCH,
    ]
    assert check_entry(None, [], duplicate=True) == [Flag.DUPLICATE]
