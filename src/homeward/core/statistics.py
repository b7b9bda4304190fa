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
class Component:
    """The counts of a row for a part of its people that is told of on its own (a stage,
    in its statement), or for the rest (`aside`: those released otherwise), and how many
    people the part has."""

    counts: tuple[int, ...]
    of: int
    aside: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: tuple[Published, ...]
    total: int | None = None  # shown when the cells are the parts of it
    # a sum of the rows above (the agreement's stages together): never published, since
    # with it a withheld count could be worked out down a column
    staff_only: bool = False
    # how many people counts that are not parts count in (groups among those who came
    # home): a count is withheld when the rest of them is small too
    of: int | None = None
    # the row is their sum, so it withholds what any of them withholds, or subtraction
    # would give that away
    components: tuple[Component, ...] = ()


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
    """The table as it may leave the staff: small counts withheld, with every part of a
    total when one is small, and whatever the row's components withhold (ADR 26). Columns
    that show nobody (zeros and withheld parts only) are dropped: their names alone would
    say that a withheld row has such people."""
    kept = tuple(r for r in table.rows if not r.staff_only)
    if table.headline or threshold <= 1:
        return replace(table, rows=kept)
    rows = [_published_row(row, table.parts, threshold) for row in kept]
    shown = [i for i in range(len(table.columns)) if any(_shows(r.cells[i]) for r in rows)]
    return replace(
        table, columns=tuple(table.columns[i] for i in shown),
        rows=tuple(replace(r, cells=tuple(r.cells[i] for i in shown)) for r in rows),
    )  # fmt: skip


def _shows(cell: Published) -> bool:
    """Whether a published cell says anyone is there: a count, or "fewer than T"."""
    return cell.small if isinstance(cell, Withheld) else cell > 0


def _published_row(row: Row, parts: bool, threshold: int) -> Row:
    counts = [c for c in row.cells if isinstance(c, int)]
    if len(counts) != len(row.cells):
        raise ValueError(f"{row.label}: the row is already withheld")
    components, total, of = list(row.components), row.total, row.of
    aside = [c for c in components if c.aside]
    if aside and is_small(sum(c.of for c in aside), threshold):
        # too few released otherwise to be told of, even as the difference between this
        # row and the stages': the row counts those who came home in exchanges
        for c in aside:
            counts = [n - k for n, k in zip(counts, c.counts, strict=True)]
            total = None if total is None else total - c.of
            of = None if of is None else of - c.of
        components = [c for c in components if not c.aside]
    hidden = Withheld(small=False)
    if parts:
        withheld = any(_withholds(c, threshold) for c in (counts, *(c.counts for c in components)))
        cells: tuple[Published, ...] = tuple(hidden if withheld else n for n in counts)
    else:
        wholes = [(counts, of), *((c.counts, c.of) for c in components)]
        cells = tuple(
            publish(n, threshold) if is_small(n, threshold)
            else hidden if any(not _told(c[i], whole, threshold) for c, whole in wholes)
            else n for i, n in enumerate(counts)
        )  # fmt: skip
    return replace(row, cells=cells, total=total, of=of, components=())


def _withholds(parts: Sequence[int], threshold: int) -> bool:
    published = publish_parts(dict(enumerate(parts)), threshold).values()
    return not all(isinstance(n, int) for n in published)


def _told(n: int, whole: int | None, threshold: int) -> bool:
    """Whether a count of `whole` people may be told: it is not small, nor is the rest."""
    if whole is not None and not 0 <= n <= whole:
        raise ValueError(f"a count of {n} among {whole}")
    return not is_small(n, threshold) and (whole is None or not is_small(whole - n, threshold))


def published(tables: Sequence[Table], threshold: int) -> list[Table]:
    """The tables that may leave the staff, as they may leave it."""
    return [for_publication(t, threshold) for t in tables if not t.staff_only]
