"""Invariants of the tolerant date reading and of date agreement, checked by hypothesis
over every real date rather than a handful of examples."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.core.date_reading import DateAgreement, date_agreement, read_date
from homeward.core.dates import EARLIEST_YEAR, PartialDate, Precision, truncate

FAST = settings(max_examples=300, deadline=None, database=None)
TODAY = dt.date(2025, 11, 1)

# Every date a list can hold: nothing before EARLIEST_YEAR is accepted.
dates = st.dates(min_value=dt.date(EARLIEST_YEAR, 1, 1), max_value=dt.date(2099, 12, 31))
DAY_FIRST_FORMS = [
    "{d:02d}.{m:02d}.{y:04d}",  # 21.03.1990, the Ukrainian form
    "{d:02d}/{m:02d}/{y:04d}",  # 21/03/1990
    "{d:02d}-{m:02d}-{y:04d}",  # 21-03-1990
    "{d}.{m}.{y}",  # 5.3.1990, without leading zeros
]


def _real(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day(value: dt.date) -> PartialDate:
    return PartialDate(value, Precision.DAY)


def _expected_swap(value: dt.date) -> PartialDate | None:
    """The other reading of a day-first date: a real date that differs, or none."""
    other = _real(value.year, value.day, value.month)
    return _day(other) if other is not None and other != value else None


@FAST
@given(dates, st.sampled_from(DAY_FIRST_FORMS))
def test_day_first_forms_round_trip(value: dt.date, form: str) -> None:
    text = form.format(d=value.day, m=value.month, y=value.year)
    reading = read_date(text, TODAY)
    assert reading.date == _day(value)
    # The swapped reading exists exactly when both readings are real dates and differ.
    assert reading.swapped == _expected_swap(value)


@FAST
@given(dates)
def test_iso_round_trips_and_is_never_swapped(value: dt.date) -> None:
    for text in (value.isoformat(), f"{value.isoformat()} 00:00:00", f"{value.isoformat()}T00:00"):
        reading = read_date(text, TODAY)
        assert reading.date == _day(value)
        assert reading.swapped is None


@FAST
@given(st.dates(min_value=dt.date(TODAY.year - 99, 1, 1), max_value=dt.date(TODAY.year, 12, 31)))
def test_two_digit_years_read_in_the_most_recent_century(value: dt.date) -> None:
    text = f"{value.day:02d}.{value.month:02d}.{value.year % 100:02d}"
    reading = read_date(text, TODAY)
    assert reading.date == _day(value)
    assert reading.swapped == _expected_swap(value)


@FAST
@given(dates.filter(lambda value: value.day > 12))
def test_month_first_is_read_when_it_is_the_only_reading(value: dt.date) -> None:
    reading = read_date(f"{value.month:02d}/{value.day:02d}/{value.year}", TODAY)
    assert reading.date == _day(value)
    assert reading.swapped is None


@FAST
@given(dates, st.sampled_from(DAY_FIRST_FORMS))
def test_a_swapped_reading_agrees_as_swapped(value: dt.date, form: str) -> None:
    reading = read_date(form.format(d=value.day, m=value.month, y=value.year), TODAY)
    if reading.swapped is not None:
        assert date_agreement(reading.date, reading.swapped) is DateAgreement.SWAPPED


@FAST
@given(dates)
def test_month_and_year_forms_round_trip(value: dt.date) -> None:
    assert read_date(f"{value.month:02d}.{value.year}", TODAY).date == PartialDate(
        truncate(value, Precision.MONTH), Precision.MONTH
    )
    assert read_date(str(value.year), TODAY).date == PartialDate(
        truncate(value, Precision.YEAR), Precision.YEAR
    )


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.UNKNOWN:
        return PartialDate.unknown()
    return PartialDate(truncate(draw(dates), precision), precision)


@FAST
@given(partial_dates(), partial_dates())
def test_date_agreement_is_symmetric(first: PartialDate, second: PartialDate) -> None:
    assert date_agreement(first, second) is date_agreement(second, first)


@FAST
@given(partial_dates())
def test_a_date_agrees_with_itself_as_precisely_as_it_is_known(date: PartialDate) -> None:
    expected = {
        Precision.DAY: DateAgreement.EXACT,
        Precision.MONTH: DateAgreement.SAME_MONTH,
        Precision.YEAR: DateAgreement.SAME_YEAR,
        Precision.UNKNOWN: DateAgreement.UNKNOWN,
    }[date.precision]
    assert date_agreement(date, date) is expected


@FAST
@given(partial_dates(), partial_dates())
def test_dates_in_different_years_never_agree_on_more_than_the_year(
    first: PartialDate, second: PartialDate
) -> None:
    agreement = date_agreement(first, second)
    if first.value is None or second.value is None:
        assert agreement is DateAgreement.UNKNOWN
    elif abs(first.value.year - second.value.year) > 1:
        assert agreement is DateAgreement.DIFFERENT
