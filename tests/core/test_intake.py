"""Rows of an incoming list read into person fields, with every problem named."""

from __future__ import annotations

import datetime as dt

import pytest

from homeward.core.intake import engine_columns, prepare_list
from homeward.core.tabular import read_table

TODAY = dt.date(2026, 11, 22)


def _prepare(text: str, **overrides: str) -> object:
    return prepare_list(read_table("list.csv", data=text.encode()), overrides, TODAY)


def test_a_full_name_in_russian_order_is_split_and_title_cased() -> None:
    prepared = _prepare(
        "ФИО;Дата рождения;Пол;Звание\nШЕВЧЕНКО Александр Николаевич;21.03.90;м;рядовой\n"
    )
    [row] = prepared.rows  # type: ignore[attr-defined]
    assert row.record_id == "row 2"
    assert row.fields["surname"] == "Шевченко"
    assert (row.fields["given_name"], row.fields["patronymic"]) == ("Александр", "Николаевич")
    assert (row.fields["birth_date"], row.fields["birth_date_precision"]) == ("1990-03-21", "day")
    assert (row.fields["sex"], row.fields["rank"]) == ("male", "soldier")
    assert row.cells["ФИО"] == "ШЕВЧЕНКО Александр Николаевич"  # verbatim


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        ("1;Бойко Іван;31.02.1990;ч", "Дата народження", "not a real date"),
        ("1;Бойко Іван;2030;ч", "Дата народження", "future"),
        ("1;;1990;ч", "ПІБ", "no name"),
        ("1;Бойко Іван;1990;x", "Стать", "not a sex"),
        (";Бойко Іван;1990;ч", "id", "the id is empty"),
    ],
)
def test_each_problem_names_its_row_and_column(line: str, column: str, words: str) -> None:
    prepared = _prepare(f"id;ПІБ;Дата народження;Стать\n{line}\n")
    assert not prepared.rows  # type: ignore[attr-defined]
    [problem] = prepared.problems  # type: ignore[attr-defined]
    assert (problem.row, problem.column) == (2, column)
    assert words in problem.message


def test_a_surname_without_a_given_name_is_accepted_for_review() -> None:
    prepared = _prepare("id;Прізвище;По батькові;Дата народження\n1;Онищенко;Володимирович;1979\n")
    [row] = prepared.rows  # type: ignore[attr-defined]
    assert (row.fields["surname"], row.fields["given_name"]) == ("Онищенко", "")


def test_a_repeated_id_names_the_first_row() -> None:
    prepared = _prepare("id;ПІБ\n1;Бойко Іван\n1;Мельник Петро\n")
    assert [r.number for r in prepared.rows] == [2]  # type: ignore[attr-defined]
    [problem] = prepared.problems  # type: ignore[attr-defined]
    assert (problem.row, problem.message) == (3, "the id 1 repeats row 2")


def test_a_value_too_long_for_the_registry_is_a_problem() -> None:
    prepared = _prepare(f"id;Прізвище;Ім'я\n1;{'Б' * 101};Іван\n")
    [problem] = prepared.problems  # type: ignore[attr-defined]
    assert problem.column == "Прізвище" and "at most 100" in problem.message


def test_an_unknown_rank_is_kept_verbatim_not_refused() -> None:
    prepared = _prepare("id;ПІБ;Звание\n1;Бойко Іван;гвардии кто-то\n")
    [row] = prepared.rows  # type: ignore[attr-defined]
    assert row.fields["rank"] == "" and row.cells["Звание"] == "гвардии кто-то"


def test_mapping_overrides_and_engine_columns() -> None:
    prepared = _prepare("код;хто;примітка\n7;Бойко Іван Іванович;поранений\n", код="record_id",
                        хто="full_name")  # fmt: skip
    assert prepared.mapping == {"код": "record_id", "хто": "full_name"}  # type: ignore[attr-defined]
    assert prepared.unmapped == ["примітка"]  # type: ignore[attr-defined]
    ids, columns, extras = engine_columns(prepared.rows, prepared.mapping)  # type: ignore[attr-defined]
    assert ids == ["7"]
    assert columns == {"full_name": ["Бойко Іван Іванович"]}
    assert extras == {"примітка": ["поранений"]}


def test_an_unknown_field_in_the_mapping_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        _prepare("a\n1\n", a="shoe_size")
