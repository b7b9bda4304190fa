"""Unicode, apostrophe, spacing and look-alike-letter normalisation of names."""

from __future__ import annotations

import pytest

from homeward.core.names.normalize import (
    Script,
    detect_script,
    fix_lookalikes,
    normalize_apostrophes,
    normalize_text,
)

# Every apostrophe variant the brief names, plus the extra ones the module lists.
APOSTROPHE_VARIANTS = {
    "ascii": "'",
    "right single quotation mark": "\u2019",
    "modifier letter apostrophe": "\u02bc",
    "modifier letter prime": "\u02b9",
    "grave accent": "\u0060",
    "acute accent": "\u00b4",
    "left single quotation mark": "\u2018",
    "modifier letter turned comma": "\u02bb",
    "prime": "\u2032",
    "fullwidth apostrophe": "\uff07",
}

# NFKC decomposes the acute accent U+00B4 into a space and a combining acute, so
# normalize_text must unify apostrophes before it: the acute-accent cases guard that.


def _variant_params() -> list[object]:
    return [pytest.param(char, id=name) for name, char in APOSTROPHE_VARIANTS.items()]


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


# --- normalize_apostrophes ---------------------------------------------------------------


@pytest.mark.parametrize("apostrophe", APOSTROPHE_VARIANTS.values(), ids=APOSTROPHE_VARIANTS)
def test_normalize_apostrophes_maps_every_variant_to_ascii(apostrophe: str) -> None:
    assert normalize_apostrophes(f"Мар{apostrophe}яна") == "Мар'яна"


def test_normalize_apostrophes_replaces_every_occurrence_and_nothing_else() -> None:
    assert normalize_apostrophes("В\u2019ячеслав Мар\u02bcяна, Лук`яненко!") == (
        "В'ячеслав Мар'яна, Лук'яненко!"
    )


def test_normalize_apostrophes_leaves_double_quotes_alone() -> None:
    assert normalize_apostrophes('"Мар\u201dяна"') == '"Мар\u201dяна"'


# --- normalize_text: apostrophes ---------------------------------------------------------


@pytest.mark.parametrize("apostrophe", _variant_params())
def test_normalize_text_unifies_apostrophe_variants(apostrophe: str) -> None:
    assert normalize_text(f"Мар{apostrophe}яна") == "Мар'яна"


@pytest.mark.parametrize("apostrophe", _variant_params())
def test_normalize_text_apostrophe_variants_inside_full_name(apostrophe: str) -> None:
    text = f"Лук{apostrophe}яненко Мар{apostrophe}яна"
    assert normalize_text(text) == "Лук'яненко Мар'яна"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'Мар'яна'", "Мар'яна"),
        ("-Іван-", "Іван"),
        ("'-Петро-'", "Петро"),
        ("\u2019Олег\u2019", "Олег"),
    ],
)
def test_normalize_text_strips_apostrophes_and_hyphens_around_words(
    text: str, expected: str
) -> None:
    assert normalize_text(text) == expected


# --- normalize_text: look-alike letters --------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Шeвчeнко", "Шевченко"),  # Latin e
        ("Kовальчук", "Ковальчук"),  # Latin K
        ("Бoйкo", "Бойко"),  # Latin o
        ("Мeльник", "Мельник"),  # Latin e
        ("Ткaчeнкo", "Ткаченко"),  # Latin a, e, o
        ("Пoлiщук", "Поліщук"),  # Latin o and i
        ("OЛЕКСАНДР", "ОЛЕКСАНДР"),  # Latin capital O
        ("Xарків", "Харків"),  # Latin capital X
    ],
)
def test_latin_lookalikes_in_cyrillic_word_are_repaired(typed: str, expected: str) -> None:
    assert any(ch.isascii() for ch in typed)  # the input really is mixed
    result = normalize_text(typed)
    assert result == expected
    assert all(_is_cyrillic(ch) for ch in result)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Ivanоv", "Ivanov"),  # Cyrillic о
        ("Kоvаl", "Koval"),  # Cyrillic о and а
        ("Сhernenko", "Chernenko"),  # Cyrillic С
        ("SНEVCHENKО", "SHEVCHENKO"),  # Cyrillic Н and О
        ("Мaria", "Maria"),  # Cyrillic М
    ],
)
def test_cyrillic_lookalikes_in_latin_word_are_repaired(typed: str, expected: str) -> None:
    assert any(_is_cyrillic(ch) for ch in typed)  # the input really is mixed
    result = normalize_text(typed)
    assert result == expected
    assert result.isascii()


