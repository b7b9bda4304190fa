"""Comparison levels of candidate pairs, field by field, as small integers.

Each field has its levels, level 0 always meaning "cannot compare" (a value is missing),
which weighs nothing. Values repeat, so a field compares each distinct pair of values once
(`by_value_pairs`), keeps the answer, and spreads it over the pairs with NumPy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from homeward.core.linkage.columns import (
    NAME_FIELDS,
    VALUE_FIELDS,
    Encoder,
    RecordTable,
    Vocabulary,
)
from homeward.core.linkage.names import (
    LetterBags,
    NameEntry,
    NameLevel,
    compare_entries,
    compare_many,
    could_be_similar,
)

Int64Array = npt.NDArray[np.int64]
Levels = npt.NDArray[np.int8]

NAME_LEVELS = ("missing", "agree", "close", "similar", "initial", "different")
_NAME_LEVEL = {
    NameLevel.MISSING: 0,
    NameLevel.SAME: 1,
    NameLevel.EQUIVALENT: 1,
    NameLevel.CLOSE: 2,
    NameLevel.SIMILAR: 3,
    NameLevel.INITIAL: 4,
    NameLevel.DIFFERENT: 5,
}
DATE_LEVELS = (
    "unknown",
    "exact",
    "swapped",
    "same_month",
    "same_year",
    "one_year_apart",
    "same_year_other_day",
    "different",
)
CODE_LEVELS = ("missing", "same", "one_character", "different")
WORD_LEVELS = ("missing", "same", "similar", "different")
EXACT_LEVELS = ("missing", "same", "different")


@dataclass(frozen=True)
class Comparison:
    """One field's comparison: its levels and which level, if any, is weighed by how
    common the shared value is (a shared rare surname says more than a shared common one)."""

    name: str
    levels: tuple[str, ...]
    tf_level: int | None = None


@dataclass
class PairCache:
    """Answers for distinct value pairs, kept across calls (the index lives on), and the
    names' letter bags."""

    answers: dict[str, dict[int, int]] = field(default_factory=dict)
    bags: dict[str, LetterBags] = field(default_factory=dict)
    numbers: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict)

    def letter_bags(self, name: str, entries: list[NameEntry]) -> LetterBags:
        found = self.bags.get(name)
        if found is None:
            found = self.bags[name] = LetterBags.of(entries)
        elif len(found.shortest) < len(entries):
            found = self.bags[name] = found.extended(entries)
        return found

    def prepare(self, encoder: Encoder) -> None:
        """Derive what comparisons need from the vocabularies as they stand."""
        for name, vocabulary in encoder.names.items():
            self.letter_bags(name, vocabulary.info)
        for name, levels in _VALUE_LEVELS_OF.items():
            if levels is WORD_LEVELS:
                self.number_signatures(name, encoder.values[name].info)

    def number_signatures(self, name: str, info: list[Any]) -> npt.NDArray[np.int64]:
        """Per value of a free-text field, a number standing for the set of numbers in
        it (0 when it has none): `36 бригада` and `35 brigade` differ at a glance."""
        found = self.numbers.get(name, np.zeros(0, np.int64))
        if len(found) < len(info):
            more = np.fromiter(
                (_numbers_signature(tokens) for tokens in info[len(found) :]), np.int64
            )
            found = self.numbers[name] = np.concatenate([found, more])
        return found


def _numbers(tokens: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for t in tokens if any(ch.isdigit() for ch in t))


def _numbers_signature(tokens: object) -> int:
    numbers = _numbers(tokens) if isinstance(tokens, tuple) else frozenset()
    # Python's hash of a frozenset of str varies between runs but not within one, which
    # is all a comparison needs; 0 is kept for "no numbers".
    return hash(numbers) or 1 if numbers else 0


Possible = Callable[[Int64Array, Int64Array], npt.NDArray[np.bool_]]


