"""Statistics as tables of counts, and the same tables as they may leave the staff: small
counts withheld row by row (core.disclosure). Also the captivity lengths the tables group
people by."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from homeward.core.disclosure import Published, Withheld, is_small, publish, publish_parts

# Captivity lengths as the headquarters reports them, by whole days.
CAPTIVITY_BUCKETS: tuple[tuple[str, int], ...] = (
    ("under_3_months", 91), ("3_to_6_months", 183), ("6_to_12_months", 365),
    ("1_to_2_years", 730), ("2_to_3_years", 1095), ("3_years_or_more", 10**6),
)  # fmt: skip
UNKNOWN_LENGTH = "unknown"


def captivity_bucket(captured: dt.date | None, until: dt.date | None) -> str:
    """Which length group a captivity from `captured` to `until` falls in."""
    if captured is None or until is None or until < captured:
        return UNKNOWN_LENGTH
    days = (until - captured).days
    return next(key for key, below in CAPTIVITY_BUCKETS if days < below)


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: tuple[Published, ...]
    total: int | None = None  # shown when the cells are the parts of it
    # a sum of the rows above (the agreement's stages together): never published, since
    # with it a withheld count could be worked out down a column
    staff_only: bool = False
    # the same counts for each part of the row's people that is published on its own (a
    # stage's statement) and for the rest: the row is their sum, so it withholds what any
    # of them withholds, or subtraction would give that away
    components: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    """Counts with a row per group and a column per value. `parts` when each row's cells
    are the parts of the row's total (sex of those received in a stage); `headline` when
    the counts are public anyway (how many came home in a stage) and are never withheld."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    parts: bool = False
    headline: bool = False
    chart: str = "bar"  # "bar" or "line"
    # never published: its counts add up to counts of other tables (a trend's months to
    # the registry's), so a count withheld in one could be worked out from the other
    staff_only: bool = False


def for_publication(table: Table, threshold: int) -> Table:
    """The table as it may leave the staff: each row's small counts withheld (and, where
    they are parts of the row's total, the further counts that would give them away)."""
    if table.headline or threshold <= 1:
        return replace(table, rows=tuple(r for r in table.rows if not r.staff_only))
    rows = []
    for row in table.rows:
        if row.staff_only:
            continue
        counts = [c for c in row.cells if isinstance(c, int)]
        if len(counts) != len(row.cells):
            raise ValueError(f"{table.key}: a row is already withheld")
        hidden = Withheld(small=False)
        if table.parts:
            withheld = any(_withholds(c, threshold) for c in (counts, *row.components))
            cells = tuple(hidden if withheld else n for n in counts)
        else:
            cells = tuple(
                hidden if not is_small(n, threshold)
                and any(is_small(c[i], threshold) for c in row.components)
                else publish(n, threshold) for i, n in enumerate(counts)
            )  # fmt: skip
        rows.append(replace(row, cells=cells, components=()))
    return replace(table, rows=tuple(rows))


def _withholds(parts: Sequence[int], threshold: int) -> bool:
    published = publish_parts(dict(enumerate(parts)), threshold).values()
    return not all(isinstance(n, int) for n in published)


def published(tables: Sequence[Table], threshold: int) -> list[Table]:
    """The tables that may leave the staff, as they may leave it."""
    return [for_publication(t, threshold) for t in tables if not t.staff_only]
