"""Captivity lengths, and tables as they may leave the staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from homeward.core.disclosure import Withheld
from homeward.core.statistics import (
    Component,
    Row,
    Table,
    captivity_bucket,
    for_publication,
    published,
)

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
    stages = (Component((296, 4), 300), Component((196, 4), 200))
    summed = table(rows=(Row("Came home", (492, 8), 500, components=stages),), parts=True)
    assert for_publication(summed, 5).rows[0].cells == ()  # no column left to name
    assert for_publication(summed, 5).rows[0].total == 500
    told = table(rows=(Row("Came home", (480, 20), 500, components=(
        Component((290, 10), 300), Component((190, 10), 200))),), parts=True)  # fmt: skip
    assert for_publication(told, 5).rows[0].cells == (480, 20)


def test_a_count_that_is_not_a_part_is_told_only_when_the_rest_is_not_small() -> None:
    # groups among those who came home: 22 of 25 would tell that 3 were not
    groups = table(columns=("Mariupol", "Zmiinyi"), rows=(Row("Came home", (22, 10), of=25),))
    published = for_publication(groups, 5)
    assert published.columns == ("Zmiinyi",) and published.rows[0].cells == (10,)
    # and what any stage withholds, whether its count or its rest is small
    staged = table(columns=("Mariupol", "Zmiinyi"), rows=(Row("Came home", (10, 20), of=300,
        components=(Component((3, 10), 100), Component((7, 10), 200))),))  # fmt: skip
    published = for_publication(staged, 5)
    assert published.columns == ("Zmiinyi",) and published.rows[0].cells == (20,)
    assert published.rows[0].components == ()


def test_a_few_released_otherwise_are_left_out_of_a_published_sum() -> None:
    # 10 came home in a stage, all men; 1 woman was released otherwise: 11 less the
    # stage's 10 would say who she is
    row = Row("Came home", (10, 1), 11, components=(
        Component((10, 0), 10), Component((0, 1), 1, aside=True)))  # fmt: skip
    published = for_publication(table(rows=(row,), parts=True), 5)
    assert published.columns == ("men",) and published.rows[0].cells == (10,)
    assert published.rows[0].total == 10
    # five or more released otherwise are a part like any stage
    many = Row("Came home", (15, 5), 20, components=(
        Component((10, 0), 10), Component((5, 5), 10, aside=True)))  # fmt: skip
    assert for_publication(table(rows=(many,), parts=True), 5).rows[0].cells == (15, 5)


def test_a_column_with_nothing_left_to_show_is_dropped() -> None:
    rows = (Row("Stage 1", (300, 0), 300), Row("Stage 2", (196, 4), 200))
    published = for_publication(table(rows=rows, parts=True), 5)
    assert published.columns == ("men",)
    assert [r.cells for r in published.rows] == [(300,), (HIDDEN,)]
