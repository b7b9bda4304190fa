"""Captivity lengths, and tables as they may leave the staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from homeward.core.disclosure import Withheld
from homeward.core.statistics import Row, Table, captivity_bucket, for_publication, published

SMALL, HIDDEN = Withheld(small=True), Withheld(small=False)
DAY = dt.date(2024, 1, 1)


@pytest.mark.parametrize(("days", "bucket"), [
    (0, "under_3_months"), (90, "under_3_months"), (91, "3_to_6_months"),
    (364, "6_to_12_months"), (365, "1_to_2_years"), (1094, "2_to_3_years"),
    (1095, "3_years_or_more"), (4000, "3_years_or_more"),
])  # fmt: skip
def test_captivity_lengths(days: int, bucket: str) -> None:
    assert captivity_bucket(DAY, DAY + dt.timedelta(days=days)) == bucket


def test_a_length_without_both_dates_or_backwards_is_unknown() -> None:
    assert captivity_bucket(None, DAY) == "unknown"
    assert captivity_bucket(DAY, None) == "unknown"
    assert captivity_bucket(DAY, DAY - dt.timedelta(days=1)) == "unknown"


def table(**kwargs: object) -> Table:
    fields: dict[str, object] = {
        "key": "t", "title": "T", "columns": ("men", "women"),
        "rows": (Row("Stage 1", (305, 2), 307), Row("Stage 2", (300, 7), 307)),
    }  # fmt: skip
    fields.update(kwargs)
    return Table(**fields)  # type: ignore[arg-type]


def test_parts_of_a_total_are_withheld_row_by_row() -> None:
    published = for_publication(table(parts=True), 5)
    assert [r.cells for r in published.rows] == [(HIDDEN, HIDDEN), (300, 7)]
    assert [r.total for r in published.rows] == [307, 307]


def test_counts_that_are_not_parts_are_withheld_only_when_small() -> None:
    published = for_publication(table(rows=(Row("2024-05", (3, 0)), Row("2024-06", (9, 1)))), 5)
    assert [r.cells for r in published.rows] == [(SMALL, 0), (9, SMALL)]


def test_headline_counts_and_a_threshold_below_two_publish_everything() -> None:
    assert for_publication(table(parts=True, headline=True), 5) == table(parts=True, headline=True)
    assert for_publication(table(parts=True), 1) == table(parts=True)


def test_a_table_is_withheld_once() -> None:
    with pytest.raises(ValueError, match="already withheld"):
        for_publication(for_publication(table(parts=True), 5), 5)


def test_a_sum_of_the_rows_stays_with_the_staff() -> None:
    rows = (Row("Stage 1", (305, 2), 307), Row("Stage 2", (300, 7), 307),
            Row("All stages", (605, 9), 614, staff_only=True))  # fmt: skip
    assert [r.label for r in for_publication(table(rows=rows, parts=True), 5).rows] == [
        "Stage 1", "Stage 2"]  # fmt: skip
    assert [r.label for r in for_publication(table(rows=rows, headline=True), 5).rows] == [
        "Stage 1", "Stage 2"]  # fmt: skip


def test_a_table_for_the_staff_only_is_not_published() -> None:
    # the months of a trend add up to counts published elsewhere
    trend = replace(table(rows=(Row("2024-05", (3, 0)),)), key="trend", staff_only=True)
    assert [t.key for t in published([table(parts=True), trend], 5)] == ["t"]
    assert [t.key for t in published([table(parts=True), trend], 0)] == ["t"]


def test_a_sum_of_published_parts_withholds_what_any_of_them_withholds() -> None:
    # stages of 300 and 200, each with 4 women: the sum's 8 women would give both away
    stages = ((296, 4), (196, 4))
    summed = table(rows=(Row("Came home", (492, 8), 500, components=stages),), parts=True)
    assert for_publication(summed, 5).rows[0].cells == (HIDDEN, HIDDEN)
    told = table(rows=(Row("Came home", (480, 20), 500, components=((290, 10), (190, 10))),),
                 parts=True)  # fmt: skip
    assert for_publication(told, 5).rows[0].cells == (480, 20)
    # counts that are not parts: a column small in any of them is withheld in the sum
    groups = table(rows=(Row("Came home", (10, 20), components=((3, 10), (7, 10))),))
    assert for_publication(groups, 5).rows[0].cells == (HIDDEN, 20)
    assert for_publication(groups, 5).rows[0].components == ()
