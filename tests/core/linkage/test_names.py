"""Name comparison levels (issue 3)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.core.linkage import NameLevel, compare_names
from homeward.core.linkage.names import (
    LetterBags,
    compare_entries,
    compare_many,
    could_be_similar,
    name_entry,
)
from homeward.core.names.equivalents import NameKind

G, P, S = NameKind.GIVEN, NameKind.PATRONYMIC, NameKind.SURNAME


@pytest.mark.parametrize(
    ("first", "second", "kind", "level"),
    [
        ("Шевченко", "ШЕВЧЕНКО", S, NameLevel.SAME),
        ("Шевченко", "shevchenko", S, NameLevel.SAME),
        ("Лук'яненко", "Лук’яненко", S, NameLevel.SAME),
        ("Олександр", "Александр", G, NameLevel.EQUIVALENT),
        ("Олександр", "Alexander", G, NameLevel.EQUIVALENT),
        ("Миколайович", "Николаевич", P, NameLevel.EQUIVALENT),
        ("Олександр", "Олесандр", G, NameLevel.CLOSE),  # a letter dropped
        ("Шевченко", "Шевчинко", S, NameLevel.CLOSE),
        ("Shevchenko", "Shevcenko", S, NameLevel.CLOSE),
        ("Олександр", "О", G, NameLevel.INITIAL),
        ("Олександр", "А", G, NameLevel.INITIAL),  # the Russian form's initial
        ("Олександр", "М", G, NameLevel.DIFFERENT),
        # Initials whose letter transliterates to several: still initials, and they agree
        # with every spelling the letter begins.
        ("Юрій", "Ю.", G, NameLevel.INITIAL),
        ("Yurii", "Ю", G, NameLevel.INITIAL),
        ("Iaroslav", "Я.", G, NameLevel.INITIAL),
        ("Шевченко", "Ш.", S, NameLevel.INITIAL),
        ("Жанна", "Ж", G, NameLevel.INITIAL),
        ("Євген", "Є", G, NameLevel.INITIAL),
        ("Ігор", "Ю.", G, NameLevel.DIFFERENT),
        ("Ю.", "Y.", G, NameLevel.INITIAL),
        ("Ю.", "О.", G, NameLevel.DIFFERENT),
        ("Олександр", "", G, NameLevel.MISSING),
        ("", "  ", S, NameLevel.MISSING),
        # Different names that share a beginning are not typos of each other.
        ("Олександр", "Олексій", G, NameLevel.DIFFERENT),
        ("Іван", "Іванна", G, NameLevel.DIFFERENT),
        ("Миколайович", "Михайлович", P, NameLevel.DIFFERENT),
        ("Бойко", "Бойченко", S, NameLevel.DIFFERENT),
    ],
)
def test_levels(first: str, second: str, kind: NameKind, level: NameLevel) -> None:
    assert compare_names(first, second, kind).level is level
    assert compare_names(second, first, kind).level is level


def test_similarity_is_reported_for_fuzzy_levels() -> None:
    comparison = compare_names("Шевченко", "Шевчинко", S)
    assert 0.94 <= comparison.similarity < 1.0


# --- ruling pairs out before Jaro–Winkler ---------------------------------------------------

_NAMES = [
    "Шевченко", "Shevchenko", "ШЕВЧЕНКО", "Шевчинко", "Шевчук", "Бойко", "Бойченко", "Ковальчук",
    "Коваль", "Kovalchuk", "Олександр", "Александр", "Alexander", "Олесандр", "Олексій", "Юрій",
    "Iurii", "Yuriy", "Ю", "Ш", "О", "Ярослав", "Iaroslav", "Мельник", "Melnyk", "Мельничук",
    "Лук'яненко", "Лукяненко", "Щербак", "Shcherbak", "Щербань", "Іван", "Іванна", "",
]  # fmt: skip


def test_letter_bags_never_rule_out_a_pair_that_is_not_different() -> None:
    entries = [name_entry(n, S) for n in _NAMES]
    bags = LetterBags.of(entries)
    pairs = [(i, j) for i in range(len(entries)) for j in range(len(entries))]
    x = np.array([i for i, _ in pairs], np.int64)
    y = np.array([j for _, j in pairs], np.int64)
    possible = could_be_similar(bags, x, bags, y)
    levels = [compare_entries(entries[i], entries[j]).level for i, j in pairs]
    assert all(
        level is NameLevel.DIFFERENT for level, p in zip(levels, possible, strict=True) if not p
    )
    # …and they do rule most unrelated pairs out: that is their point.
    different = sum(level is NameLevel.DIFFERENT for level in levels)
    assert (~possible).sum() > different / 2


@settings(max_examples=300, deadline=None)
@given(
    first=st.sampled_from(_NAMES),
    second=st.text(alphabet="абвгдежзиіїйклмнопрстуфхцчшщьюяєґabcdehiklmnorsuvyz'", max_size=12),
)
def test_letter_bags_hold_for_any_spelling(first: str, second: str) -> None:
    entries = [name_entry(first, S), name_entry(second, S)]
    bags = LetterBags.of(entries)
    ruled_out = not could_be_similar(bags, np.array([0]), bags, np.array([1]))[0]
    if ruled_out:
        assert compare_entries(entries[0], entries[1]).level is NameLevel.DIFFERENT


def test_letter_bags_grow_with_the_vocabulary() -> None:
    entries = [name_entry(n, S) for n in _NAMES]
    grown = LetterBags.of(entries[:5]).extended(entries)
    whole = LetterBags.of(entries)
    assert (grown.counts == whole.counts).all() and (grown.shortest == whole.shortest).all()


@pytest.mark.parametrize("kind", [S, G])
def test_comparing_many_pairs_at_once_gives_each_pairs_level(kind: NameKind) -> None:
    entries = [name_entry(n, kind) for n in _NAMES]
    xs = [i for i in range(len(entries)) for _ in range(len(entries))]
    ys = [j for _ in range(len(entries)) for j in range(len(entries))]
    expected = [compare_entries(entries[x], entries[y]).level for x, y in zip(xs, ys, strict=True)]
    assert compare_many(entries, xs, ys) == expected
    assert set(expected) >= {NameLevel.SAME, NameLevel.CLOSE, NameLevel.DIFFERENT}