@pytest.mark.parametrize("word", ["Шевченко", "Shevchenko", "Мар'яна", "Їжак", "", "1990"])
def test_fix_lookalikes_leaves_single_script_words_alone(word: str) -> None:
    assert fix_lookalikes(word) == word


def test_fix_lookalikes_works_word_by_word_in_normalize_text() -> None:
    assert normalize_text("Шeвчeнко Ivanоv") == "Шевченко Ivanov"


def test_fix_lookalikes_prefers_cyrillic_on_a_tie() -> None:
    assert fix_lookalikes("Аa") == "Аа"


def test_fix_lookalikes_repairs_only_visual_twins() -> None:
    # Latin "b" has no Cyrillic twin in the table: it stays, the "e" is repaired.
    assert fix_lookalikes("Шeвчeнкоb") == "Шевченкоb"


# --- normalize_text: NFKC, punctuation, spacing -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ｓｈｅｖｃｈｅｎｋｏ", "Shevchenko"),  # full-width Latin
        ("ﬁlip", "filip"),  # ligature
        ("Андрі" + "и\u0306", "Андрій"),  # decomposed й
        ("Киі\u0308в", "Київ"),  # decomposed ї
        ("Шевченко\u00a0Тарас", "Шевченко Тарас"),  # no-break space
        ("Шевченко\u2003Тарас", "Шевченко Тарас"),  # em space
    ],
)
def test_normalize_text_applies_nfkc(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Шевченко,,  Тарас;\tГригорович!! ", "Шевченко Тарас Григорович"),
        ("Шевченко_Тарас", "Шевченко Тарас"),
        ("Шевченко (Тарас)", "Шевченко Тарас"),
        ("Шевченко — Тарас", "Шевченко Тарас"),
        ("Шевченко - Тарас", "Шевченко Тарас"),
        ("Шевченко\n\nТарас", "Шевченко Тарас"),
        ("«Шевченко» Т.Г.", "Шевченко Т Г"),
        ("Петров-Водкін", "Петров-Водкін"),
        ("24 бригада", "24 бригада"),
        ("", ""),
        ("   ", ""),
        (".,;!?()", ""),
        ("- ' -", ""),
    ],
)
def test_normalize_text_collapses_punctuation_and_spaces(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


def test_normalize_text_keeps_case() -> None:
    assert normalize_text("ШЕВЧЕНКО тарас") == "ШЕВЧЕНКО тарас"


@pytest.mark.parametrize(
    "text", ["Шевченко Тарас", "Мар'яна", "Петров-Водкін", "Shevchenko", "ШЕВЧЕНКО"]
)
def test_normalize_text_is_idempotent_on_clean_text(text: str) -> None:
    assert normalize_text(text) == text
    assert normalize_text(normalize_text(text)) == text


# --- detect_script -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Іван", Script.UKRAINIAN),
        ("Олексій", Script.UKRAINIAN),
        ("Їжак", Script.UKRAINIAN),
        ("Київ", Script.UKRAINIAN),
        ("Євген", Script.UKRAINIAN),
        ("Ярошенко Євгенія", Script.UKRAINIAN),
        ("Ґалаґан", Script.UKRAINIAN),
        ("ґанок", Script.UKRAINIAN),
        ("Рыбаков", Script.RUSSIAN),
        ("Эдуард", Script.RUSSIAN),
        ("Объедков", Script.RUSSIAN),
        ("Фёдоров", Script.RUSSIAN),
        ("ЁЖИК", Script.RUSSIAN),
        ("Шевченко", Script.CYRILLIC),
        ("Олег Бойко", Script.CYRILLIC),
        ("Сергей", Script.CYRILLIC),
        ("Shevchenko", Script.LATIN),
        ("Müller", Script.LATIN),
        ("Oleksandr Ї", Script.LATIN),  # mostly Latin letters
        ("Фёдорів", Script.MIXED),
        ("Їжаков Эдуард", Script.MIXED),
        ("", Script.NONE),
        ("   ", Script.NONE),
        ("1990", Script.NONE),
        ("-'.,", Script.NONE),
    ],
)
def test_detect_script(text: str, expected: Script) -> None:
    assert detect_script(text) is expected


def test_detect_script_ignores_digits_and_punctuation() -> None:
    assert detect_script("Іван, 1990 р.н.") is Script.UKRAINIAN
    assert detect_script("Ivan 1990 1991 1992 1993") is Script.LATIN