def by_value_pairs(
    a_ids: npt.NDArray[np.int32],
    b_ids: npt.NDArray[np.int32],
    compare: Callable[[int, int], int],
    cache: dict[int, int],
    same: int = 1,
    possible: Possible | None = None,
    otherwise: int = 0,
    compare_many: Callable[[list[int], list[int]], list[int]] | None = None,
) -> Levels:
    """Level of each pair from the level of each distinct pair of value ids. `possible`,
    when given, rules out in bulk the pairs that can only get level `otherwise`;
    `compare_many`, when given, answers the pairs not yet known in one call."""
    a, b = a_ids.astype(np.int64), b_ids.astype(np.int64)
    levels = np.where((a == b) & (a > 0), same, 0).astype(np.int8)
    todo = (a != b) & (a > 0) & (b > 0)
    if not todo.any():
        return levels
    codes = a[todo] << np.int64(32) | b[todo]
    unique, inverse = np.unique(codes, return_inverse=True)
    answers = np.full(len(unique), otherwise, np.int8)
    ask = np.arange(len(unique))
    if possible is not None:
        ask = np.flatnonzero(possible(unique >> np.int64(32), unique & np.int64(0xFFFFFFFF)))
    missing: list[tuple[int, int]] = []
    for k, code in zip(ask.tolist(), unique[ask].tolist(), strict=True):
        found = cache.get(code)
        if found is not None:
            answers[k] = found
        elif compare_many is None:
            answers[k] = cache[code] = compare(code >> 32, code & 0xFFFFFFFF)
        else:
            missing.append((k, code))
    if missing and compare_many is not None:
        codes_missing = [code for _, code in missing]
        found_many = compare_many(
            [code >> 32 for code in codes_missing], [code & 0xFFFFFFFF for code in codes_missing]
        )
        for (k, code), level in zip(missing, found_many, strict=True):
            answers[k] = cache[code] = level
    levels[todo] = answers[inverse]
    return levels


def _names(
    name: str, A: RecordTable, B: RecordTable, a: Int64Array, b: Int64Array, cache: PairCache
) -> Levels:
    info = A.encoder.names[name].info
    bags = cache.letter_bags(name, info)

    def compare(x: int, y: int) -> int:
        return _NAME_LEVEL[compare_entries(info[x], info[y]).level]

    def possible(x: Int64Array, y: Int64Array) -> npt.NDArray[np.bool_]:
        return could_be_similar(bags, x, bags, y)

    def many(xs: list[int], ys: list[int]) -> list[int]:
        return [_NAME_LEVEL[level] for level in compare_many(info, xs, ys)]

    a_ids = A.names(name)[a]
    levels = by_value_pairs(
        a_ids,
        B.names(name)[b],
        compare,
        cache.answers.setdefault(name, {}),
        possible=possible,
        otherwise=_NAME_LEVEL[NameLevel.DIFFERENT],
        compare_many=many,
    )
    # Two equal initials agree only as initials do. Only the agreeing values are looked
    # up: the vocabulary of a million-person registry is far larger than a list's names.
    agree = np.flatnonzero(levels == 1)
    values, where = np.unique(a_ids[agree], return_inverse=True)
    initial = np.array([info[v].is_initial for v in values.tolist()], np.bool_)
    levels[agree[initial[where]]] = 4
    return levels


def _dates(A: RecordTable, B: RecordTable, a: Int64Array, b: Int64Array) -> Levels:
    ya, yb = A.year[a].astype(np.int32), B.year[b].astype(np.int32)
    ma, mb = A.month[a], B.month[b]
    da, db = A.day[a], B.day[b]
    pa, pb = A.precision[a], B.precision[b]
    coarse = np.minimum(pa, pb)  # 3 day, 2 month, 1 year, 0 unknown
    same_year = ya == yb
    near_year = np.abs(ya - yb) == 1
    levels = np.full(len(a), 7, np.int8)
    day = coarse == 3
    levels[day & same_year & (ma == mb) & (da == db)] = 1
    levels[day & same_year & (ma == db) & (da == mb) & (ma != mb)] = 2
    levels[day & near_year & (ma == mb) & (da == db)] = 5
    levels[day & same_year & (levels == 7)] = 6
    month = coarse == 2
    levels[month & same_year & (ma == mb)] = 3
    levels[month & same_year & (ma != mb)] = 6
    levels[month & near_year & (ma == mb)] = 5
    year = coarse == 1
    levels[year & same_year] = 4
    levels[year & near_year] = 5
    levels[coarse == 0] = 0
    return levels


def _code_level(x: object, y: object) -> int:
    text_x, text_y = str(x), str(y)
    return 2 if len(text_x) > 3 and OSA.distance(text_x, text_y) <= 1 else 3


def _word_level(x: object, y: object) -> int:
    assert isinstance(x, tuple) and isinstance(y, tuple)
    numbers_x, numbers_y = _numbers(x), _numbers(y)
    if numbers_x and numbers_y and numbers_x != numbers_y:
        return 3  # "36 brigade" and "35 brigade" are different units
    similar = fuzz.token_set_ratio(" ".join(x), " ".join(y)) >= 80 or (
        numbers_x and numbers_x == numbers_y
    )
    return 2 if similar else 3


