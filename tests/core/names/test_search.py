"""Script-independent search keys."""

from __future__ import annotations

import re

import pytest

from homeward.core.names.search import name_search_key, search_tokens

ASCII_KEY = re.compile(r"^[a-z0-9]+$")


@pytest.mark.parametrize(
    "spelling",
    [
        "Шевченко",
        "ШЕВЧЕНКО",
        "шевченко",
        "shevchenko",
        "SHEVCHENKO",
        "Shevchenko",
        "Шeвчeнко",  # Latin e
        "ШEВЧEНКО",  # Latin E
        "SНEVCHENKО",  # Cyrillic Н and О
    ],
)
def test_spellings_of_one_surname_share_a_key(spelling: str) -> None:
    assert search_tokens(spelling) == ["shevchenko"]
    assert name_search_key(spelling) == "shevchenko"


@pytest.mark.parametrize(
    "apostrophe",
    [
        "'",
        "\u2019",
        "\u02bc",
        "\u02b9",
        "\u0060",
        "\u00b4",
        "\u2018",
    ],
)
def test_apostrophe_variants_share_a_key(apostrophe: str) -> None:
    assert search_tokens(f"Мар{apostrophe}яна") == ["mariana"]
    assert search_tokens(f"Лук{apostrophe}яненко Мар{apostrophe}яна") == [
        "lukianenko",
        "mariana",
    ]


def test_apostrophe_and_plain_spelling_share_a_key() -> None:
    # Lists typed without the apostrophe must still find the person.
    assert search_tokens("Мар'яна") == search_tokens("Mariana")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Шевченко Тарас Григорович", ["shevchenko", "taras", "hryhorovych"]),
        ("ШЕВЧЕНКО Тарас", ["shevchenko", "taras"]),
        ("Shevchenko Taras Hryhorovych", ["shevchenko", "taras", "hryhorovych"]),
        ("  Шевченко,  Тарас. ", ["shevchenko", "taras"]),
        ("Олександр", ["oleksandr"]),
        ("Oleksandr", ["oleksandr"]),
    ],
)
def test_search_tokens_of_full_names(text: str, tokens: list[str]) -> None:
    assert search_tokens(text) == tokens


def test_search_tokens_removes_duplicates_and_keeps_first_order() -> None:
    assert search_tokens("Тарас Шевченко ТАРАС shevchenko Шeвчeнко тарас") == [
        "taras",
        "shevchenko",
    ]


def test_search_tokens_keeps_word_order() -> None:
    assert search_tokens("Григорович Тарас Шевченко") == ["hryhorovych", "taras", "shevchenko"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Петров-Водкін", ["petrov", "vodkin"]),
        ("Косач-Квітка Лариса", ["kosach", "kvitka", "larysa"]),
        ("Квітка-Основ'яненко", ["kvitka", "osnovianenko"]),
        ("Петров - Водкін", ["petrov", "vodkin"]),
    ],
)
def test_search_tokens_split_hyphenated_names(text: str, tokens: list[str]) -> None:
    assert search_tokens(text) == tokens


@pytest.mark.parametrize("text", ["", "   ", ".,;!", "- ' -", "Ъ"])
def test_search_tokens_drop_empty_keys(text: str) -> None:
    assert search_tokens(text) == []


def test_search_tokens_drop_a_word_without_key_but_keep_the_rest() -> None:
    assert search_tokens("Ъ Іван") == ["ivan"]


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Мар'яна", "mariana"),
        ("Петров-Водкін", "petrovvodkin"),
        ("Олександр", "oleksandr"),
        ("ЩЕРБАК", "shcherbak"),
        ("Эдуард", "eduard"),  # Russian table
        ("ЭДУАРД", "eduard"),
        ("Объедков", "obedkov"),  # the Russian table's apostrophe is dropped
        ("Згурський", "zghurskyi"),
    ],
)
def test_name_search_key(word: str, key: str) -> None:
    assert name_search_key(word) == key


@pytest.mark.parametrize(
    "word",
    ["Шевченко", "Мар'яна", "Їжак", "Ґалаґан", "Эдуард", "Фёдоров", "Shevchenko", "Шeвчeнко"],
)
def test_name_search_key_is_lower_case_ascii(word: str) -> None:
    assert ASCII_KEY.match(name_search_key(word))


@pytest.mark.parametrize("word", ["Фёдорів", "Müller"])
def test_name_search_key_is_ascii_for_mixed_and_accented_words(word: str) -> None:
    assert ASCII_KEY.match(name_search_key(word))


def test_different_names_have_different_keys() -> None:
    keys = {name_search_key(w) for w in ("Шевченко", "Шевчук", "Мельник", "Мельниченко")}
    assert len(keys) == 4
