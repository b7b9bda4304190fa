"""Rows of incoming lists as linkage records (issue 3)."""

from __future__ import annotations

import datetime as dt

from homeward.core.linkage.records import prepare
from homeward.core.tabular import map_headers

TODAY = dt.date(2025, 11, 1)


def _prepare(cells: dict[str, str]):  # type: ignore[no-untyped-def]
    return prepare("r1", cells, map_headers(cells), TODAY)


def test_the_other_sides_row_in_one_full_name_field() -> None:
    record, problems = _prepare(
        {
            "ФИО": "ШЕВЧЕНКО Александр Николаевич",
            "Дата рождения": "05.03.1990",
            "Звание": "рядовой",
            "Личный номер": " ua-123 456 ",
            "Примечание": "ранен",
        }
    )
    assert problems == []
    assert (record.surname, record.given_name, record.patronymic) == (
        "ШЕВЧЕНКО",
        "Александр",
        "Николаевич",
    )
    assert record.sex == "male"  # from the patronymic
    assert record.birth.iso() == "1990-03-05" and record.birth_swapped is not None
    assert record.rank == "soldier" and record.service_number == "UA-123456"
    assert record.extras == {"Примечание": "ранен"}
    assert "oleksandr" in record.given_keys and "mykolaiovych" in record.patronymic_keys


def test_separate_columns_win_over_the_full_name() -> None:
    record, _ = _prepare({"Прізвище": "Мельник", "Ім'я": "Марія", "ПІБ": "Хтось Інший"})
    assert (record.surname, record.given_name) == ("Мельник", "Марія")


def test_initials_have_no_keys_but_keep_the_letter() -> None:
    record, _ = _prepare({"ПІБ": "Шевченко О. М."})
    assert record.given_name == "О" and record.given_is_initial
    assert record.given_keys == frozenset() and record.surname_keys


def test_sex_in_three_languages_and_from_the_patronymic() -> None:
    assert _prepare({"Прізвище": "Бойко", "Стать": "Ж"})[0].sex == "female"
    assert _prepare({"Прізвище": "Бойко", "Пол": "муж."})[0].sex == "male"
    assert _prepare({"Прізвище": "Бойко", "Sex": "F"})[0].sex == "female"
    assert _prepare({"ПІБ": "Бойко Олена Петрівна"})[0].sex == "female"
    assert _prepare({"Прізвище": "Бойко"})[0].sex == ""


def test_a_bad_date_is_a_problem_not_a_failure() -> None:
    record, problems = _prepare({"Прізвище": "Бойко", "Дата народження": "31.02.1990"})
    assert record.birth.value is None
    assert problems and problems[0][0] == "Дата народження" and "31.02.1990" in problems[0][1]


def test_a_row_without_a_name_is_reported() -> None:
    _, problems = _prepare({"Дата народження": "1990"})
    assert problems == [("", "the row has no name")]
