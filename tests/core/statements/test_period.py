"""The statement on a period: the days, the exchanges' stages, those released otherwise
(withheld when few), the total so far, and the same account of who they are."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from homeward.core.statements.composition import Part, withheld_in
from homeward.core.statements.language import Lang, date_range, numbers
from homeward.core.statements.period import Exchange, PeriodFacts, period_statement
from homeward.core.statements.stage import Tally

MAY = PeriodFacts(
    start=dt.date(2025, 5, 23), end=dt.date(2025, 5, 25), received=1000,
    exchanges=(Exchange(n_for_n=True, total=1000, title="Обмін", stages=(1, 2, 3),
                        received=1000),),
    home_so_far=2503, military=880, civilians=120, men=929, women=71,
    ranks={"private": 587, "sergeant": 248, "officer": 45},
    groups=(Tally("Defenders of Mariupol", 27),), examined=1000, paid=120,
)  # fmt: skip


@pytest.mark.parametrize(("start", "end", "en", "uk"), [
    ((2025, 5, 24), (2025, 5, 24), "on 24 May 2025", "24 травня 2025 року"),
    ((2025, 5, 23), (2025, 5, 25), "between 23 and 25 May 2025", "з 23 по 25 травня 2025 року"),
    ((2025, 4, 28), (2025, 5, 3), "between 28 April and 3 May 2025",
     "з 28 квітня по 3 травня 2025 року"),
    ((2024, 12, 28), (2025, 1, 3), "between 28 December 2024 and 3 January 2025",
     "з 28 грудня 2024 року по 3 січня 2025 року"),
])  # fmt: skip
def test_periods_read_as_the_press_writes_them(
    start: tuple[int, int, int], end: tuple[int, int, int], en: str, uk: str
) -> None:
    assert date_range(Lang.EN, dt.date(*start), dt.date(*end)) == en
    assert date_range(Lang.UK, dt.date(*start), dt.date(*end)) == uk


def test_stage_numbers_as_a_run_or_a_list() -> None:
    assert numbers(Lang.EN, [3, 1, 2]) == "1–3"
    assert numbers(Lang.EN, [1, 3, 5]) == "1, 3 and 5"
    assert numbers(Lang.UK, [1, 2]) == "1 і 2"
    assert numbers(Lang.UK, [2]) == "2"


def test_the_days_of_an_exchange_in_both_languages() -> None:
    en = period_statement(MAY, Lang.EN, min_count=5).text
    assert en.startswith("1,000 people returned home from captivity between 23 and 25 May 2025")
    assert ("Between 23 and 25 May 2025, 1,000 people returned home from captivity. All of "
            "them came home in stages 1–3 of the 1000-for-1000 exchange.") in en  # fmt: skip
    assert "In all, 2,503 people have been brought home from captivity in exchanges so far." in en
    assert "Among them are 929 men and 71 women" in en
    assert "Of those who returned in this period, 1,000 people have completed" in en
    uk = period_statement(MAY, Lang.UK, min_count=5).text
    assert uk.startswith("З 23 по 25 травня 2025 року з полону повернулися 1\u00a0000 людей")
    assert "Усі вони повернулися під час етапів 1–3 обміну «1000 на 1000»." in uk
    assert "Загалом під час обмінів із полону вже повернуто 2\u00a0503 людини." in uk
    assert "З тих, хто повернувся за цей час, медичне обстеження" in uk


def test_those_released_otherwise_are_told_apart() -> None:
    mixed = replace(MAY, received=1012, released_otherwise=12, military=892)
    en = period_statement(mixed, Lang.EN, min_count=5).text
    assert ("Of them, 1,000 people came home in stages 1–3 of the 1000-for-1000 exchange "
            "and 12 people were released otherwise.") in en  # fmt: skip
    uk = period_statement(mixed, Lang.UK, min_count=5).text
    assert ("З них 1\u00a0000 людей — під час етапів 1–3 обміну «1000 на 1000»; 12 людей — "
            "звільнені в інший спосіб.") in uk  # fmt: skip


def test_a_few_released_otherwise_are_not_counted() -> None:
    few = replace(MAY, released_otherwise=2, others_withheld=True)
    en = period_statement(few, Lang.EN, min_count=5).text
    assert "Fewer than 5 people were also released otherwise; they are not counted here." in en
    assert " 2 " not in en and "1,002" not in en
    uk = period_statement(few, Lang.UK, min_count=5).text
    assert "Ще менше ніж 5 людей звільнено в інший спосіб; їх тут не враховано." in uk


def test_only_released_otherwise_and_nobody_at_all() -> None:
    released = replace(MAY, start=dt.date(2025, 6, 1), end=dt.date(2025, 6, 30), received=10,
                       exchanges=(), released_otherwise=10, military=10, civilians=0, men=10,
                       women=0, ranks={"private": 10}, groups=(), examined=0, paid=0)  # fmt: skip
    en = period_statement(released, Lang.EN, min_count=5).text
    assert en.startswith("10 defenders returned home from captivity between 1 and 30 June 2025")
    assert "All of them were released otherwise than in an exchange." in en
    nobody = replace(released, received=0, released_otherwise=0, men=0, military=0, ranks={})
    assert period_statement(nobody, Lang.EN).title == (
        "No one came home from captivity between 1 and 30 June 2025")  # fmt: skip
    assert period_statement(nobody, Lang.UK).title == (
        "З 1 по 30 червня 2025 року з полону ніхто не повернувся")  # fmt: skip
    assert "Those released from captivity" not in period_statement(nobody, Lang.EN).text


def test_a_period_withholds_what_its_stages_withheld() -> None:
    # stage 1: 296 men and 4 women, stage 2: 196 and 4, each withholding the sexes; the
    # period's 492 and 8 would give both stages' 4 away
    stages = [Part(received=300, military=300, men=296, women=4, ranks={"private": 300},
                   groups=(Tally("Defenders of Mariupol", 20),), examined=300),
              Part(received=200, military=200, men=196, women=4, ranks={"private": 200},
                   examined=200)]  # fmt: skip
    assert withheld_in(stages, 5) == frozenset({"sex"})
    facts = replace(MAY, received=500, military=500, civilians=0, men=492, women=8,
                    ranks={"private": 500}, groups=(Tally("Defenders of Mariupol", 20),),
                    examined=500, paid=0, withheld=withheld_in(stages, 5))  # fmt: skip
    text = period_statement(facts, Lang.EN, 5).text
    assert "492" not in text and "women" not in text
    assert "All of them are privates." in text  # told in each stage too
    assert "Among them are 20 Defenders of Mariupol." in text
    assert "500 people have completed the medical examination" in text
    # with nothing withheld in the stages, the period tells them
    told = replace(facts, men=480, women=20, withheld=frozenset())
    assert "Among them are 480 men and 20 women" in period_statement(told, Lang.EN, 5).text


def test_a_stage_too_small_to_describe_withholds_everything_from_its_period() -> None:
    few = Part(received=3, military=3, men=3, ranks={"private": 3},
               groups=(Tally("Defenders of Mariupol", 1),), examined=3)  # fmt: skip
    big = Part(received=300, military=300, men=300, ranks={"private": 300}, examined=300,
               paid=300)  # fmt: skip
    assert withheld_in([big, few], 5) == {"sex", "people", "examined", "paid",
                                          "group:Defenders of Mariupol"}  # fmt: skip
    assert withheld_in([big], 5) == frozenset()
    assert withheld_in([big, few], 0) == frozenset()


def test_a_period_whose_stages_withhold_who_they_are_says_people() -> None:
    soldiers = replace(MAY, military=1000, civilians=0)
    assert period_statement(soldiers, Lang.EN, 5).title.startswith("1,000 defenders")
    withheld = replace(soldiers, withheld=frozenset({"people"}))
    assert period_statement(withheld, Lang.EN, 5).title.startswith("1,000 people")
