"""Deterministic synthetic registry data."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from homeward.core.dates import Precision
from homeward.core.names.normalize import Script, detect_script
from homeward.core.ranks import RANKS, RankCategory, rank_from_text
from homeward.core.status import EventFacts, Reliability, Side, Status, allowed_statuses
from homeward.core.status import derive_status as derive
from homeward.core.synthetic import (
    RU_MALE_NAMES,
    RU_PATRONYMIC,
    RU_SURNAMES,
    UK_FEMALE_NAMES,
    UK_MALE_NAMES,
    UK_SURNAMES,
    Generator,
    SyntheticPerson,
    uk_patronymic,
)

TODAY = dt.date(2025, 11, 1)


def _names(table: tuple[tuple[str, int], ...]) -> set[str]:
    return {name for name, _ in table}


@pytest.fixture(scope="module")
def mixed() -> list[SyntheticPerson]:
    """2000 people with the default share of the other side's soldiers."""
    return list(Generator(2025, today=TODAY).persons(2000))


@pytest.fixture(scope="module")
def own() -> list[SyntheticPerson]:
    """3000 of our own people only."""
    return list(Generator(11, today=TODAY).persons(3000, held_share=0.0))


@pytest.fixture(scope="module")
def held(mixed: list[SyntheticPerson]) -> list[SyntheticPerson]:
    people = [p for p in mixed if p.side == "held"]
    assert len(people) > 200  # the default share is 20 %
    return people


# --- determinism -------------------------------------------------------------------------


def test_same_seed_gives_the_same_people() -> None:
    first = list(Generator(7).persons(200))
    second = list(Generator(7).persons(200))
    assert first == second


def test_default_seed_is_stable() -> None:
    assert list(Generator().persons(20)) == list(Generator(2025).persons(20))


def test_different_seeds_give_different_people() -> None:
    def identities(seed: int) -> list[tuple[str, str, str, str]]:
        return [
            (p.surname, p.given_name, p.patronymic, p.service_number)
            for p in Generator(seed).persons(100)
        ]

    a, b = identities(1), identities(2)
    assert a != b
    # not just one person shuffled: most positions differ
    assert sum(x != y for x, y in zip(a, b, strict=True)) > 80


def test_generators_do_not_share_state() -> None:
    a, b = Generator(5), Generator(5)
    first_a = list(a.persons(10))
    list(Generator(6).persons(50))  # another generator in between must not matter
    assert first_a == list(b.persons(10))


def test_continuing_a_generator_gives_new_people() -> None:
    gen = Generator(3)
    first, second = list(gen.persons(50)), list(gen.persons(50))
    assert first != second
    assert list(Generator(3).persons(100)) == first + second


@pytest.mark.parametrize(("share", "side"), [(0.0, "own"), (1.0, "held")])
def test_held_share_extremes(share: float, side: str) -> None:
    assert {p.side for p in Generator(9).persons(200, held_share=share)} == {side}


def test_default_held_share_is_about_a_fifth(mixed: list[SyntheticPerson]) -> None:
    share = sum(p.side == "held" for p in mixed) / len(mixed)
    assert 0.15 < share < 0.25


# --- patronymics -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("father", "sex", "patronymic"),
    [
        ("Микола", "male", "Миколайович"),
        ("Микола", "female", "Миколаївна"),
        ("Сергій", "male", "Сергійович"),
        ("Сергій", "female", "Сергіївна"),
        ("Андрій", "male", "Андрійович"),
        ("Андрій", "female", "Андріївна"),
        ("Петро", "male", "Петрович"),
        ("Петро", "female", "Петрівна"),
        ("Дмитро", "male", "Дмитрович"),
        ("Павло", "female", "Павлівна"),
        ("Ілля", "male", "Ілліч"),
        ("Ілля", "female", "Іллівна"),
        ("Олександр", "male", "Олександрович"),
        ("Олександр", "female", "Олександрівна"),
        ("Василь", "male", "Васильович"),
        ("Василь", "female", "Васильівна"),
        ("Ігор", "female", "Ігорівна"),
    ],
)
def test_uk_patronymic(father: str, sex: str, patronymic: str) -> None:
    assert uk_patronymic(father, sex) == patronymic


