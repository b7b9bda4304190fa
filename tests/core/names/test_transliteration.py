"""Transliteration: KMU 2010 for Ukrainian, the Russian passport table for Russian words."""

from __future__ import annotations

import pytest

from homeward.core.names.transliteration import kmu2010, to_latin

# Examples from the table of Cabinet of Ministers resolution No. 55 of 27.01.2010.
KMU_OFFICIAL_EXAMPLES = [
    ("Алушта", "Alushta"),
    ("Андрій", "Andrii"),
    ("Борщагівка", "Borshchahivka"),
    ("Вінниця", "Vinnytsia"),
    ("Гадяч", "Hadiach"),
    ("Згорани", "Zghorany"),
    ("Ґалаґан", "Galagan"),
    ("Дон", "Don"),
    ("Рівне", "Rivne"),
    ("Єнакієве", "Yenakiieve"),
    ("Наталія", "Nataliia"),
    ("Житомир", "Zhytomyr"),
    ("Закарпаття", "Zakarpattia"),
    ("Медвин", "Medvyn"),
    ("Іршава", "Irshava"),
    ("Їжакевич", "Yizhakevych"),
    ("Кадиївка", "Kadyivka"),
    ("Йосипівка", "Yosypivka"),
    ("Стрий", "Stryi"),
    ("Олексій", "Oleksii"),
    ("Київ", "Kyiv"),
    ("Лебедин", "Lebedyn"),
    ("Миколаїв", "Mykolaiv"),
    ("Ніжин", "Nizhyn"),
    ("Одеса", "Odesa"),
    ("Полтава", "Poltava"),
    ("Решетилівка", "Reshetylivka"),
    ("Суми", "Sumy"),
    ("Тетерів", "Teteriv"),
    ("Ужгород", "Uzhhorod"),
    ("Фастів", "Fastiv"),
    ("Харків", "Kharkiv"),
    ("Біла Церква", "Bila Tserkva"),
    ("Чернівці", "Chernivtsi"),
    ("Шостка", "Shostka"),
    ("Гоща", "Hoshcha"),
    ("Щербухи", "Shcherbukhy"),
    ("Юрій", "Yurii"),
    ("Крюківка", "Kriukivka"),
    ("Яготин", "Yahotyn"),
    ("Ічня", "Ichnia"),
    ("Короп'є", "Koropie"),
    ("Знам'янка", "Znamianka"),
    ("Розгон", "Rozghon"),
    ("Згурський", "Zghurskyi"),
]

# Names that the registry sees every day.
KMU_NAMES = [
    ("Шевченко", "Shevchenko"),
    ("Олександр", "Oleksandr"),
    ("Миколайович", "Mykolaiovych"),
    ("Євген", "Yevhen"),
    ("Юрій", "Yurii"),
    ("Їжак", "Yizhak"),
    ("Щербак", "Shcherbak"),
    ("Згурський", "Zghurskyi"),
    ("Мар'яна", "Mariana"),
    ("Ярошенко", "Yaroshenko"),
    ("Хмельницький", "Khmelnytskyi"),
    ("Львів", "Lviv"),
    ("Шевченко Тарас Григорович", "Shevchenko Taras Hryhorovych"),
]

APOSTROPHES = {
    "ascii": "'",
    "right single quotation mark": "\u2019",
    "modifier letter apostrophe": "\u02bc",
    "modifier letter prime": "\u02b9",
    "grave accent": "\u0060",
    "acute accent": "\u00b4",
    "left single quotation mark": "\u2018",
}


@pytest.mark.parametrize(("cyrillic", "latin"), KMU_OFFICIAL_EXAMPLES)
def test_kmu2010_official_table_examples(cyrillic: str, latin: str) -> None:
    assert kmu2010(cyrillic) == latin


