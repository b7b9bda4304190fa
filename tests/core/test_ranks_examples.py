"""Ranks and service numbers as real lists write them: the same rank in Ukrainian, Russian
and English, in any case, and service numbers with the spacing and layout slips of typing.

test_ranks.py checks the table itself (one rank per written name, codes, NATO grades); this
file checks that the three languages' names of each rank meet, as the lists spell them."""

from __future__ import annotations

import pytest

from homeward.core.ranks import RANKS, RankCategory, normalize_service_number, rank_from_text

# One row per rank: the names a Ukrainian list, a Russian list and an English-language
# document (the ICRC, the media) give it.
SAME_RANK = [
    ("soldier", ["солдат", "рядовий", "рядовой", "Private", "матрос"]),
    ("senior_soldier", ["старший солдат", "ефрейтор", "Private First Class", "старший матрос"]),
    ("junior_sergeant", ["молодший сержант", "младший сержант", "Corporal"]),
    ("sergeant", ["сержант", "Sergeant"]),
    ("senior_sergeant", ["старший сержант", "Staff Sergeant"]),
    ("chief_sergeant", ["головний сержант", "старшина", "Sergeant First Class"]),
    ("staff_sergeant", ["штаб-сержант", "прапорщик", "Master Sergeant"]),
    ("master_sergeant", ["майстер-сержант", "старший прапорщик", "Sergeant Major"]),
    ("junior_lieutenant", ["молодший лейтенант", "младший лейтенант", "Second Lieutenant"]),
    ("lieutenant", ["лейтенант", "First Lieutenant"]),
    ("senior_lieutenant", ["старший лейтенант", "Senior Lieutenant"]),
    ("captain", ["капітан", "капитан", "Captain"]),
    ("major", ["майор", "Major"]),
    ("lieutenant_colonel", ["підполковник", "подполковник", "Lieutenant Colonel"]),
    ("colonel", ["полковник", "Colonel"]),
    ("major_general", ["генерал-майор", "Major General"]),
    ("lieutenant_general", ["генерал-лейтенант", "Lieutenant General"]),
    ("brigadier_general", ["бригадний генерал", "Brigadier General"]),
    ("general", ["генерал", "генерал-полковник", "General"]),
]


def _spellings(name: str) -> list[str]:
    """How lists write one rank name: as is, in capitals, lower case, capitalised."""
    return list(dict.fromkeys([name, name.upper(), name.lower(), name.capitalize()]))


@pytest.mark.parametrize(("code", "names"), SAME_RANK, ids=[row[0] for row in SAME_RANK])
def test_every_language_and_case_gives_the_same_rank(code: str, names: list[str]) -> None:
    for name in names:
        for spelling in _spellings(name):
            rank = rank_from_text(spelling)
            assert rank is not None, spelling
            assert rank.code == code, spelling


def test_the_table_covers_every_rank() -> None:
    assert {code for code, _ in SAME_RANK} == {rank.code for rank in RANKS}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Cells as lists fill them: stray spaces, a full stop, a trailing comma, tabs.
        ("  солдат ", "soldier"),
        ("Солдат.", "soldier"),
        ("РЯДОВОЙ,", "soldier"),
        ("старший\tлейтенант", "senior_lieutenant"),
        ("Старший  Лейтенант", "senior_lieutenant"),
        ("СТАРШИЙ ЛЕЙТЕНАНТ", "senior_lieutenant"),
        ("senior   lieutenant", "senior_lieutenant"),
        # Layout slips: Latin letters typed inside a Cyrillic rank.
        ("cepжант", "sergeant"),  # Latin c, e, p
        ("кaпiтан", "captain"),  # Latin a and i
        ("МAЙОР", "major"),  # Latin A
        ("coлдат", "soldier"),  # Latin c and o
    ],
)
def test_ranks_as_cells_write_them(text: str, code: str) -> None:
    rank = rank_from_text(text)
    assert rank is not None
    assert rank.code == code


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("рядовой", RankCategory.PRIVATE),
        ("Private", RankCategory.PRIVATE),
        ("сержант", RankCategory.SERGEANT),
        ("прапорщик", RankCategory.SERGEANT),
        ("старший лейтенант", RankCategory.OFFICER),
        ("Captain", RankCategory.OFFICER),
    ],
)
def test_categories_across_languages(text: str, category: RankCategory) -> None:
    rank = rank_from_text(text)
    assert rank is not None
    assert rank.category is category


# Abbreviations are how many Ukrainian and Russian lists write ranks.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ст. лейтенант", "senior_lieutenant"),
        ("мл. сержант", "junior_sergeant"),
        ("мол. сержант", "junior_sergeant"),
        ("ст. солдат", "senior_soldier"),
        ("ст. сержант", "senior_sergeant"),
        ("Ст.Прапорщик", "master_sergeant"),
        ("мл.лейтенант", "junior_lieutenant"),
        ("СТ. МАТРОС", "senior_soldier"),
    ],
)
def test_abbreviated_ranks(text: str, code: str) -> None:
    rank = rank_from_text(text)
    assert rank is not None
    assert rank.code == code


# The navy and the naval infantry: their ranks in both languages, as written out, with
# ordinals and with abbreviations, map to the land forces' rank of the same grade.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("капітан-лейтенант", "captain"),
        ("капитан-лейтенант", "captain"),
        ("капитан 3 ранга", "major"),
        ("капітан 3 рангу", "major"),
        ("капітан 3-го рангу", "major"),
        ("капитан 2 р.", "lieutenant_colonel"),
        ("капитан 1 ранга", "colonel"),
        ("старшина 2 статті", "junior_sergeant"),
        ("старшина 2-ї статті", "junior_sergeant"),
        ("старшина 2 статьи", "junior_sergeant"),
        ("старшина 1 ст.", "sergeant"),
        ("головний старшина", "senior_sergeant"),
        ("главный корабельный старшина", "chief_sergeant"),
        ("мичман", "staff_sergeant"),
        ("штаб-старшина", "staff_sergeant"),
        ("старший мичман", "master_sergeant"),
        ("контр-адмірал", "major_general"),
        ("вице-адмирал", "lieutenant_general"),
        ("адмірал", "general"),
    ],
)
def test_naval_ranks(text: str, code: str) -> None:
    rank = rank_from_text(text)
    assert rank is not None
    assert rank.code == code


def test_an_abbreviation_alone_is_no_rank() -> None:
    assert rank_from_text("ст.") is None
    assert rank_from_text("старшина 2") is None


# --- service numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "АБ123456",
        "АБ 123456",
        "АБ 123 456",
        " АБ123456 ",
        "аб123456",
        "Аб 123456",
        "АБ\u00a0123456",  # no-break space from a spreadsheet
        "АБ\t123456",
        "АБ１２３４５６",  # full-width digits
    ],
)
def test_service_number_spacing_case_and_width(typed: str) -> None:
    assert normalize_service_number(typed) == "АБ123456"


def test_service_number_dashes_are_kept_as_part_of_the_number() -> None:
    # ranks.normalize_service_number keeps punctuation other than spaces ("UA-123/45").
    assert normalize_service_number("АБ-123456") == "АБ-123456"
    assert normalize_service_number(" аб - 123456 ") == "АБ-123456"


def test_service_number_latin_only_series_stays_latin() -> None:
    assert normalize_service_number("ua 123456") == "UA123456"


@pytest.mark.parametrize("typed", ["AБ123456", "aб 123456"])  # Latin A and a
def test_service_number_latin_lookalikes(typed: str) -> None:
    assert normalize_service_number(typed) == "АБ123456"
