"""Candidate pairs: records that share at least one blocking key.

A key is a rule number with a few coarse values (`skeleton` of a name, a year, a full
date, a service number), hashed to one 64-bit integer; a collision only adds a candidate.
The rules are a union chosen so that a true pair survives when any one thing is wrong: a
surname misspelled or replaced by its Russian form (given name, patronymic and year), a
year off by one or missing (surname and given name), names in another order (the surname
and given name pair is unordered), names unrecognisable (service number, or a name with the
full date), initials only (surname and the given initial; the surname's first letter and
the full date). Recall is measured by the benchmark (bench/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from homeward.core.linkage.columns import NAME_FIELDS, RecordTable
from homeward.core.linkage.skeleton import skeleton

Int64Array = npt.NDArray[np.int64]
# A key shared by more records than this (a name every tenth man has, in a huge registry)
# selects nothing: other rules still reach those pairs with more specific keys.
MAX_BLOCK = 5_000
WINDOW = 10  # in deduplication, how many neighbours a row meets inside a large block
_MIX = np.int64(0x5BD1E995)


def _mix(*parts: Int64Array) -> Int64Array:
    key = np.zeros(len(parts[0]), np.int64)
    for part in parts:
        key = (key * _MIX + part.astype(np.int64)) ^ (key >> np.int64(29))
    return key


@dataclass
class Skeletons:
    """Skeleton ids of each name in the encoder's vocabularies, as CSR arrays per field."""

    ids: dict[str, int] = field(default_factory=dict)
    offsets: dict[str, list[int]] = field(default_factory=dict)
    flat: dict[str, list[int]] = field(default_factory=dict)

    def arrays(
        self, table: RecordTable, name: str, initials: bool = False
    ) -> tuple[Int64Array, Int64Array]:
        """Per name id, its skeletons (none for an initial) or, with `initials`, the first
        letters of all its spellings (an initial's own letter included)."""
        vocab = table.encoder.names[name]
        slot = f"{name}:initials" if initials else name
        offsets = self.offsets.setdefault(slot, [0])
        flat = self.flat.setdefault(slot, [])
        for entry in vocab.info[len(offsets) - 1 :]:
            if initials and entry.key:
                coarse = {skeleton(k)[:1] for k in entry.keys} | set(entry.initials)
            elif entry.key and not entry.is_initial:
                coarse = {skeleton(k) for k in entry.keys}
            else:
                coarse = set()
            flat.extend(self.ids.setdefault(c, len(self.ids) + 1) for c in sorted(coarse))
            offsets.append(len(flat))
        return np.asarray(offsets, np.int64), np.asarray(flat, np.int64)


def _explode(
    values: Int64Array, offsets: Int64Array, flat: Int64Array
) -> tuple[Int64Array, Int64Array]:
    """Each value as one (position, skeleton) per skeleton it has; `position` indexes the
    input, so other columns follow with `column[position]`."""
    counts = offsets[values + 1] - offsets[values]
    position = np.repeat(np.arange(len(values), dtype=np.int64), counts)
    starts = np.repeat(offsets[values] - np.cumsum(counts) + counts, counts)
    return position, flat[starts + np.arange(len(position))]


def record_keys(table: RecordTable, skeletons: Skeletons) -> tuple[Int64Array, Int64Array]:
    """(row, key) for every blocking key of every row."""
    n = len(table)
    rows = np.arange(n, dtype=np.int64)
    csr = {name: skeletons.arrays(table, name) for name in NAME_FIELDS}
    surname, given = table.surname.astype(np.int64), table.given_name.astype(np.int64)
    at, s_skel = _explode(surname, *csr["surname"])
    s_rows = rows[at]
    at, g_skel = _explode(given, *csr["given_name"])
    g_rows = rows[at]
    year = table.year.astype(np.int64)
    full = np.where(
        table.precision == 3,
        year * 400 + table.month.astype(np.int64) * 32 + table.day.astype(np.int64),
        0,
    )
    out_rows: list[Int64Array] = []
    out_keys: list[Int64Array] = []

    def add(rule: int, key_rows: Int64Array, *parts: Int64Array) -> None:
        out_rows.append(key_rows)
        out_keys.append(_mix(np.full(len(key_rows), rule, np.int64), *parts))

    has = year[s_rows] > 0
    add(1, s_rows[has], s_skel[has], year[s_rows[has]])
    has = full[s_rows] > 0
    add(6, s_rows[has], s_skel[has], full[s_rows[has]])
    has = full[g_rows] > 0
    add(5, g_rows[has], g_skel[has], full[g_rows[has]])
    # surname × given name, unordered: "Given Surname" read the wrong way round still meets.
    at, sg_given = _explode(given[s_rows], *csr["given_name"])
    sg_rows, sg_surname = s_rows[at], s_skel[at]
    add(2, sg_rows, np.minimum(sg_surname, sg_given), np.maximum(sg_surname, sg_given))
    at, gp_patronymic = _explode(table.patronymic.astype(np.int64)[g_rows], *csr["patronymic"])
    gp_rows, gp_given = g_rows[at], g_skel[at]
    has = year[gp_rows] > 0
    add(3, gp_rows[has], gp_given[has], gp_patronymic[has], year[gp_rows[has]])
    # Initials: `Шевченко О. М.` meets Олександр by the surname and the given initial, and a
    # misspelled surname with initials still meets by the full date and its first letter.
    at, sg_initial = _explode(given[s_rows], *skeletons.arrays(table, "given_name", True))
    add(7, s_rows[at], s_skel[at], sg_initial)
    at, s_initial = _explode(surname, *skeletons.arrays(table, "surname", True))
    has = full[rows[at]] > 0
    add(8, rows[at][has], s_initial[has], full[rows[at]][has])
    service = table.value_column("service_number").astype(np.int64)
    has_service = service > 0
    add(4, rows[has_service], service[has_service])
    return np.concatenate(out_rows), np.concatenate(out_keys)