@pytest.mark.parametrize(("cyrillic", "latin"), KMU_NAMES)
def test_kmu2010_names(cyrillic: str, latin: str) -> None:
    assert kmu2010(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Згурський", "Zghurskyi"),
        ("Розгон", "Rozghon"),
        ("ЗГУРСЬКИЙ", "ZGHURSKYI"),
        ("Гребенюк", "Hrebeniuk"),  # a lone г is h
    ],
)
def test_kmu2010_zg_is_zgh(cyrillic: str, latin: str) -> None:
    assert kmu2010(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Євген", "Yevhen"),  # Є first: Ye
        ("Єнакієве", "Yenakiieve"),  # є later: ie
        ("Юрій", "Yurii"),  # Ю first: Yu, й later: i
        ("Крюківка", "Kriukivka"),  # ю later: iu
        ("Йосипівка", "Yosypivka"),  # Й first: Y
        ("Яготин", "Yahotyn"),  # Я first: Ya
        ("Ічня", "Ichnia"),  # я later: ia
        ("Їжак", "Yizhak"),  # Ї first: Yi
        ("Київ", "Kyiv"),  # ї later: i
    ],
)
def test_kmu2010_position_dependent_letters(cyrillic: str, latin: str) -> None:
    assert kmu2010(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("ШЕВЧЕНКО", "SHEVCHENKO"), ("ЮРІЙ", "YURII"), ("ЄВГЕН", "YEVHEN"), ("ЩЕРБАК", "SHCHERBAK")],
)
def test_kmu2010_upper_case(cyrillic: str, latin: str) -> None:
    assert kmu2010(cyrillic) == latin


@pytest.mark.parametrize(
    "apostrophe",
    [pytest.param(char, id=name) for name, char in APOSTROPHES.items()],
)
def test_kmu2010_any_apostrophe_variant_gives_mariana(apostrophe: str) -> None:
    assert kmu2010(f"Мар{apostrophe}яна") == "Mariana"


@pytest.mark.parametrize(
    ("typed", "latin"),
    [
        ("Бyтенко", "Butenko"),  # Latin y would otherwise stay "y"
        ("Щepбак", "Shcherbak"),  # Latin e and p would otherwise give "Shchepbak"
        ("Шeвчeнко", "Shevchenko"),
        ("Сyхий", "Sukhyi"),
    ],
)
def test_kmu2010_repairs_lookalikes_before_transliterating(typed: str, latin: str) -> None:
    assert kmu2010(typed) == latin


def test_kmu2010_normalises_punctuation_and_spacing() -> None:
    assert kmu2010("  Шевченко,  Тарас ") == "Shevchenko Taras"


def test_kmu2010_leaves_latin_text_as_is() -> None:
    assert kmu2010("Shevchenko") == "Shevchenko"


# --- to_latin ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "latin"),
    [
        ("Эдуард", "Eduard"),
        ("Фёдоров", "Fedorov"),
        ("Семёнов", "Semenov"),
        ("Рыбаков", "Rybakov"),
        ("Артём", "Artem"),
        ("Ёжиков", "Ezhikov"),
    ],
)
def test_to_latin_uses_russian_table_for_russian_only_letters(word: str, latin: str) -> None:
    result = to_latin(word)
    assert result == latin
    assert result.isascii()


@pytest.mark.parametrize(
    ("word", "latin"),
    [
        ("Григорій", "Hryhorii"),  # Ukrainian: г is h
        ("Шевченко", "Shevchenko"),
        ("Олександр", "Oleksandr"),
        ("Мар'яна", "Mariana"),
        ("Сергей", "Serhei"),  # no Russian-only letter: KMU table
    ],
)
def test_to_latin_uses_kmu_for_other_cyrillic(word: str, latin: str) -> None:
    assert to_latin(word) == latin


def test_to_latin_russian_and_kmu_tables_differ_on_g() -> None:
    # "Г" is "G" in the Russian table and "H" in KMU: the Russian-only "ё" switches tables.
    assert to_latin("Гёте") == "Gete"
    assert to_latin("Гете") == "Hete"


@pytest.mark.parametrize("word", ["Shevchenko", "Oleksandr", "Kyiv"])
def test_to_latin_keeps_latin_words(word: str) -> None:
    assert to_latin(word) == word