def _different(x: object, y: object) -> int:
    return 2  # equal values never get here: `by_value_pairs` settles them


# How each value field is compared: its levels, and the level of two unequal values.
_VALUE_LEVELS = {"service_number": CODE_LEVELS, "rank": EXACT_LEVELS, "postcode": EXACT_LEVELS}
_VALUE_LEVELS_OF = {name: _VALUE_LEVELS.get(name, WORD_LEVELS) for name in VALUE_FIELDS}
_UNEQUAL: dict[tuple[str, ...], Callable[[object, object], int]] = {
    CODE_LEVELS: _code_level,
    EXACT_LEVELS: _different,
    WORD_LEVELS: _word_level,
}
# Value fields whose agreement weighs by how common the shared value is.
_TF_VALUE_FIELDS = frozenset({"unit", "place_of_birth", "postcode", "occupation"})


def _values(
    comparison: Comparison,
    A: RecordTable,
    B: RecordTable,
    a: Int64Array,
    b: Int64Array,
    cache: PairCache,
) -> Levels:
    """Levels of a value field or an extra attribute (kept as "extra:HEADER")."""
    name = comparison.name
    extra = name.removeprefix("extra:")
    if extra != name:
        ids_a, ids_b = A.extras[extra], B.extras[extra]
    else:
        ids_a, ids_b = A.value_column(name), B.value_column(name)
    info = A.encoder.values[name].info
    unequal = _UNEQUAL[comparison.levels]

    def compare(x: int, y: int) -> int:
        return unequal(info[x], info[y])

    possible: Possible | None = None
    if comparison.levels is WORD_LEVELS:
        signatures = cache.number_signatures(name, info)

        def possible(x: Int64Array, y: Int64Array) -> npt.NDArray[np.bool_]:
            sx, sy = signatures[x], signatures[y]
            found: npt.NDArray[np.bool_] = (sx == 0) | (sy == 0) | (sx == sy)
            return found

    answers = cache.answers.setdefault(name, {})
    return by_value_pairs(ids_a[a], ids_b[b], compare, answers, possible=possible, otherwise=3)


def comparisons_for(A: RecordTable, B: RecordTable) -> list[Comparison]:
    """The comparisons both sides can make: names, date of birth and sex always, every
    other field and extra attribute that both sides have."""
    found = [Comparison(name, NAME_LEVELS, tf_level=1) for name in NAME_FIELDS]
    found.append(Comparison("date_of_birth", DATE_LEVELS))
    found.append(Comparison("sex", EXACT_LEVELS))
    for name in VALUE_FIELDS:
        if name in A.values and name in B.values:
            levels = _VALUE_LEVELS_OF[name]
            tf = 1 if name in _TF_VALUE_FIELDS else None
            found.append(Comparison(name, levels, tf_level=tf))
    for name in sorted(set(A.extras) & set(B.extras)):
        found.append(Comparison(f"extra:{name}", EXACT_LEVELS, tf_level=1))
    return found


def compare(
    comparisons: list[Comparison],
    A: RecordTable,
    B: RecordTable,
    a: Int64Array,
    b: Int64Array,
    cache: PairCache,
) -> Levels:
    """Levels of every pair (rows a of A with rows b of B): one column per comparison."""
    out = np.zeros((len(a), len(comparisons)), np.int8)
    for k, comparison in enumerate(comparisons):
        name = comparison.name
        if name in NAME_FIELDS:
            out[:, k] = _names(name, A, B, a, b, cache)
        elif name == "date_of_birth":
            out[:, k] = _dates(A, B, a, b)
        elif name == "sex":
            sa, sb = A.sex[a], B.sex[b]
            out[:, k] = np.where((sa == 0) | (sb == 0), 0, np.where(sa == sb, 1, 2))
        else:
            out[:, k] = _values(comparison, A, B, a, b, cache)
    return out


def tf_vocabulary(comparison: Comparison, encoder: Encoder) -> Vocabulary[Any]:
    """The vocabulary the comparison's value ids index."""
    if comparison.name in encoder.names:
        return encoder.names[comparison.name]
    return encoder.values[comparison.name]  # extras are kept there as "extra:HEADER"


def tf_values(comparison: Comparison, table: RecordTable) -> npt.NDArray[np.int32] | None:
    """The value ids whose frequency weighs the comparison's agreeing level."""
    name = comparison.name
    if comparison.tf_level is None:
        return None
    if name in NAME_FIELDS:
        return table.names(name)
    if name.startswith("extra:"):
        return table.extras[name.removeprefix("extra:")]
    return table.value_column(name)
