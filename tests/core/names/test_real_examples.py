"""The issue's real examples: spellings of one name in Ukrainian, Russian, capitals and the
Latin tables that passports, the ICRC and the media use are the same name; different names
that share a beginning are not; full names parse in every order lists write them."""

from __future__ import annotations

import itertools

import pytest

from homeward.core.linkage.names import NameLevel, compare_names
from homeward.core.names.equivalents import NameKind, name_equivalents
from homeward.core.names.parse import ParsedName, parse_full_name

G, P, S = NameKind.GIVEN, NameKind.PATRONYMIC, NameKind.SURNAME

# Every spelling in a group is the same name as every other, in both directions.
SAME_NAME = [
    (G, ["Олександр", "Александр", "Oleksandr", "Aleksandr", "Alexander", "ОЛЕКСАНДР"]),
    (G, ["Микола", "Николай", "Mykola", "Nikolai", "Nikolay"]),
    (G, ["Сергій", "Сергей", "Serhii", "Sergei", "Sergii", "Serhiy", "Sergey"]),
    (G, ["Григорій", "Григорий", "Hryhorii", "Grigorii", "Hryhoriy", "Grigoriy"]),
    (G, ["Юрій", "Юрий", "Yurii", "Iurii", "Yuriy", "Yury"]),
    (G, ["Євген", "Евгений", "Yevhen", "Ievgen", "Evgenii", "Yevgeny", "Yevgeniy"]),
    (G, ["Олексій", "Алексей", "Oleksii", "Oleksiy", "Aleksei", "Alexey"]),
    (P, ["Миколайович", "Николаевич", "Mykolaiovych", "Nikolaevich", "Nikolayevich"]),
    (P, ["Олександрович", "Александрович", "Oleksandrovych", "Aleksandrovich"]),
    (P, ["Сергіївна", "Сергеевна", "Serhiivna", "Sergeevna"]),
    # Latin surnames are read back only through the national, French and German tables
    # (see NameEquivalents.latin_readings): a group holds one form's Latin spellings.
    (S, ["Шевченко", "ШЕВЧЕНКО", "Shevchenko", "SHEVCHENKO", "Chevtchenko", "Schewtschenko"]),
    (S, ["Ковальчук", "Kovalchuk", "Kowaltschuk", "Kovaltchouk"]),
    (S, ["Олійник", "Олейник", "Oliinyk", "Oliynyk"]),
    (S, ["Олійник", "Олейник", "Oleinik", "Oleynik"]),
    (S, ["Воробйов", "Воробьёв", "Воробьев", "Vorobiov", "Vorobyov"]),
    (S, ["Воробйов", "Воробьёв", "Воробьев", "Vorobyev"]),
    (S, ["Воробйов", "Воробьёв", "Воробьев", "Vorobev"]),
]


def _pairs() -> list[object]:
    return [
        pytest.param(first, second, kind, id=f"{first}-{second}")
        for kind, names in SAME_NAME
        for first, second in itertools.combinations(names, 2)
    ]


@pytest.mark.parametrize(("first", "second", "kind"), _pairs())
def test_spellings_of_one_name_are_equivalent(first: str, second: str, kind: NameKind) -> None:
    equivalents = name_equivalents()
    assert equivalents.equivalent(first, second, kind)
    assert equivalents.equivalent(second, first, kind)
    assert compare_names(first, second, kind).level >= NameLevel.CLOSE
    assert compare_names(second, first, kind).level >= NameLevel.CLOSE


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Олександр", "Олексій"),
        ("Андрій", "Андріан"),
        ("Іван", "Іванна"),
        ("Oleksandr", "Oleksii"),
        ("Andrii", "Andrian"),
        ("Ivan", "Ivanna"),
        ("Alexander", "Alexei"),
        ("Олександр", "Oleksii"),
        ("Андрій", "Andrian"),
        ("Микола", "Михайло"),
        ("Mykola", "Mykhailo"),
        ("Юрій", "Ігор"),
    ],
)
def test_different_given_names_sharing_a_beginning_stay_apart(first: str, second: str) -> None:
    assert not name_equivalents().equivalent(first, second, G)
    for a, b in ((first, second), (second, first)):
        assert compare_names(a, b, G).level < NameLevel.EQUIVALENT


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Миколайович", "Михайлович"),
        ("Mykolaiovych", "Mykhailovych"),
        ("Олександрович", "Олексійович"),
    ],
)
def test_different_fathers_patronymics_stay_apart(first: str, second: str) -> None:
    assert not name_equivalents().equivalent(first, second, P)
    assert compare_names(first, second, P).level < NameLevel.EQUIVALENT


# French writes ш as "ch" where the English-style tables write ч so; German writes з and с
# both "s", ж "sh". As keys of Cyrillic names those tables would join these surnames.
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ляшко", "Лячко"),
        ("Шишка", "Чичка"),
        ("Жило", "Шило"),
        ("Зур", "Сур"),
        ("Лихман", "Личман"),
    ],
)
def test_french_and_german_tables_do_not_join_cyrillic_surnames(first: str, second: str) -> None:
    assert not name_equivalents().equivalent(first, second, S)
    assert compare_names(first, second, S).level < NameLevel.EQUIVALENT


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Chevtchenko", "Шевченко"),  # French
        ("Schewtschenko", "Шевченко"),  # German
        ("Kowaltschuk", "Ковальчук"),  # German
        ("Tkatchenko", "Ткаченко"),  # French
        ("Jewhen", "Євген"),  # German
        ("Mykolajowytsch", "Миколайович"),  # German patronymic
    ],
)
def test_french_and_german_spellings_read_back_to_the_ukrainian_name(
    latin: str, cyrillic: str
) -> None:
    kind = P if cyrillic.endswith("ович") else G if cyrillic == "Євген" else S
    assert name_equivalents().equivalent(latin, cyrillic, kind)
    assert compare_names(latin, cyrillic, kind).level is NameLevel.EQUIVALENT


