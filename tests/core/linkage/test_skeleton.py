"""Blocking skeletons: what survives transliteration schemes (issue 3)."""

from __future__ import annotations

import pytest

from homeward.core.linkage.skeleton import skeleton


@pytest.mark.parametrize(
    "variants",
    [
        # Ukrainian KMU, Czech-style, French and German spellings of Шевченко.
        ("shevchenko", "sevcenko", "chevtchenko", "schewtschenko"),
        ("oleksandr", "aleksandr", "alexandr", "alexander"),
        ("hryhorii", "grigorii", "grigoriy", "hryhoriy"),
        ("serhii", "sergii", "sergiy", "serhiy"),
        ("yurii", "iurii", "yuriy", "jurij"),
    ],
)
def test_transliteration_variants_collide(variants: tuple[str, ...]) -> None:
    skeletons = {skeleton(v) for v in variants}
    assert len(skeletons) == 1, {v: skeleton(v) for v in variants}


def test_known_skeletons() -> None:
    assert skeleton("shevchenko") == "svsnk"
    assert skeleton("oleksandr") == "alksndr"  # a leading vowel becomes "a"
    assert skeleton("hryhorii") == "hrhr"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("shevchenko", "shevchuk"),
        ("oleksandr", "oleksii"),
        ("boiko", "boichenko"),
        ("melnyk", "mazur"),
    ],
)
def test_different_names_do_not_collide(first: str, second: str) -> None:
    assert skeleton(first) != skeleton(second)


def test_empty_input() -> None:
    assert skeleton("") == ""


def test_a_key_of_vowels_only_is_not_lost() -> None:
    assert skeleton("y") == "y"  # folded to nothing: the key's first letter stays
    assert skeleton("ia") == "a"