@dataclass
class KeyIndex:
    """Blocking keys of one side, sorted for lookup."""

    keys: Int64Array
    rows: Int64Array

    @classmethod
    def build(cls, rows: Int64Array, keys: Int64Array) -> KeyIndex:
        order = np.argsort(keys, kind="stable")
        return cls(keys[order], rows[order])

    def candidates(
        self, query_rows: Int64Array, query_keys: Int64Array, size: int
    ) -> tuple[Int64Array, Int64Array]:
        """Unique (query row, indexed row) pairs sharing a key."""
        lo = np.searchsorted(self.keys, query_keys, "left")
        hi = np.searchsorted(self.keys, query_keys, "right")
        counts = hi - lo
        counts[counts > MAX_BLOCK] = 0
        a = np.repeat(query_rows, counts)
        starts = np.repeat(lo - np.cumsum(counts) + counts, counts)
        b = self.rows[starts + np.arange(len(a))]
        return _unique_pairs(a, b, size)


def _unique_pairs(a: Int64Array, b: Int64Array, size: int) -> tuple[Int64Array, Int64Array]:
    codes = np.unique(a * np.int64(size) + b)
    return codes // size, codes % size


def similarity_order(table: RecordTable, skeletons: Skeletons) -> Int64Array:
    """Each row's rank when rows are sorted by surname, given name and patronymic
    skeletons and the date of birth: records of one person end up side by side."""
    columns = []
    for name in NAME_FIELDS:
        offsets, flat = skeletons.arrays(table, name)
        ids = table.names(name).astype(np.int64)
        has = offsets[ids + 1] > offsets[ids]
        first = flat[np.minimum(offsets[ids], len(flat) - 1)] if len(flat) else ids * 0
        columns.append(np.where(has, first, 0))
    date = (
        table.year.astype(np.int64) * 400
        + table.month.astype(np.int64) * 32
        + table.day.astype(np.int64)
    )
    order = np.lexsort((date, columns[2], columns[1], columns[0]))
    rank = np.empty(len(table), np.int64)
    rank[order] = np.arange(len(table), dtype=np.int64)
    return rank


def self_pairs(
    rows: Int64Array,
    keys: Int64Array,
    size: int,
    order: Int64Array | None = None,
    window: int = WINDOW,
) -> tuple[Int64Array, Int64Array]:
    """Unique pairs (i < j) of rows of one table sharing a key, for deduplication.

    Within a key's block, rows are sorted by `order` (`similarity_order`) and each is paired
    with the next `window - 1` only: a block of 300 men called Мельник born in 1990 gives
    2,700 pairs instead of 45,000, and a man's records, alike in name and date, sit within
    a few places of each other. Blocks no longer than the window are paired whole."""
    sort = np.argsort(keys, kind="stable") if order is None else np.lexsort((order[rows], keys))
    keys, rows = keys[sort], rows[sort]
    n = len(keys)
    if n == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty
    boundaries = np.flatnonzero(np.diff(keys)) + 1
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [n]))
    sizes = ends - starts
    end_of = np.repeat(np.where(sizes > MAX_BLOCK, starts, ends), sizes)
    position = np.arange(n, dtype=np.int64)
    codes: list[Int64Array] = []
    active = position
    # Pairs (t, t + step) inside each block, one distance at a time: the work is the number
    # of pairs, and blocks drop out as soon as they are exhausted.
    for step in range(1, window):
        active = active[active + step < end_of[active]]
        if len(active) == 0:
            break
        first, second = rows[active], rows[active + step]
        keep = first != second
        low, high = np.minimum(first[keep], second[keep]), np.maximum(first[keep], second[keep])
        # Unique as they come: a pair shares several keys, and a million rows' raw pairs
        # would not fit in memory before deduplication.
        codes.append(np.unique(low * np.int64(size) + high))
    if not codes:
        empty = np.zeros(0, np.int64)
        return empty, empty
    unique = np.unique(np.concatenate(codes))
    return unique // size, unique % size
