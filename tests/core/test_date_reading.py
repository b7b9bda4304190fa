"""Tolerant reading of dates of birth from lists, and date agreement levels (issue 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from homeward.core.date_reading import DateAgreement, date_agreement, read_date
from homeward.core.dates import PartialDate, parse_partial_date
from homeward.core.errors import InvalidDateError

TODAY = dt.date(2025, 11, 1)


@pytest.mark.parametrize(
    ("text", "iso", "swapped"),
    [
        ("21.03.1990", "1990-03-21", None),
        ("21/03/1990", "1990-03-21", None),
        ("21-03-1990", "1990-03-21", None),
        ("1990-03-21", "1990-03-21", None),
        ("03/21/1990", "1990-03-21", None),  # American order, the only possible reading
        ("05.03.1990", "1990-03-05", "1990-05-03"),  # day first, the swap kept
        ("07.07.1990", "1990-07-07", None),  # swapping changes nothing
        ("21.03.90", "1990-03-21", None),
        ("05.03.05", "2005-03-05", "2005-05-03"),
        ("1990-03-21 00:00:00", "1990-03-21", None),
        ("1990-03-21T00:00", "1990-03-21", None),
        ("1990", "1990", None),
        ("03.1990", "1990-03", None),
        ("", "", None),
    ],
)
def test_readings(text: str, iso: str, swapped: str | None) -> None:
    reading = read_date(text, TODAY)
    assert reading.date.iso() == iso
    assert (reading.swapped.iso() if reading.swapped else None) == swapped


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31.02.1990", "not_real"),
        ("13/13/1990", "not_real"),
        ("1990-02-30", "not_real"),
        ("abc", "not_a_date"),
        ("0005-03-02", "too_early"),
        ("01.01.1850", "too_early"),
    ],
)
def test_unreadable_dates_say_why(text: str, code: str) -> None:
    with pytest.raises(InvalidDateError) as caught:
        read_date(text, TODAY)
    assert caught.value.code == code


def _d(text: str) -> PartialDate:
    return parse_partial_date(text)


@pytest.mark.parametrize(
    ("first", "second", "agreement"),
    [
        ("21.03.1990", "21.03.1990", DateAgreement.EXACT),
        ("21.03.1990", "03.1990", DateAgreement.SAME_MONTH),
        ("21.03.1990", "1990", DateAgreement.SAME_YEAR),
        ("21.03.1990", "22.04.1990", DateAgreement.SAME_YEAR),
        ("05.03.1990", "03.05.1990", DateAgreement.SWAPPED),
        ("21.03.1990", "21.03.1991", DateAgreement.ONE_YEAR_APART),
        ("21.03.1990", "21.03.1992", DateAgreement.DIFFERENT),
        ("21.03.1990", "1991", DateAgreement.DIFFERENT),
        ("03.1990", "04.1990", DateAgreement.SAME_YEAR),
        ("21.03.1990", "", DateAgreement.UNKNOWN),
    ],
)
def test_agreement_levels(first: str, second: str, agreement: DateAgreement) -> None:
    assert date_agreement(_d(first), _d(second)) is agreement
    assert date_agreement(_d(second), _d(first)) is agreement
