"""Name comparison levels (issue 3)."""

from __future__ import annotations

import pytest

from homeward.core.linkage import NameLevel, compare_names
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
