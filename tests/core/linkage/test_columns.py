"""Records encoded as columns of value ids (issue 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from homeward.core.linkage.columns import Encoder, RecordTable

TODAY = dt.date(2025, 11, 1)


def _encode(encoder: Encoder, **columns: list[str]) -> RecordTable:
    n = len(next(iter(columns.values())))
    return encoder.encode([f"r{i}" for i in range(n)], columns)


def test_equal_values_share_an_id_across_both_sides() -> None:
    encoder = Encoder(TODAY)
    registry = _encode(encoder, surname=["Шевченко", "Бойко"], given_name=["Олександр", "Іван"])
    incoming = _encode(encoder, surname=["Бойко", "Шевченко"], given_name=["Іван", "Петро"])
    assert incoming.surname[0] == registry.surname[1]
    assert incoming.surname[1] == registry.surname[0]
    assert incoming.given_name[0] == registry.given_name[1]
    assert incoming.given_name[1] not in set(registry.given_name.tolist())
    assert encoder.names["surname"].values == ["", "Шевченко", "Бойко"]


def test_spellings_that_normalise_alike_share_an_id() -> None:
    encoder = Encoder(TODAY)
    table = _encode(encoder, surname=["Лук'яненко", "Лук’яненко", " Лук'яненко ", "Бойко"])
    assert table.surname.tolist() == [1, 1, 1, 2]
    units = ["93 окрема механізована бригада", "бригада механізована окрема 93", ""]
    table = _encode(encoder, surname=["a", "b", "c"], unit=units)
    # Free text is compared by its words, in any order; an empty cell is id 0.
    assert table.values["unit"].tolist() == [1, 1, 0]


def test_empty_is_id_zero() -> None:
    table = _encode(Encoder(TODAY), surname=["", "  "], given_name=["Іван", ""])
    assert table.surname.tolist() == [0, 0]
    assert table.given_name.tolist() == [1, 0]


def test_full_name_is_parsed_when_the_parts_are_missing() -> None:
    encoder = Encoder(TODAY)
    table = _encode(
        encoder,
        full_name=["ШЕВЧЕНКО Александр Николаевич", "Бойко Іван Петрович", "Шевченко О. М."],
        surname=["", "Мельник", ""],
        given_name=["", "Марія", ""],
    )
    names = encoder.names
    row = [
        tuple(
            names[f].values[int(table.names(f)[i])] for f in ("surname", "given_name", "patronymic")
        )
        for i in range(3)
    ]
    assert row[0] == ("ШЕВЧЕНКО", "Александр", "Николаевич")
    # Separate columns win over the full name.
    assert row[1] == ("Мельник", "Марія", "")
    assert row[2] == ("Шевченко", "О", "М")
    assert names["given_name"].info[int(table.given_name[2])].is_initial
    assert table.sex.tolist() == [1, 0, 0]  # male from Николаевич; none from an initial


def test_a_missing_given_name_is_taken_from_the_full_name() -> None:
    encoder = Encoder(TODAY)
    table = _encode(encoder, surname=["Шевченко"], full_name=["Шевченко Олександр Миколайович"])
    assert encoder.names["given_name"].values[int(table.given_name[0])] == "Олександр"
    assert encoder.names["patronymic"].values[int(table.patronymic[0])] == "Миколайович"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19900321", (1990, 3, 21, 3)),
        ("21.03.1990", (1990, 3, 21, 3)),
        ("1990-03-21", (1990, 3, 21, 3)),
        ("21.03.90", (1990, 3, 21, 3)),
        ("1990-03-21 00:00:00", (1990, 3, 21, 3)),
        ("03.1990", (1990, 3, None, 2)),
        ("1990", (1990, None, None, 1)),
        ("", (0, 0, 0, 0)),
    ],
)
def test_dates_to_year_month_day_and_precision(
    text: str, expected: tuple[int, int | None, int | None, int]
) -> None:
    table = _encode(Encoder(TODAY), surname=["Бойко"], date_of_birth=[text])
    year, month, day, precision = expected
    assert int(table.year[0]) == year
    assert int(table.precision[0]) == precision
    if month is not None:
        assert int(table.month[0]) == month
    if day is not None:
        assert int(table.day[0]) == day
    assert table.problems == []


def test_unreadable_dates_are_problems_naming_the_field() -> None:
    table = _encode(
        Encoder(TODAY),
        surname=["Бойко", "Мельник", "Коваль"],
        date_of_birth=["31.02.1990", "21.03.1990", "невідомо"],
    )
    assert [(row, field) for row, field, _ in table.problems] == [
        (0, "date_of_birth"),
        (2, "date_of_birth"),
    ]
    assert "31.02.1990" in table.problems[0][2]
    assert "невідомо" in table.problems[1][2]
    # The bad date is left out, the row is kept.
    assert (int(table.year[0]), int(table.precision[0])) == (0, 0)
    assert (int(table.year[1]), int(table.precision[1])) == (1990, 3)


def test_a_row_without_a_name_is_a_problem() -> None:
    table = _encode(Encoder(TODAY), surname=["", "Бойко"], date_of_birth=["1990", "1990"])
    assert table.problems == [(0, "", "the row has no name")]


@pytest.mark.parametrize(
    ("sex", "patronymic", "code"),
    [
        ("Ж", "", 2),
        ("жін.", "", 2),
        ("муж.", "", 1),
        ("F", "", 2),
        ("male", "", 1),
        ("", "Петрівна", 2),
        ("", "Петрович", 1),
        ("", "Николаевна", 2),
        ("", "", 0),
        ("?", "", 0),
        ("F", "Петрович", 2),  # what the list says wins over the patronymic
    ],
)
def test_sex_from_text_and_from_the_patronymic(sex: str, patronymic: str, code: int) -> None:
    table = _encode(Encoder(TODAY), surname=["Бойко"], patronymic=[patronymic], sex=[sex])
    assert int(table.sex[0]) == code


def test_service_numbers_are_normalised() -> None:
    encoder = Encoder(TODAY)
    table = _encode(
        encoder,
        surname=["a", "b", "c", "d"],
        service_number=[" ua-123 456 ", "UA-123456", "ua 123 457", ""],
    )
    assert table.values["service_number"].tolist() == [1, 1, 2, 0]
    assert encoder.values["service_number"].values == ["", "UA-123456", "UA123457"]


def test_ranks_are_read_as_codes() -> None:
    encoder = Encoder(TODAY)
    table = _encode(encoder, surname=["a", "b", "c"], rank=["рядовий", "Рядовой", "солдат"])
    assert len(set(table.values["rank"].tolist())) == 1
    assert encoder.values["rank"].values[int(table.values["rank"][0])] == "soldier"


def test_a_field_the_file_lacks_is_all_empty() -> None:
    table = _encode(Encoder(TODAY), surname=["a", "b"])
    assert "unit" not in table.values
    assert table.value_column("unit").tolist() == [0, 0]


def test_extras_get_their_own_vocabulary() -> None:
    encoder = Encoder(TODAY)
    table = encoder.encode(["a", "b"], {"surname": ["x", "y"]}, {"Телефон": ["+380 50", ""]})
    other = encoder.encode(["c"], {"surname": ["z"]}, {"Телефон": ["+380 50"]})
    assert table.extras["Телефон"].tolist() == [1, 0]
    assert other.extras["Телефон"].tolist() == [1]
    assert len(encoder.values["extra:Телефон"]) == 2
