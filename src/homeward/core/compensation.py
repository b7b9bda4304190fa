"""Payments for the time spent in captivity: rules as data, and each person's entitlement
with a breakdown a payments officer can check by hand.

Rules have effective dates. A rule paid per day or per month of captivity pays the days of
captivity that fall inside its effective period, at its rate; a month is paid pro rata by
the days of that calendar month. A one-time rule pays once when the person came home
inside its effective period. Each rule may be limited to categories (military, civilian)
and capped per person.

Days in captivity run from the day of capture to the day of return, both counted. A date
known only to the month or the year is counted from its last possible day (capture) or its
first (return): never more days than certainly spent, and the entitlement is flagged so that
an officer can establish the day. Amounts are Decimal, rounded to the kopiyka per line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from homeward.core.dates import PartialDate, Precision
from homeward.core.messages import Message, Value
from homeward.core.messages import gettext_noop as _

CENT = Decimal("0.01")


class Basis(enum.StrEnum):
    PER_DAY = "per_day"
    PER_MONTH = "per_month"
    ONE_TIME = "one_time"


class Flag(enum.StrEnum):
    """Why an entitlement needs a person to look at it before it is paid."""

    CAPTURE_NOT_TO_THE_DAY = "capture_not_to_the_day"
    RETURN_NOT_TO_THE_DAY = "return_not_to_the_day"
    CAPTURE_UNKNOWN = "capture_unknown"
    RETURN_UNKNOWN = "return_unknown"


class RuleError(ValueError):
    """A rule contradicts itself; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    basis: Basis
    amount: Decimal  # per day, per month, or once
    effective_from: dt.date
    effective_to: dt.date | None = None  # the last day it applies; None: still in force
    categories: frozenset[str] = frozenset()  # empty: every category
    cap: Decimal | None = None  # the most this rule pays one person

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise RuleError(f"rule {self.code}: the amount is negative")
        if self.cap is not None and self.cap < 0:
            raise RuleError(f"rule {self.code}: the cap is negative")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise RuleError(f"rule {self.code}: it ends before it starts")

    def applies_to(self, category: str) -> bool:
        return not self.categories or category in self.categories

    def window(self, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
        """The days of [start, end] inside the rule's effective period, or None."""
        first = max(start, self.effective_from)
        last = end if self.effective_to is None else min(end, self.effective_to)
        return (first, last) if first <= last else None


@dataclass(frozen=True, slots=True)
class Period:
    """The days certainly spent in captivity (both ends counted), or none known."""

    start: dt.date | None
    end: dt.date | None
    flags: tuple[Flag, ...] = ()

    @property
    def days(self) -> int:
        if self.start is None or self.end is None or self.end < self.start:
            return 0
        return (self.end - self.start).days + 1


def captivity_period(captured: PartialDate, returned: PartialDate) -> Period:
    """From the capture to the return, as certain as the dates allow (see the module)."""
    flags: list[Flag] = []
    start = end = None
    if captured.value is None:
        flags.append(Flag.CAPTURE_UNKNOWN)
    else:
        start = captured.last_day
        if captured.precision is not Precision.DAY:
            flags.append(Flag.CAPTURE_NOT_TO_THE_DAY)
    if returned.value is None:
        flags.append(Flag.RETURN_UNKNOWN)
    else:
        end = returned.value  # the first day of the period it is known to
        if returned.precision is not Precision.DAY:
            flags.append(Flag.RETURN_NOT_TO_THE_DAY)
    return Period(start, end, tuple(flags))


@dataclass(frozen=True, slots=True)
class Line:
    """One rule's share of an entitlement: what it pays for and how it was worked out."""

    rule: str
    basis: Basis
    first_day: dt.date | None
    last_day: dt.date | None
    days: int
    amount: Decimal
    explanation: Message


@dataclass(frozen=True, slots=True)
class Entitlement:
    period: Period
    lines: tuple[Line, ...]
    flags: tuple[Flag, ...] = field(default=())

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def needs_review(self) -> bool:
        return bool(self.flags)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _months(first: dt.date, last: dt.date) -> Iterable[tuple[int, int]]:
    """Per calendar month touched by [first, last]: (days inside, days of the month)."""
    day = first
    while day <= last:
        length = calendar.monthrange(day.year, day.month)[1]
        month_end = day.replace(day=length)
        inside = (min(month_end, last) - day).days + 1
        yield inside, length
        day = month_end + dt.timedelta(days=1)


def _period_line(rule: Rule, first: dt.date, last: dt.date) -> Line:
    days = (last - first).days + 1
    values: dict[str, Value] = {"first": first.isoformat(), "last": last.isoformat(),
                                "days": days, "rate": str(rule.amount)}  # fmt: skip
    if rule.basis is Basis.PER_DAY:
        amount = rule.amount * days
        text = _("%(days)s days from %(first)s to %(last)s at %(rate)s a day")
    else:
        amount = sum(
            (rule.amount * Decimal(inside) / Decimal(length) for inside, length in
             _months(first, last)),
            Decimal(0),
        )  # fmt: skip
        text = _("%(days)s days from %(first)s to %(last)s at %(rate)s a month, each month "
                 "by its share of days")  # fmt: skip
    return Line(rule.code, rule.basis, first, last, days, _money(amount), Message(text, values))


def entitlement(
    rules: Sequence[Rule], captured: PartialDate, returned: PartialDate, category: str
) -> Entitlement:
    """What a person who came home is owed under the rules, line by line."""
    period = captivity_period(captured, returned)
    flags = list(period.flags)
    lines: list[Line] = []
    for rule in sorted(rules, key=lambda r: (r.effective_from, r.code)):
        if not rule.applies_to(category):
            continue
        line: Line | None = None
        if rule.basis is Basis.ONE_TIME:
            if period.end is not None and rule.window(period.end, period.end):
                line = Line(rule.code, rule.basis, None, period.end, 0, _money(rule.amount),
                            Message(_("once, for a return on %(day)s"),
                                    {"day": period.end.isoformat()}))  # fmt: skip
        elif period.start is not None and period.end is not None:
            window = rule.window(period.start, period.end)
            if window is not None:
                line = _period_line(rule, *window)
        if line is None:
            continue
        if rule.cap is not None and line.amount > rule.cap:
            capped = _money(rule.cap)
            line = Line(line.rule, line.basis, line.first_day, line.last_day, line.days, capped,
                        Message(_("%(line)s, capped at %(cap)s"),
                                {"line": str(line.explanation), "cap": str(capped)}))  # fmt: skip
        lines.append(line)
    return Entitlement(period, tuple(lines), tuple(dict.fromkeys(flags)))