def test_own_patronymics_come_from_the_fathers_name(own: list[SyntheticPerson]) -> None:
    fathers = _names(UK_MALE_NAMES)
    for p in own:
        assert p.father_name in fathers
        assert p.patronymic == uk_patronymic(p.father_name, p.sex)


def test_held_patronymics_are_russian(held: list[SyntheticPerson]) -> None:
    for p in held:
        assert p.patronymic == RU_PATRONYMIC[p.father_name]


# --- names and identities ----------------------------------------------------------------


def test_service_numbers_are_unique(mixed: list[SyntheticPerson]) -> None:
    numbers = [p.service_number for p in mixed if p.service_number]
    assert len(numbers) > 1500
    assert len(numbers) == len(set(numbers))


def test_service_numbers_match_side_and_category(mixed: list[SyntheticPerson]) -> None:
    for p in mixed:
        if p.category == "civilian":
            assert p.service_number == ""
        else:
            prefix = {"own": "UA", "held": "RU"}[p.side]
            assert re.fullmatch(rf"{prefix}-\d{{6}}", p.service_number), p.service_number


def test_oleksandr_is_the_most_common_given_name(own: list[SyntheticPerson]) -> None:
    counts = Counter(p.given_name for p in own)
    (top, top_count), (_, runner_up) = counts.most_common(2)
    assert top == "Олександр"
    assert top_count > runner_up


def test_name_skew_is_visible_in_surnames(own: list[SyntheticPerson]) -> None:
    counts = Counter(p.surname for p in own)
    frequent = counts["Мельник"] + counts["Шевченко"]
    rare = counts["Висоцький"] + counts["Висоцька"] + counts["Стельмах"]
    assert frequent > 5 * rare


def test_own_names_come_from_ukrainian_tables(own: list[SyntheticPerson]) -> None:
    male, female = _names(UK_MALE_NAMES), _names(UK_FEMALE_NAMES)
    for p in own:
        assert p.given_name in (female if p.sex == "female" else male)
        assert p.citizenship == "Україна"


def test_women_are_a_small_minority_of_own_people(own: list[SyntheticPerson]) -> None:
    women = sum(p.sex == "female" for p in own)
    assert 0 < women < len(own) * 0.15


def test_feminine_surnames_are_spelled_correctly(own: list[SyntheticPerson]) -> None:
    expected = {name for name in _names(UK_SURNAMES) if not name.endswith("ький")}
    expected |= {"Ковальська", "Висоцька"}
    used = {p.mother_maiden_name for p in own}
    used |= {p.surname for p in own if p.sex == "female"}
    assert used <= expected, used - expected


def test_held_people_are_men_with_russian_names(held: list[SyntheticPerson]) -> None:
    given, surnames = _names(RU_MALE_NAMES), _names(RU_SURNAMES)
    for p in held:
        assert p.sex == "male"
        assert p.category == "military"
        assert p.given_name in given
        assert p.surname in surnames
        assert p.citizenship == "Російська Федерація"
        full = f"{p.surname} {p.given_name} {p.patronymic}"
        assert detect_script(full) in (Script.RUSSIAN, Script.CYRILLIC), full


# --- ranks -------------------------------------------------------------------------------


def test_own_ranks_are_canonical_codes(own: list[SyntheticPerson]) -> None:
    codes = {rank.code for rank in RANKS}
    for p in own:
        if p.category == "civilian":
            assert p.rank == ""
        else:
            assert p.rank in codes


def test_most_own_soldiers_are_privates_and_sergeants(own: list[SyntheticPerson]) -> None:
    by_code = {rank.code: rank for rank in RANKS}
    military = [p for p in own if p.category == "military"]
    officers = sum(by_code[p.rank].category is RankCategory.OFFICER for p in military)
    assert 0 < officers < len(military) * 0.15


def test_held_ranks_are_understood(held: list[SyntheticPerson]) -> None:
    for p in held:
        rank = rank_from_text(p.rank)
        assert rank is not None, p.rank
        assert rank.category is not RankCategory.CIVILIAN


# --- capture -----------------------------------------------------------------------------


