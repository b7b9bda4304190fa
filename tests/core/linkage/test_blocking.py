"""Candidate pairs by blocking keys (issue 3)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from homeward.core.linkage import blocking
from homeward.core.linkage.blocking import (
    KeyIndex,
    Skeletons,
    record_keys,
    self_pairs,
    similarity_order,
)
from homeward.core.linkage.columns import Encoder, RecordTable

TODAY = dt.date(2025, 11, 1)

REGISTRY = {
    "surname": ["Шевченко", "Бойко", "Олійник", "Коваль", "Шевчук"],
    "given_name": ["Олександр", "Іван", "Петро", "Андрій", "Олександр"],
    "patronymic": ["Миколайович", "Петрович", "Іванович", "Олегович", "Миколайович"],
    "date_of_birth": ["21.03.1990", "1985", "02.02.1970", "01.01.1999", "21.03.1990"],
    "service_number": ["UA-111111", "", "", "UA-999999", ""],
}
SHEVCHENKO, BOIKO, OLIINYK, KOVAL, SHEVCHUK = range(5)


@pytest.fixture(scope="module")
def index() -> tuple[Encoder, Skeletons, KeyIndex, RecordTable]:
    encoder, skeletons = Encoder(TODAY), Skeletons()
    registry = encoder.encode([f"p{i}" for i in range(5)], REGISTRY)
    rows, keys = record_keys(registry, skeletons)
    return encoder, skeletons, KeyIndex.build(rows, keys), registry


def _candidates(
    index: tuple[Encoder, Skeletons, KeyIndex, RecordTable], **columns: str
) -> set[int]:
    encoder, skeletons, keys, registry = index
    incoming = encoder.encode(["x"], {k: [v] for k, v in columns.items()})
    rows, query = record_keys(incoming, skeletons)
    a, b = keys.candidates(rows, query, len(registry))
    assert set(a.tolist()) <= {0}
    return set(b.tolist())


def test_every_row_has_keys(index: tuple[Encoder, Skeletons, KeyIndex, RecordTable]) -> None:
    _, skeletons, _, registry = index
    rows, keys = record_keys(registry, skeletons)
    assert len(rows) == len(keys)
    assert set(rows.tolist()) == set(range(5))
    assert keys.dtype == np.int64


def test_the_same_record_finds_itself(
    index: tuple[Encoder, Skeletons, KeyIndex, RecordTable],
) -> None:
    found = _candidates(
        index,
        surname="Шевченко",
        given_name="Олександр",
        patronymic="Миколайович",
        date_of_birth="21.03.1990",
    )
    assert SHEVCHENKO in found
    assert BOIKO not in found and OLIINYK not in found


def test_the_russian_form_of_all_names(
    index: tuple[Encoder, Skeletons, KeyIndex, RecordTable],
) -> None:
    found = _candidates(
        index,
        surname="ШЕВЧЕНКО",
        given_name="Александр",
        patronymic="Николаевич",
        date_of_birth="1990",
    )
    assert SHEVCHENKO in found


def test_the_russian_form_of_a_surname(
    index: tuple[Encoder, Skeletons, KeyIndex, RecordTable],
) -> None:
    # Олійник is Олейник on the other side's list; the year is the only other thing known.
    assert _candidates(index, surname="ОЛЕЙНИК", given_name="Петр", date_of_birth="1970") == {
        OLIINYK
    }
    assert OLIINYK in _candidates(index, surname="Oleinik", given_name="Pyotr")


def test_a_misspelled_surname_meets_by_given_name_patronymic_and_year(
    index: tuple[Encoder, Skeletons, KeyIndex, RecordTable],
) -> None:
    found = _candidates(
        index,
        surname="Жевченко",  # the first letter misread
        given_name="Александр",
        patronymic="Николаевич",
        date_of_birth="1990",
    )
    assert SHEVCHENKO in found


def test_without_a_year(index: tuple[Encoder, Skeletons, KeyIndex, RecordTable]) -> None:
    assert SHEVCHENKO in _candidates(index, surname="Shevchenko", given_name="Oleksandr")
    assert BOIKO in _candidates(index, surname="Бойко", given_name="Иван")


def test_a_year_off_by_one(index: tuple[Encoder, Skeletons, KeyIndex, RecordTable]) -> None:
    found = _candidates(index, surname="Бойко", given_name="Іван", date_of_birth="1986")
    assert BOIKO in found


def test_names_in_reversed_order(index: tuple[Encoder, Skeletons, KeyIndex, RecordTable]) -> None:
    # "Олександр Шевченко" read as surname Олександр, given name Шевченко.
    found = _candidates(index, surname="Олександр", given_name="Шевченко")
    assert SHEVCHENKO in found
    found = _candidates(index, surname="Oleksandr", given_name="Shevchenko", date_of_birth="1990")
    assert SHEVCHENKO in found


def test_by_service_number_alone(index: tuple[Encoder, Skeletons, KeyIndex, RecordTable]) -> None:
    found = _candidates(index, surname="Нерозбірливо", service_number=" ua-999 999 ")
    assert found == {KOVAL}


def test_unrelated_names_find_nothing(
    index: tuple[Encoder, Skeletons, KeyIndex, RecordTable],
) -> None:
    assert _candidates(index, surname="Зеленський", given_name="Аполлінарій") == set()


def test_candidates_are_unique_and_sorted_by_query_row(
    index: tuple[Encoder, Skeletons, KeyIndex, RecordTable],
) -> None:
    encoder, skeletons, keys, registry = index
    incoming = encoder.encode(
        ["a", "b"],
        {
            "surname": ["Шевченко", "Бойко"],
            "given_name": ["Олександр", "Іван"],
            "patronymic": ["Миколайович", "Петрович"],
            "date_of_birth": ["21.03.1990", "1985"],
        },
    )
    rows, query = record_keys(incoming, skeletons)
    a, b = keys.candidates(rows, query, len(registry))
    pairs = list(zip(a.tolist(), b.tolist(), strict=True))
    assert len(pairs) == len(set(pairs))  # many shared keys, one pair
    assert pairs == sorted(pairs)
    assert (0, SHEVCHENKO) in pairs and (1, BOIKO) in pairs


def test_candidates_skip_blocks_larger_than_max_block(monkeypatch: pytest.MonkeyPatch) -> None:
    encoder, skeletons = Encoder(TODAY), Skeletons()
    # Three namesakes share every key; the fourth has a service number of its own.
    registry = encoder.encode(
        [f"p{i}" for i in range(4)],
        {
            "surname": ["Бойко"] * 3 + ["Мельник"],
            "given_name": ["Іван"] * 3 + ["Петро"],
            "date_of_birth": ["01.01.1980"] * 3 + ["02.02.1970"],
            "service_number": ["", "", "", "UA-100001"],
        },
    )
    rows, keys = record_keys(registry, skeletons)
    index = KeyIndex.build(rows, keys)
    incoming = encoder.encode(
        ["x", "y"],
        {
            "surname": ["Бойко", "Нерозбірливо"],
            "given_name": ["Іван", ""],
            "date_of_birth": ["01.01.1980", ""],
            "service_number": ["", "UA-100001"],
        },
    )
    q_rows, q_keys = record_keys(incoming, skeletons)
    a, b = index.candidates(q_rows, q_keys, len(registry))
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 0), (0, 1), (0, 2), (1, 3)]
    monkeypatch.setattr(blocking, "MAX_BLOCK", 2)
    a, b = index.candidates(q_rows, q_keys, len(registry))
    # The block of three selects nothing; the service number (a block of one) still meets.
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == [(1, 3)]


def _dedupe_table() -> RecordTable:
    return Encoder(TODAY).encode(
        [str(i) for i in range(7)],
        {
            "surname": [
                "Шевченко",
                "Shevchenko",
                "ШЕВЧЕНКО",
                "Бойко",
                "Бойко",
                "Мельник",
                "Коваль",
            ],
            "given_name": ["Олександр", "Oleksandr", "Александр", "Іван", "Иван", "Петро", "Ігор"],
            "date_of_birth": ["21.03.1990"] * 3 + ["1980", "1980", "1970", "1999"],
        },
    )


def test_self_pairs_are_unique_and_ordered() -> None:
    table = _dedupe_table()
    rows, keys = record_keys(table, Skeletons())
    a, b = self_pairs(rows, keys, len(table))
    pairs = list(zip(a.tolist(), b.tolist(), strict=True))
    assert all(i < j for i, j in pairs)
    assert len(pairs) == len(set(pairs))
    assert {(0, 1), (0, 2), (1, 2), (3, 4)} <= set(pairs)
    assert not any(5 in pair or 6 in pair for pair in pairs)


def test_self_pairs_respect_max_block(monkeypatch: pytest.MonkeyPatch) -> None:
    # Three identical records share every key (blocks of three); two others share theirs.
    table = Encoder(TODAY).encode(
        [str(i) for i in range(5)],
        {
            "surname": ["Бойко"] * 3 + ["Мельник"] * 2,
            "given_name": ["Іван"] * 3 + ["Петро"] * 2,
            "date_of_birth": ["01.01.1980"] * 3 + ["02.02.1970"] * 2,
        },
    )
    rows, keys = record_keys(table, Skeletons())
    a, b = self_pairs(rows, keys, len(table))
    assert set(zip(a.tolist(), b.tolist(), strict=True)) == {(0, 1), (0, 2), (1, 2), (3, 4)}
    monkeypatch.setattr(blocking, "MAX_BLOCK", 2)
    a, b = self_pairs(rows, keys, len(table))
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == [(3, 4)]
    monkeypatch.setattr(blocking, "MAX_BLOCK", 1)
    a, b = self_pairs(rows, keys, len(table))
    assert len(a) == len(b) == 0


def test_self_pairs_of_nothing() -> None:
    empty = np.zeros(0, np.int64)
    a, b = self_pairs(empty, empty, 0)
    assert len(a) == len(b) == 0


def _pairs(found: tuple[np.ndarray, np.ndarray]) -> set[tuple[int, int]]:
    return set(zip(found[0].tolist(), found[1].tolist(), strict=True))


def test_large_blocks_pair_each_row_with_its_nearest_neighbours_only() -> None:
    # Twelve men called Мельник born in 1990 (one block under surname + year), two of them
    # one person written twice, first and last in the file.
    given = ["Андрій", "Богдан", "Василь", "Григорій", "Дмитро", "Євген", "Захар", "Ігор",
             "Кирило", "Леонід", "Максим"]  # fmt: skip
    names = ["Назар", *given, "Назар"]
    table = Encoder(TODAY).encode(
        [str(i) for i in range(len(names))],
        {
            "surname": ["Мельник"] * len(names),
            "given_name": names,
            "date_of_birth": ["1990"] * len(names),
        },
    )
    skeletons = Skeletons()
    rows, keys = record_keys(table, skeletons)
    whole = _pairs(self_pairs(rows, keys, len(table), window=100))
    assert len(whole) == 13 * 12 // 2
    order = similarity_order(table, skeletons)
    windowed = _pairs(self_pairs(rows, keys, len(table), order, 3))
    assert (0, 12) in windowed  # side by side once sorted by name
    assert len(windowed) < len(whole) / 2
    # Record 1 (Андрій) and record 11 (Максим) share only the big block, ten places apart.
    assert (1, 11) not in windowed and (1, 11) in whole


def test_similarity_order_sorts_by_names_then_date() -> None:
    table = Encoder(TODAY).encode(
        ["0", "1", "2", "3"],
        {
            "surname": ["Шевченко", "Бойко", "Shevchenko", "Бойко"],
            "given_name": ["Іван", "Петро", "Ivan", "Петро"],
            "date_of_birth": ["1990", "1980", "1990", "1970"],
        },
    )
    rank = similarity_order(table, Skeletons()).tolist()
    assert sorted(rank) == [0, 1, 2, 3]
    assert abs(rank[0] - rank[2]) == 1 and abs(rank[1] - rank[3]) == 1
    assert rank[3] < rank[1]  # the same names: the earlier birth first
