"""Comparison levels of candidate pairs, field by field (issue 3)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from homeward.core.linkage.columns import Encoder
from homeward.core.linkage.comparisons import (
    CODE_LEVELS,
    DATE_LEVELS,
    NAME_LEVELS,
    WORD_LEVELS,
    PairCache,
    by_value_pairs,
    compare,
    comparisons_for,
)

TODAY = dt.date(2025, 11, 1)


def _level(field: str, first: str, second: str, **context: str) -> str:
    """The level name of `field` for one pair of single-row tables."""
    encoder = Encoder(TODAY)
    columns_a = {"surname": ["Шевченко"], **{k: [v] for k, v in context.items()}, field: [first]}
    columns_b = {"surname": ["Шевченко"], **{k: [v] for k, v in context.items()}, field: [second]}
    a = encoder.encode(["a"], columns_a)
    b = encoder.encode(["b"], columns_b)
    comparisons = comparisons_for(a, b)
    names = [c.name for c in comparisons]
    k = names.index(field)
    zero = np.zeros(1, np.int64)
    levels = compare(comparisons, a, b, zero, zero, PairCache())
    return comparisons[k].levels[int(levels[0, k])]


@pytest.mark.parametrize(
    ("field", "first", "second", "level"),
    [
        ("surname", "Шевченко", "ШЕВЧЕНКО", "agree"),
        ("surname", "Шевченко", "Shevchenko", "agree"),
        ("surname", "Олійник", "Олейник", "agree"),  # the Russian form of the surname
        ("surname", "Ковальов", "Ковалёв", "agree"),
        ("given_name", "Олександр", "Александр", "agree"),  # the Russian form
        ("given_name", "Олександр", "Alexander", "agree"),
        ("patronymic", "Миколайович", "Николаевич", "agree"),
        ("given_name", "Олександр", "Олесандр", "close"),  # a typo
        ("surname", "Шевченко", "Шевчинко", "close"),
        ("given_name", "Олександр", "О", "initial"),
        ("given_name", "Олександр", "А", "initial"),  # the Russian form's initial
        ("given_name", "Олександр", "М", "different"),
        ("given_name", "Олександр", "Олексій", "different"),
        ("patronymic", "Миколайович", "Михайлович", "different"),
        ("surname", "Бойко", "Мельник", "different"),
        ("given_name", "Олександр", "", "missing"),
        ("given_name", "", "", "missing"),
    ],
)
def test_name_levels(field: str, first: str, second: str, level: str) -> None:
    assert _level(field, first, second) == level
    assert _level(field, second, first) == level


def test_two_equal_initials_agree_only_as_initials() -> None:
    assert _level("given_name", "О", "О") == "initial"
    assert _level("given_name", "О.", "о") == "initial"


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("21.03.1990", "21.03.1990", "exact"),
        ("21.03.1990", "1990-03-21", "exact"),
        ("05.03.1990", "03.05.1990", "swapped"),
        ("21.03.1990", "03.1990", "same_month"),
        ("21.03.1990", "1990", "same_year"),  # one side known to the year only
        ("1990", "1990", "same_year"),
        ("21.03.1990", "21.03.1991", "one_year_apart"),
        ("1990", "1989", "one_year_apart"),
        ("21.03.1990", "22.03.1990", "same_year_other_day"),
        ("21.03.1990", "21.03.1985", "different"),
        ("1990", "1970", "different"),
        ("21.03.1990", "", "unknown"),
        ("", "", "unknown"),
        ("21.03.1990", "31.02.1990", "unknown"),  # an unreadable date is unknown
    ],
)
def test_date_levels(first: str, second: str, level: str) -> None:
    assert _level("date_of_birth", first, second) == level
    assert _level("date_of_birth", second, first) == level


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("UA-123456", "ua-123 456", "same"),
        ("UA-123456", "UA-123457", "one_character"),
        ("UA-123456", "UA-124356", "one_character"),  # two digits transposed
        ("UA-123456", "UA-12345", "one_character"),
        ("UA-123456", "UA-654321", "different"),
        ("UA-123456", "UA-777999", "different"),
        ("123", "124", "different"),  # too short for a typo to be told from another number
        ("UA-123456", "", "missing"),
    ],
)
def test_service_number_levels(first: str, second: str, level: str) -> None:
    assert _level("service_number", first, second) == level


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("36 окрема бригада морської піхоти", "36 окрема бригада морської піхоти", "same"),
        ("36 окрема бригада морської піхоти", "бригада морської піхоти 36 окрема", "same"),
        ("36 окрема бригада морської піхоти", "36 ОБрМП", "similar"),  # the same number
        ("36 окрема бригада морської піхоти", "35 окрема бригада морської піхоти", "different"),
        ("в/ч 74268", "в/ч 12128", "different"),
        ("93 окрема механізована бригада", "Корабель управління «Донбас»", "different"),
        ("93 окрема механізована бригада", "", "missing"),
    ],
)
def test_unit_levels(first: str, second: str, level: str) -> None:
    assert _level("unit", first, second) == level


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("рядовий", "Рядовой", "same"),
        ("рядовий", "сержант", "different"),
        ("", "солдат", "missing"),
    ],
)
def test_rank_levels(first: str, second: str, level: str) -> None:
    assert _level("rank", first, second) == level


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [("Ч", "male", "same"), ("Ж", "male", "different"), ("", "male", "missing")],
)
def test_sex_levels(first: str, second: str, level: str) -> None:
    assert _level("sex", first, second) == level


def test_comparisons_are_made_only_for_fields_both_sides_have() -> None:
    encoder = Encoder(TODAY)
    a = encoder.encode(
        ["a"], {"surname": ["x"], "unit": ["1"], "rank": ["рядовий"]}, {"Телефон": ["1"]}
    )
    b = encoder.encode(
        ["b"], {"surname": ["x"], "unit": ["1"], "service_number": ["UA-1"]}, {"Телефон": ["1"]}
    )
    comparisons = comparisons_for(a, b)
    assert [c.name for c in comparisons] == [
        "surname",
        "given_name",
        "patronymic",
        "date_of_birth",
        "sex",
        "unit",
        "extra:Телефон",
    ]
    levels = {c.name: c.levels for c in comparisons}
    assert levels["surname"] == NAME_LEVELS and levels["date_of_birth"] == DATE_LEVELS
    assert levels["unit"] == WORD_LEVELS
    tf = {c.name: c.tf_level for c in comparisons}
    assert tf["surname"] == 1 and tf["date_of_birth"] is None and tf["extra:Телефон"] == 1
    assert CODE_LEVELS[0] == "missing"


def test_many_pairs_at_once_reuse_the_answer_per_value_pair() -> None:
    encoder = Encoder(TODAY)
    a = encoder.encode(["a", "b"], {"surname": ["Шевченко", "Бойко"]})
    b = encoder.encode(["c", "d", "e"], {"surname": ["ШЕВЧЕНКО", "ШЕВЧЕНКО", "Бойко"]})
    comparisons = comparisons_for(a, b)
    cache = PairCache()
    left = np.array([0, 0, 1, 1], np.int64)
    right = np.array([0, 1, 2, 0], np.int64)
    levels = compare(comparisons, a, b, left, right, cache)
    assert levels[:, 0].tolist() == [1, 1, 1, 5]
    # One comparison per distinct pair of different values, and none for a pair whose
    # letters cannot make them similar: (Шевченко, ШЕВЧЕНКО) only, not (Бойко, ШЕВЧЕНКО).
    assert len(cache.answers["surname"]) == 1


def test_by_value_pairs_calls_compare_once_per_distinct_pair() -> None:
    calls: list[tuple[int, int]] = []

    def compare_ids(x: int, y: int) -> int:
        calls.append((x, y))
        return 3

    a = np.array([1, 1, 2, 0, 4, 1], np.int32)
    b = np.array([2, 2, 2, 5, 0, 2], np.int32)
    cache: dict[int, int] = {}
    levels = by_value_pairs(a, b, compare_ids, cache)
    assert levels.tolist() == [3, 3, 1, 0, 0, 3]
    assert calls == [(1, 2)]
    by_value_pairs(a, b, compare_ids, cache)
    assert calls == [(1, 2)]  # answered from the cache


def test_by_value_pairs_rules_pairs_out_in_bulk() -> None:
    calls: list[tuple[int, int]] = []

    def compare_ids(x: int, y: int) -> int:
        calls.append((x, y))
        return 2

    def possible(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (x + y) % 2 == 0  # any rule: only these pairs need a look

    a = np.array([1, 1, 3, 2], np.int32)
    b = np.array([2, 3, 1, 2], np.int32)
    levels = by_value_pairs(a, b, compare_ids, {}, possible=possible, otherwise=5)
    assert levels.tolist() == [5, 2, 2, 1]
    assert sorted(calls) == [(1, 3), (3, 1)]


def test_units_with_different_numbers_are_different_without_fuzzy_matching() -> None:
    encoder = Encoder(TODAY)
    units = ["36 окрема бригада", "36-я отдельная бригада", "35 окрема бригада", "штаб", "Штаб ЗСУ"]
    a = encoder.encode(["a"] * len(units), {"surname": ["X"] * len(units), "unit": units})
    comparisons = comparisons_for(a, a)
    unit = next(k for k, c in enumerate(comparisons) if c.name == "unit")
    left = np.array([0, 0, 3, 1], np.int64)
    right = np.array([1, 2, 4, 2], np.int64)
    cache = PairCache()
    levels = compare(comparisons, a, a, left, right, cache)[:, unit]
    assert levels.tolist() == [2, 3, 2, 3]  # similar, different, similar, different
    assert len(cache.answers["unit"]) == 2  # 36/35 and 36-я/35 settled by their numbers
