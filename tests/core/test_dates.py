"""Partial dates: parsing, display, ISO form, invariant and truncation."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from homeward.core.dates import PartialDate, Precision, parse_partial_date, truncate
from homeward.core.errors import HomewardError, InvalidDateError

D = dt.date


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("1990-03-21", D(1990, 3, 21), Precision.DAY),
        ("1990-3-5", D(1990, 3, 5), Precision.DAY),
        ("1990-03", D(1990, 3, 1), Precision.MONTH),
        ("1990", D(1990, 1, 1), Precision.YEAR),
        ("21.03.1990", D(1990, 3, 21), Precision.DAY),
        ("21/03/1990", D(1990, 3, 21), Precision.DAY),
        ("1.3.1990", D(1990, 3, 1), Precision.DAY),
        ("03.1990", D(1990, 3, 1), Precision.MONTH),
        ("3/1990", D(1990, 3, 1), Precision.MONTH),
        ("12.2024", D(2024, 12, 1), Precision.MONTH),
        ("29.02.2024", D(2024, 2, 29), Precision.DAY),  # leap day
        ("  21.03.1990  ", D(1990, 3, 21), Precision.DAY),
        ("\t1990\n", D(1990, 1, 1), Precision.YEAR),
    ],
)
def test_parse_partial_date(text: str, value: dt.date, precision: Precision) -> None:
    assert parse_partial_date(text) == PartialDate(value, precision)


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_blank_is_unknown(text: str) -> None:
    parsed = parse_partial_date(text)
    assert parsed == PartialDate.unknown()
    assert parsed.value is None
    assert parsed.precision is Precision.UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "31.02.1990",  # no 31 February
        "29.02.2023",  # not a leap year
        "1990-13",  # no month 13
        "1990-02-30",
        "32.01.1990",
        "00.1990",
        "13.1990",
        "0000",  # there is no year 0
        "00.00.1990",
    ],
)
def test_impossible_dates_raise_with_text_quoted(text: str) -> None:
    with pytest.raises(InvalidDateError) as info:
        parse_partial_date(text)
    assert f"“{text}”" in str(info.value)
    assert "not a real date" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "21.03.90",  # two-digit year
        "1990/03/21",
        "21-03-1990",
        "1990-03-21T10:00",
        "21.03.1990 р.",
        "90",
        "21 березня 1990",
        "1990-",
        "1990-03-21-01",
    ],
)
def test_unreadable_text_raises_with_text_quoted_and_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidDateError) as info:
        parse_partial_date(text)
    message = str(info.value)
    assert f"“{text}”" in message
    assert "21.03.1990" in message  # names the accepted forms
    assert "1990-03" in message


def test_error_quotes_the_stripped_text() -> None:
    with pytest.raises(InvalidDateError, match="“abc”"):
        parse_partial_date("  abc  ")


def test_invalid_date_error_is_a_value_error_and_a_homeward_error() -> None:
    with pytest.raises(ValueError):
        parse_partial_date("31.02.1990")
    with pytest.raises(HomewardError):
        parse_partial_date("abc")


@pytest.mark.parametrize(
    ("partial", "display", "iso"),
    [
        (PartialDate(D(1990, 3, 21), Precision.DAY), "21.03.1990", "1990-03-21"),
        (PartialDate(D(1990, 3, 5), Precision.DAY), "05.03.1990", "1990-03-05"),
        (PartialDate(D(1990, 3, 1), Precision.MONTH), "03.1990", "1990-03"),
        (PartialDate(D(1990, 11, 1), Precision.MONTH), "11.1990", "1990-11"),
        (PartialDate(D(1990, 1, 1), Precision.YEAR), "1990", "1990"),
        (PartialDate.unknown(), "", ""),
    ],
)
def test_display_and_iso_follow_precision(partial: PartialDate, display: str, iso: str) -> None:
    assert partial.display() == display
    assert partial.iso() == iso


@pytest.mark.parametrize(
    "text", ["21.03.1990", "1990-03-21", "03.1990", "1990-03", "1990", "01.01.2000", ""]
)
def test_display_and_iso_parse_back_to_the_same_date(text: str) -> None:
    parsed = parse_partial_date(text)
    assert parse_partial_date(parsed.display()) == parsed
    assert parse_partial_date(parsed.iso()) == parsed


@pytest.mark.parametrize("precision", [Precision.DAY, Precision.MONTH, Precision.YEAR])
def test_known_precision_requires_a_value(precision: Precision) -> None:
    with pytest.raises(ValueError, match="value exactly when"):
        PartialDate(None, precision)


def test_unknown_precision_forbids_a_value() -> None:
    with pytest.raises(ValueError, match="value exactly when"):
        PartialDate(D(1990, 1, 1), Precision.UNKNOWN)


def test_unknown_factory() -> None:
    assert PartialDate.unknown() == PartialDate(None, Precision.UNKNOWN)


def test_partial_date_is_immutable() -> None:
    partial = PartialDate(D(1990, 3, 21), Precision.DAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        partial.precision = Precision.YEAR  # type: ignore[misc]


def test_partial_dates_of_different_precision_differ() -> None:
    assert PartialDate(D(1990, 1, 1), Precision.DAY) != PartialDate(D(1990, 1, 1), Precision.YEAR)


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (Precision.DAY, D(1990, 3, 21)),
        (Precision.MONTH, D(1990, 3, 1)),
        (Precision.YEAR, D(1990, 1, 1)),
        (Precision.UNKNOWN, D(1990, 3, 21)),
    ],
)
def test_truncate(precision: Precision, expected: dt.date) -> None:
    assert truncate(D(1990, 3, 21), precision) == expected


@pytest.mark.parametrize("precision", [Precision.DAY, Precision.MONTH, Precision.YEAR])
def test_truncate_is_idempotent(precision: Precision) -> None:
    once = truncate(D(2024, 2, 29), precision)
    assert truncate(once, precision) == once


@pytest.mark.parametrize(
    ("text", "precision"),
    [("21.03.1990", Precision.DAY), ("03.1990", Precision.MONTH), ("1990", Precision.YEAR)],
)
def test_parsed_value_is_the_first_day_of_its_period(text: str, precision: Precision) -> None:
    parsed = parse_partial_date(text)
    assert parsed.value is not None
    assert truncate(parsed.value, precision) == parsed.value


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("21.03.1990", "1990-03-21"),
        ("02.2024", "2024-02-29"),
        ("12.2023", "2023-12-31"),
        ("1990", "1990-12-31"),
    ],
)
def test_last_day_of_the_period(text: str, last: str) -> None:
    assert parse_partial_date(text).last_day == dt.date.fromisoformat(last)


@pytest.mark.parametrize("text", ["0005-03-02", "1899", "02.03.0005"])
def test_years_before_1900_are_refused(text: str) -> None:
    with pytest.raises(InvalidDateError) as caught:
        parse_partial_date(text)
    assert caught.value.code == "too_early" and caught.value.text == text


def test_display_pads_the_year() -> None:
    assert PartialDate(dt.date(905, 3, 2), Precision.DAY).display() == "02.03.0905"
