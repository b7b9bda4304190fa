"""Partial dates: a date known to the day, the month, the year, or not at all.

Lists say `21.03.1990`, `1990-03-21`, `03.1990` or just `1990`; the registry keeps what was
said and how precisely, and never invents a day that nobody reported.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from homeward.core.errors import InvalidDateError


class Precision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date with its precision. `value` is the first day of the known period."""

    value: dt.date | None
    precision: Precision

    @classmethod
    def unknown(cls) -> PartialDate:
        return cls(None, Precision.UNKNOWN)

    def __post_init__(self) -> None:
        if (self.value is None) != (self.precision is Precision.UNKNOWN):
            raise ValueError("a partial date has a value exactly when its precision is known")

    @property
    def last_day(self) -> dt.date:
        """The last day of the known period (the value itself for an exact day)."""
        if self.value is None:
            raise ValueError("an unknown date has no period")
        if self.precision is Precision.YEAR:
            return self.value.replace(month=12, day=31)
        if self.precision is Precision.MONTH:
            following = (self.value.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return following - dt.timedelta(days=1)
        return self.value

    def overlaps(self, other: PartialDate) -> bool:
        """Whether the two known periods share a day."""
        if self.value is None or other.value is None:
            return False
        return self.value <= other.last_day and other.value <= self.last_day

    def display(self) -> str:
        """Day-first numeric display used in Ukrainian documents: 21.03.1990, 03.1990, 1990."""
        if self.value is None:
            return ""
        day, month, year = self.value.day, self.value.month, self.value.year
        if self.precision is Precision.DAY:
            return f"{day:02d}.{month:02d}.{year:04d}"
        if self.precision is Precision.MONTH:
            return f"{month:02d}.{year:04d}"
        return f"{year:04d}"

    def iso(self) -> str:
        """ISO 8601 reduced precision: 1990-03-21, 1990-03 or 1990."""
        if self.value is None:
            return ""
        full = self.value.isoformat()
        return {Precision.DAY: full, Precision.MONTH: full[:7], Precision.YEAR: full[:4]}[
            self.precision
        ]


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[./](\d{4})$")

ACCEPTED_FORMS = "21.03.1990, 21/03/1990, 1990-03-21, 03.1990, 1990-03, 1990"
# Nobody in the registry was born or captured before this year: earlier is a typing error.
EARLIEST_YEAR = 1900


def parse_partial_date(text: str) -> PartialDate:
    """Read a date as staff type it; blank means unknown.

    Raises InvalidDateError naming the text and the accepted forms.
    """
    text = text.strip()
    if not text:
        return PartialDate.unknown()
    date = _read(text)
    if date.value is not None and date.value.year < EARLIEST_YEAR:
        raise InvalidDateError(
            f"“{text}” is before {EARLIEST_YEAR}: check the year.", text=text, code="too_early"
        )
    return date


def _read(text: str) -> PartialDate:
    try:
        if m := _ISO.match(text):
            year, month, day = m.group(1), m.group(2), m.group(3)
            if day:
                return PartialDate(dt.date(int(year), int(month), int(day)), Precision.DAY)
            if month:
                return PartialDate(dt.date(int(year), int(month), 1), Precision.MONTH)
            return PartialDate(dt.date(int(year), 1, 1), Precision.YEAR)
        if m := _DAY_FIRST.match(text):
            day, month, year = m.groups()
            return PartialDate(dt.date(int(year), int(month), int(day)), Precision.DAY)
        if m := _MONTH_YEAR.match(text):
            month, year = m.groups()
            return PartialDate(dt.date(int(year), int(month), 1), Precision.MONTH)
    except ValueError as exc:
        raise InvalidDateError(
            f"“{text}” is not a real date ({exc}).", text=text, code="not_real"
        ) from exc
    raise InvalidDateError(
        f"“{text}” is not a date. Use one of: {ACCEPTED_FORMS}.", text=text, code="not_a_date"
    )


def truncate(value: dt.date, precision: Precision) -> dt.date:
    """The first day of the period a precise date falls in."""
    if precision is Precision.MONTH:
        return value.replace(day=1)
    if precision is Precision.YEAR:
        return value.replace(month=1, day=1)
    return value
