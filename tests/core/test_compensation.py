"""Payments for the time in captivity: effective dates, partial dates, months pro rata,
one-time aid, categories and caps; and properties no rule set may break."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward.core.compensation import (
    Basis,
    Flag,
    Rule,
    RuleError,
    captivity_period,
    entitlement,
)
from homeward.core.dates import PartialDate, Precision


def day(text: str) -> PartialDate:
    return PartialDate(dt.date.fromisoformat(text), Precision.DAY)


DAILY_2024 = Rule("daily-2024", Basis.PER_DAY, Decimal("100"), dt.date(2024, 1, 1),
                  dt.date(2024, 12, 31))  # fmt: skip
DAILY_2025 = Rule("daily-2025", Basis.PER_DAY, Decimal("150"), dt.date(2025, 1, 1))
AID = Rule("aid", Basis.ONE_TIME, Decimal("50000"), dt.date(2025, 1, 1))


def test_a_day_rate_changing_on_new_year_splits_the_captivity_by_its_dates() -> None:
    result = entitlement([DAILY_2024, DAILY_2025], day("2024-12-30"), day("2025-01-02"),
                         "military")  # fmt: skip
    assert [(line.rule, line.days, line.amount) for line in result.lines] == [
        ("daily-2024", 2, Decimal("200.00")),  # 30 and 31 December
        ("daily-2025", 2, Decimal("300.00")),  # 1 and 2 January
    ]
    assert result.total == Decimal("500.00") and not result.needs_review
    assert str(result.lines[0].explanation) == ("2 days from 2024-12-30 to 2024-12-31 at 100 a day")


def test_a_month_is_paid_by_its_share_of_days() -> None:
    monthly = Rule("monthly", Basis.PER_MONTH, Decimal("3100"), dt.date(2024, 1, 1))
    # 17 of February's 29 days (2024 is a leap year), all of March, 10 of April's 30.
    result = entitlement([monthly], day("2024-02-13"), day("2024-04-10"), "civilian")
    expected = Decimal("3100") * (Decimal(17) / 29 + 1 + Decimal(10) / 30)
    assert result.total == expected.quantize(Decimal("0.01"))
    assert result.lines[0].days == 17 + 31 + 10


def test_one_time_aid_is_paid_when_the_return_falls_in_its_period() -> None:
    assert entitlement([AID], day("2024-06-01"), day("2025-05-23"), "military").total == 50000
    assert entitlement([AID], day("2023-06-01"), day("2024-12-31"), "military").total == 0


def test_rules_apply_to_their_categories_only() -> None:
    civilians = Rule("civ", Basis.PER_DAY, Decimal("10"), dt.date(2020, 1, 1),
                     categories=frozenset({"civilian"}))  # fmt: skip
    assert entitlement([civilians], day("2024-01-01"), day("2024-01-10"), "military").lines == ()
    assert entitlement([civilians], day("2024-01-01"), day("2024-01-10"), "civilian").total == 100


def test_a_cap_limits_what_one_rule_pays_and_says_so() -> None:
    capped = Rule("daily", Basis.PER_DAY, Decimal("100"), dt.date(2020, 1, 1),
                  cap=Decimal("1000"))  # fmt: skip
    result = entitlement([capped], day("2024-01-01"), day("2024-12-31"), "military")
    assert result.total == Decimal("1000.00")
    assert str(result.lines[0].explanation).endswith("capped at 1000.00")


@pytest.mark.parametrize(
    ("captured", "returned", "start", "end", "flags"),
    [
        (PartialDate(dt.date(2024, 3, 1), Precision.MONTH), day("2024-05-10"),
         "2024-03-31", "2024-05-10", [Flag.CAPTURE_NOT_TO_THE_DAY]),
        (PartialDate(dt.date(2022, 1, 1), Precision.YEAR), day("2024-05-10"),
         "2022-12-31", "2024-05-10", [Flag.CAPTURE_NOT_TO_THE_DAY]),
        (day("2024-03-05"), PartialDate(dt.date(2024, 5, 1), Precision.MONTH),
         "2024-03-05", "2024-05-01", [Flag.RETURN_NOT_TO_THE_DAY]),
    ],
)  # fmt: skip
def test_a_partial_date_counts_only_the_days_certainly_spent_and_is_flagged(
    captured: PartialDate, returned: PartialDate, start: str, end: str, flags: list[Flag]
) -> None:
    period = captivity_period(captured, returned)
    assert (period.start, period.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert list(period.flags) == flags
    assert entitlement([DAILY_2024], captured, returned, "military").needs_review


def test_an_unknown_capture_pays_no_days_but_the_one_time_aid_and_is_flagged() -> None:
    result = entitlement([DAILY_2025, AID], PartialDate.unknown(), day("2025-05-23"), "military")
    assert [line.rule for line in result.lines] == ["aid"]
    assert result.flags == (Flag.CAPTURE_UNKNOWN,)


def test_rules_that_contradict_themselves_are_refused() -> None:
    with pytest.raises(RuleError, match="ends before it starts"):
        Rule("x", Basis.PER_DAY, Decimal(1), dt.date(2025, 1, 1), dt.date(2024, 1, 1))
    with pytest.raises(RuleError, match="negative"):
        Rule("x", Basis.PER_DAY, Decimal(-1), dt.date(2025, 1, 1))


dates = st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2026, 12, 31))


@given(dates, dates, dates)
def test_paying_a_captivity_in_two_parts_pays_the_same_by_the_day(
    a: dt.date, b: dt.date, c: dt.date
) -> None:
    """Per day, the days are paid once: split at any day, the parts add up to the whole."""
    start, middle, end = sorted((a, b, c))
    rules = [DAILY_2024, DAILY_2025]
    whole = entitlement(rules, PartialDate(start, Precision.DAY),
                        PartialDate(end, Precision.DAY), "military")  # fmt: skip
    first = entitlement(rules, PartialDate(start, Precision.DAY),
                        PartialDate(middle, Precision.DAY), "military")  # fmt: skip
    if middle == end:
        assert first.total == whole.total
        return
    second = entitlement(rules, PartialDate(middle + dt.timedelta(days=1), Precision.DAY),
                         PartialDate(end, Precision.DAY), "military")  # fmt: skip
    assert first.total + second.total == whole.total


@given(dates, dates, st.sampled_from(list(Precision)), st.sampled_from(list(Precision)))
def test_never_more_days_than_the_widest_reading_and_never_negative(
    a: dt.date, b: dt.date, p_capture: Precision, p_return: Precision
) -> None:
    def partial(value: dt.date, precision: Precision) -> PartialDate:
        if precision is Precision.UNKNOWN:
            return PartialDate.unknown()
        if precision is Precision.YEAR:
            return PartialDate(value.replace(month=1, day=1), precision)
        if precision is Precision.MONTH:
            return PartialDate(value.replace(day=1), precision)
        return PartialDate(value, precision)

    captured, returned = partial(min(a, b), p_capture), partial(max(a, b), p_return)
    period = captivity_period(captured, returned)
    assert period.days >= 0
    if captured.value is not None and returned.value is not None:
        assert period.days <= (returned.last_day - captured.value).days + 1
    monthly = Rule("m", Basis.PER_MONTH, Decimal("1000"), dt.date(2014, 1, 1))
    total = entitlement([monthly], captured, returned, "military").total
    assert Decimal(0) <= total <= Decimal(1000) * (Decimal(period.days) / 28 + 1)
