"""Name equivalents across Ukrainian, Russian and Latin spellings (issue 3's examples)."""

from __future__ import annotations

import pytest

from homeward.core.names.equivalents import NameKind, name_equivalents

GIVEN = [
    ("Олександр", ["Александр", "Oleksandr", "Aleksandr", "Alexander", "ОЛЕКСАНДР"]),
    ("Микола", ["Николай", "Mykola", "Nikolai", "Nikolay"]),
    ("Сергій", ["Сергей", "Serhii", "Sergei", "Sergey"]),
    ("Григорій", ["Григорий", "Hryhorii", "Grigorii"]),
    ("Юрій", ["Юрий", "Yurii", "Iurii", "Yuriy"]),
    ("Андрій", ["Андрей", "Andrii", "Andrei", "Andrew"]),
    ("Євген", ["Евгений", "Yevhen", "Evgenii", "Eugene"]),
    ("Михайло", ["Михаил", "Mykhailo", "Mikhail", "Michael"]),
]


@pytest.mark.parametrize(("name", "spellings"), GIVEN, ids=[g[0] for g in GIVEN])
def test_given_name_spellings_are_equivalent(name: str, spellings: list[str]) -> None:
    equivalents = name_equivalents()
    for spelling in spellings:
        assert equivalents.equivalent(name, spelling, NameKind.GIVEN), spelling
        assert equivalents.equivalent(spelling, name, NameKind.GIVEN), spelling


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Олександр", "Олексій"),
        ("Микола", "Михайло"),
        ("Сергій", "Андрій"),
        ("Alexander", "Alexei"),
        ("Юрій", "Ігор"),
        ("Іван", "Ivanna"),
    ],
)
def test_different_given_names_are_not_equivalent(first: str, second: str) -> None:
    assert not name_equivalents().equivalent(first, second, NameKind.GIVEN)


@pytest.mark.parametrize(
    ("ukrainian", "other"),
    [
        ("Миколайович", "Николаевич"),
        ("Миколайович", "Mykolaiovych"),
        ("Миколайович", "Nikolaevich"),
        ("Олександрович", "Александрович"),
        ("Сергіївна", "Сергеевна"),
        ("Юрійович", "Юрьевич"),
    ],
)
def test_patronymics_are_equivalent(ukrainian: str, other: str) -> None:
    assert name_equivalents().equivalent(ukrainian, other, NameKind.PATRONYMIC)


def test_brothers_patronymic_does_not_match_another_fathers() -> None:
    assert not name_equivalents().equivalent("Миколайович", "Михайлович", NameKind.PATRONYMIC)


@pytest.mark.parametrize(
    ("ukrainian", "other"), [("Олійник", "Олейник"), ("Шевченко", "Shevchenko")]
)
def test_surnames(ukrainian: str, other: str) -> None:
    assert name_equivalents().equivalent(ukrainian, other, NameKind.SURNAME)


def test_both_directions_of_the_dictionary() -> None:
    equivalents = name_equivalents()
    assert "Александр" in equivalents.russian_forms("Олександр", NameKind.GIVEN)
    assert "Олександр" in equivalents.ukrainian_forms("Александр", NameKind.GIVEN)
    assert "Миколайович" in equivalents.ukrainian_forms("Николаевич", NameKind.PATRONYMIC)


def test_keys_are_ascii_and_never_empty_strings() -> None:
    keys = name_equivalents().keys("Григорій", NameKind.GIVEN)
    assert keys and all(k.isascii() and k.isalnum() for k in keys)


def test_unknown_latin_names_match_only_themselves() -> None:
    equivalents = name_equivalents()
    assert equivalents.keys("Zbigniew", NameKind.GIVEN) == {"zbigniew"}
    assert not equivalents.equivalent("Zbigniew", "Олександр", NameKind.GIVEN)