def test_surnames_in_capitals_are_the_same_spelling() -> None:
    assert compare_names("ШЕВЧЕНКО", "Шевченко", S).level is NameLevel.SAME
    assert compare_names("SHEVCHENKO", "Шевченко", S).level is NameLevel.SAME


# --- full names ----------------------------------------------------------------------------

FULL_NAMES = [
    # ПРІЗВИЩЕ Ім'я По батькові: the surname in capitals
    ("ШЕВЧЕНКО Олександр Миколайович", ("ШЕВЧЕНКО", "Олександр", "Миколайович")),
    ("ШЕВЧЕНКО Александр Николаевич", ("ШЕВЧЕНКО", "Александр", "Николаевич")),
    ("КОВАЛЬЧУК Мар'яна Іванівна", ("КОВАЛЬЧУК", "Мар'яна", "Іванівна")),
    ("SHEVCHENKO Oleksandr Mykolaiovych", ("SHEVCHENKO", "Oleksandr", "Mykolaiovych")),
    # Ім'я По батькові Прізвище
    ("Олександр Миколайович Шевченко", ("Шевченко", "Олександр", "Миколайович")),
    ("Александр Николаевич Шевченко", ("Шевченко", "Александр", "Николаевич")),
    ("Oleksandr Mykolaiovych Shevchenko", ("Shevchenko", "Oleksandr", "Mykolaiovych")),
    ("Марія Іванівна Мельник", ("Мельник", "Марія", "Іванівна")),
    # Surnames ending in -ич, like a patronymic, in either order
    ("Олександр Миколайович Бабич", ("Бабич", "Олександр", "Миколайович")),
    ("Бабич Олександр Миколайович", ("Бабич", "Олександр", "Миколайович")),
    ("Іван Петрович Мацкевич", ("Мацкевич", "Іван", "Петрович")),
    ("Ілля Ілліч Кузьмич", ("Кузьмич", "Ілля", "Ілліч")),
    ("Кузьмич Ілля Ілліч", ("Кузьмич", "Ілля", "Ілліч")),
    ("Oleksandr Mykolaiovych Babych", ("Babych", "Oleksandr", "Mykolaiovych")),
    # Given Surname, as English-language media write
    ("Alexander Shevchenko", ("Shevchenko", "Alexander", "")),
    ("Oleksandr Shevchenko", ("Shevchenko", "Oleksandr", "")),
    ("Iurii Shevchenko", ("Shevchenko", "Iurii", "")),
    # Surname Given in Latin, given names in every table's spelling
    ("Shevchenko Oleksandr", ("Shevchenko", "Oleksandr", "")),
    ("Shevchenko Iurii", ("Shevchenko", "Iurii", "")),  # 2007 passport table
    ("Shevchenko Sergii", ("Shevchenko", "Sergii", "")),
    ("Shevchenko Andriy", ("Shevchenko", "Andriy", "")),  # BGN/PCGN
    ("Shevchenko Yevhen", ("Shevchenko", "Yevhen", "")),
    # Patronymics in either script, recognised by their suffix
    ("Ivanov Sergei Nikolaevich", ("Ivanov", "Sergei", "Nikolaevich")),
    ("Sergei Nikolaevich Ivanov", ("Ivanov", "Sergei", "Nikolaevich")),
    ("Мельник Марія Іванівна", ("Мельник", "Марія", "Іванівна")),
    ("Мельник Мария Ивановна", ("Мельник", "Мария", "Ивановна")),
    ("Kovalenko Mariia Ivanivna", ("Kovalenko", "Mariia", "Ivanivna")),
]


@pytest.mark.parametrize(("text", "expected"), FULL_NAMES, ids=[c[0] for c in FULL_NAMES])
def test_full_names(text: str, expected: tuple[str, str, str]) -> None:
    parsed = parse_full_name(text)
    assert (parsed.surname, parsed.given_name, parsed.patronymic) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Шевченко О. М.", ParsedName("Шевченко", "О", "М", True, True)),
        ("ШЕВЧЕНКО О.М.", ParsedName("ШЕВЧЕНКО", "О", "М", True, True)),
        ("О. М. Шевченко", ParsedName("Шевченко", "О", "М", True, True)),
        ("Шевченко О.", ParsedName("Шевченко", "О", "", True, False)),
        ("Shevchenko O. M.", ParsedName("Shevchenko", "O", "M", True, True)),
        # A full given name with the patronymic's initial
        ("Шевченко Олександр М.", ParsedName("Шевченко", "Олександр", "М", False, True)),
        ("Oleksandr M. Shevchenko", ParsedName("Shevchenko", "Oleksandr", "M", False, True)),
    ],
)
def test_initials(text: str, expected: ParsedName) -> None:
    assert parse_full_name(text) == expected


def test_a_parsed_name_compares_with_its_other_spelling() -> None:
    ukrainian = parse_full_name("ШЕВЧЕНКО Олександр Миколайович")
    russian = parse_full_name("Шевченко Александр Николаевич")
    latin = parse_full_name("Oleksandr Mykolaiovych Shevchenko")
    for other in (russian, latin):
        assert compare_names(ukrainian.surname, other.surname, S).level >= NameLevel.EQUIVALENT
        assert compare_names(ukrainian.given_name, other.given_name, G).level >= (
            NameLevel.EQUIVALENT
        )
        assert compare_names(ukrainian.patronymic, other.patronymic, P).level >= (
            NameLevel.EQUIVALENT
        )
