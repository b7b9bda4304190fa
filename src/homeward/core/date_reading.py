"""Dates of birth as incoming lists write them, read tolerantly, and how two agree.

Staff forms use the strict `dates.parse_partial_date`. Lists are messier: `21.03.1990`,
`1990-03-21`, `03/21/1990` (American), `21.03.90`, `1990-03-21 00:00:00` from a
spreadsheet, or only a year. A reading keeps what the text says and, when day and month
could be the other way round, the swapped alternative, because clerks swap them.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from homeward.core.dates import EARLIEST_YEAR, PartialDate, Precision, parse_partial_date
from homeward.core.errors import InvalidDateError

_NUMERIC = re.compile(r"^(\d{1,4})[./\-\s](\d{1,2})[./\-\s](\d{1,4})$")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_COMPACT = re.compile(r"^(19|20)(\d{2})(\d{2})(\d{2})$")  # 19900321, as databases export


@dataclass(frozen=True, slots=True)
class DateReading:
    date: PartialDate
    swapped: PartialDate | None = None  # day and month the other way round, if possible


def _year(text: str, today: dt.date) -> int:
    """Two-digit years of birth: the most recent past century (`90` → 1990, `05` → 2005)."""
    year = int(text)
    if len(text) <= 2:
        year += 2000 if year <= today.year % 100 else 1900
    return year


def _day(year: int, month: int, day: int) -> PartialDate | None:
    try:
        return PartialDate(dt.date(year, month, day), Precision.DAY)
    except ValueError:
        return None


def read_date(text: str, today: dt.date | None = None) -> DateReading:
    """Read a date of birth from a list. Raises InvalidDateError when no reading exists."""
    today = today or dt.date.today()
    cleaned = _TIME_SUFFIX.sub("", text.strip())
    compact = _COMPACT.match(cleaned)
    if compact:
        century, year, month, day = compact.groups()
        cleaned = f"{century}{year}-{month}-{day}"
    m = _NUMERIC.match(cleaned)
    if m is None:
        return DateReading(parse_partial_date(cleaned))
    a, b, c = m.groups()
    if len(a) == 4:  # year first: ISO order, never swapped by convention
        chosen, other = _day(int(a), int(b), int(c)), None
    else:
        year, first, second = _year(c, today), int(a), int(b)
        # Day first is the convention here; month first only when it is the only reading.
        day_first, month_first = _day(year, second, first), _day(year, first, second)
        chosen = day_first or month_first
        other = month_first if day_first is not None else None
    if chosen is None or chosen.value is None:
        raise InvalidDateError(f"“{text}” is not a real date.", text=text, code="not_real")
    if chosen.value.year < EARLIEST_YEAR:
        raise InvalidDateError(f"“{text}” is before {EARLIEST_YEAR}.", text=text, code="too_early")
    return DateReading(chosen, other if other is not None and other != chosen else None)


class DateAgreement(enum.StrEnum):
    """How two dates of birth agree, from strongest to weakest evidence."""

    EXACT = "exact"  # same day
    SAME_MONTH = "same_month"  # one is known to the month only, and it matches
    SAME_YEAR = "same_year"  # one is known to the year only, or the same year otherwise
    SWAPPED = "swapped"  # day and month exchanged
    ONE_YEAR_APART = "one_year_apart"  # same day and month, years differ by one
    UNKNOWN = "unknown"  # at least one is unknown
    DIFFERENT = "different"


def date_agreement(first: PartialDate, second: PartialDate) -> DateAgreement:
    a, b = first.value, second.value
    if a is None or b is None:
        return DateAgreement.UNKNOWN
    coarsest = max(first.precision, second.precision, key=_rank)
    if coarsest is Precision.DAY:
        if a == b:
            return DateAgreement.EXACT
        if a.year == b.year and a.day == b.month and a.month == b.day:
            return DateAgreement.SWAPPED
        if (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1:
            return DateAgreement.ONE_YEAR_APART
        return DateAgreement.SAME_YEAR if a.year == b.year else DateAgreement.DIFFERENT
    if coarsest is Precision.MONTH:
        if (a.year, a.month) == (b.year, b.month):
            return DateAgreement.SAME_MONTH
        return DateAgreement.SAME_YEAR if a.year == b.year else DateAgreement.DIFFERENT
    return DateAgreement.SAME_YEAR if a.year == b.year else DateAgreement.DIFFERENT


def _rank(precision: Precision) -> int:
    return {Precision.DAY: 0, Precision.MONTH: 1, Precision.YEAR: 2, Precision.UNKNOWN: 3}[
        precision
    ]