def test_mariupol_defenders(own: list[SyntheticPerson]) -> None:
    defenders = [p for p in own if "mariupol" in p.groups]
    assert len(defenders) > 10
    for p in defenders:
        assert p.capture_date is not None
        assert (p.capture_date.year, p.capture_date.month) in ((2022, 4), (2022, 5))
        assert p.capture_place == "Маріуполь"
        assert p.direction == "donetsk"
        assert p.category == "military"


def test_only_mariupol_defenders_are_captured_in_mariupol(mixed: list[SyntheticPerson]) -> None:
    for p in mixed:
        if p.capture_place == "Маріуполь":
            assert "mariupol" in p.groups


def test_capture_dates_are_in_the_war_and_before_today(mixed: list[SyntheticPerson]) -> None:
    for p in mixed:
        assert p.capture_date is not None
        assert dt.date(2022, 2, 1) <= p.capture_date <= TODAY
        if p.capture_precision is Precision.MONTH:
            assert p.capture_date.day == 1


def test_birth_dates_respect_precision(mixed: list[SyntheticPerson]) -> None:
    for p in mixed:
        if p.birth_precision is Precision.UNKNOWN:
            assert p.birth_date is None
        else:
            assert p.birth_date is not None
            assert dt.date(1965, 1, 1) <= p.birth_date <= dt.date(2004, 12, 31)
            if p.birth_precision is Precision.YEAR:
                assert (p.birth_date.month, p.birth_date.day) == (1, 1)


# --- events ------------------------------------------------------------------------------


def test_every_person_has_events(mixed: list[SyntheticPerson]) -> None:
    assert all(p.events for p in mixed)


def test_events_start_with_a_status_allowed_for_the_side(mixed: list[SyntheticPerson]) -> None:
    for p in mixed:
        assert Status(p.events[0].status) in allowed_statuses(Side(p.side))


def test_all_event_statuses_are_allowed_for_the_side(mixed: list[SyntheticPerson]) -> None:
    for p in mixed:
        allowed = allowed_statuses(Side(p.side))
        assert all(Status(e.status) in allowed for e in p.events), p.events


def test_events_start_on_the_capture_date(mixed: list[SyntheticPerson]) -> None:
    for p in mixed:
        assert p.events[0].date == p.capture_date


@pytest.mark.parametrize("today", [TODAY, dt.date(2023, 1, 1), dt.date(2022, 6, 1)])
def test_event_dates_are_ordered_and_not_in_the_future(today: dt.date) -> None:
    people = list(Generator(4, today=today).persons(1500))
    for p in people:
        dates = [e.date for e in p.events]
        assert dates == sorted(dates)
        assert dates[-1] <= today


def test_event_dates_stay_ordered_when_today_is_early_in_the_war() -> None:
    today = dt.date(2022, 5, 1)
    for p in Generator(4, today=today).persons(1500):
        dates = [e.date for e in p.events]
        assert dates == sorted(dates)
        assert dates[-1] <= today


def test_only_deceased_reports_carry_confirmation(mixed: list[SyntheticPerson]) -> None:
    confirmed = [e for p in mixed for e in p.events if e.confirmed]
    assert confirmed
    assert all(e.status == Status.DECEASED for e in confirmed)


def test_both_confirmed_and_unconfirmed_deaths_occur(own: list[SyntheticPerson]) -> None:
    deaths = [e for p in own for e in p.events if e.status == Status.DECEASED]
    assert {e.confirmed for e in deaths} == {True, False}


def test_derived_status_is_the_last_counted_rung(own: list[SyntheticPerson]) -> None:
    for p in own:
        facts = [
            EventFacts(
                id=i,
                status=Status(e.status),
                effective_date=e.date,
                reliability=Reliability.B,
                recorded_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i),
                confirmed=e.confirmed,
            )
            for i, e in enumerate(p.events)
        ]
        counted = [f for f in facts if f.status is not Status.DECEASED or f.confirmed]
        result = derive(facts)
        assert result.event_id == counted[-1].id
        assert len(result.awaiting_confirmation_ids) == len(facts) - len(counted)


def test_source_records_carry_the_persons_name(mixed: list[SyntheticPerson]) -> None:
    for p in mixed:
        assert p.records
        text = " ".join(value for _, row in p.records for value in row.values())
        assert p.surname.casefold() in text.casefold()
