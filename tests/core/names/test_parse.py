"""Full-name parsing in the orders lists use (issue 3)."""

from __future__ import annotations

import pytest

from homeward.core.names.parse import ParsedName, is_patronymic, parse_full_name

CASES = [
    ("ШЕВЧЕНКО Олександр Миколайович", ("ШЕВЧЕНКО", "Олександр", "Миколайович")),
    ("Шевченко Олександр Миколайович", ("Шевченко", "Олександр", "Миколайович")),
    ("Олександр Миколайович Шевченко", ("Шевченко", "Олександр", "Миколайович")),
    ("ШЕВЧЕНКО Александр Николаевич", ("ШЕВЧЕНКО", "Александр", "Николаевич")),
    ("SHEVCHENKO Oleksandr Mykolaiovych", ("SHEVCHENKO", "Oleksandr", "Mykolaiovych")),
    ("Олександр ШЕВЧЕНКО", ("ШЕВЧЕНКО", "Олександр", "")),
    ("Alexander Shevchenko", ("Shevchenko", "Alexander", "")),
    ("Oleksandr Shevchenko", ("Shevchenko", "Oleksandr", "")),
    ("Shevchenko Oleksandr", ("Shevchenko", "Oleksandr", "")),
    ("Шевченко Олександр", ("Шевченко", "Олександр", "")),
    ("Олександр Шевченко", ("Шевченко", "Олександр", "")),
    ("Мельник Марія Іванівна", ("Мельник", "Марія", "Іванівна")),
    ("Петренко Ілля Ілліч", ("Петренко", "Ілля", "Ілліч")),
    ("Косач-Квітка Лариса Петрівна", ("Косач-Квітка", "Лариса", "Петрівна")),
    ("  шевченко   олександр  ", ("шевченко", "олександр", "")),
    ("Шевченко", ("Шевченко", "", "")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_full_names(text: str, expected: tuple[str, str, str]) -> None:
    parsed = parse_full_name(text)
    assert (parsed.surname, parsed.given_name, parsed.patronymic) == expected


@pytest.mark.parametrize(
    "text", ["Шевченко О. М.", "Шевченко О.М.", "О.М. Шевченко", "О. М. Шевченко"]
)
def test_initials(text: str) -> None:
    assert parse_full_name(text) == ParsedName("Шевченко", "О", "М", True, True)


def test_one_initial() -> None:
    parsed = parse_full_name("Shevchenko O.")
    assert (parsed.surname, parsed.given_initial, parsed.patronymic) == ("Shevchenko", "O", "")
    assert parsed.given_is_initial and not parsed.patronymic_is_initial


def test_empty() -> None:
    assert parse_full_name("  ") == ParsedName()


@pytest.mark.parametrize(
    "word",
    [
        "Миколайович",
        "Николаевич",
        "Сергіївна",
        "Сергеевна",
        "Ілліч",
        "Mykolaiovych",
        "Nikolaevich",
        "Ivanivna",
        "Petrovna",
    ],
)
def test_patronymics_are_recognised_by_suffix(word: str) -> None:
    assert is_patronymic(word)


@pytest.mark.parametrize("word", ["Шевченко", "Мельник", "Олександр", "Ivan", "Petrenko"])
def test_other_names_are_not_patronymics(word: str) -> None:
    assert not is_patronymic(word)


def test_a_given_initial_with_a_full_patronymic() -> None:
    parsed = parse_full_name("ТКАЧУК А. Викторович")
    assert (parsed.surname, parsed.given_name, parsed.patronymic) == ("ТКАЧУК", "А", "Викторович")
    assert parsed.given_is_initial and not parsed.patronymic_is_initial
