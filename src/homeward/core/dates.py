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

    def display(self) -> str:
        """Day-first numeric display used in Ukrainian documents: 21.03.1990, 03.1990, 1990."""
        if self.value is None:
            return ""
        if self.precision is Precision.DAY:
            return self.value.strftime("%d.%m.%Y")
        if self.precision is Precision.MONTH:
            return self.value.strftime("%m.%Y")
        return str(self.value.year)

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


def parse_partial_date(text: str) -> PartialDate:
    """Read a date as staff type it; blank means unknown.

    Raises InvalidDateError naming the text and the accepted forms.
    """
    text = text.strip()
    if not text:
        return PartialDate.unknown()
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
        raise InvalidDateError(f"“{text}” is not a real date ({exc}).") from exc
    raise InvalidDateError(f"“{text}” is not a date. Use one of: {ACCEPTED_FORMS}.")


def truncate(value: dt.date, precision: Precision) -> dt.date:
    """The first day of the period a precise date falls in."""
    if precision is Precision.MONTH:
        return value.replace(day=1)
    if precision is Precision.YEAR:
        return value.replace(month=1, day=1)
    return value
