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


# Abbreviations are how many Ukrainian and Russian lists write ranks; the table has none.
@pytest.mark.xfail(
    strict=True,
    reason="ranks.rank_from_text knows only full names: the abbreviations lists use "
    "(ст. лейтенант, мл. сержант, мол. сержант, ст. солдат, ст. сержант) find no rank",
)
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ст. лейтенант", "senior_lieutenant"),
        ("мл. сержант", "junior_sergeant"),
        ("мол. сержант", "junior_sergeant"),
        ("ст. солдат", "senior_soldier"),
        ("ст. сержант", "senior_sergeant"),
    ],
)
def test_abbreviated_ranks(text: str, code: str) -> None:
    rank = rank_from_text(text)
    assert rank is not None
    assert rank.code == code


@pytest.mark.xfail(
    strict=True,
    reason="ranks.RANKS has no naval officer ranks (капітан-лейтенант = captain, капітан 3 "
    "рангу = major); naval infantry and the navy are in the lists",
)
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("капітан-лейтенант", "captain"),
        ("капитан-лейтенант", "captain"),
        ("капитан 3 ранга", "major"),
    ],
)
def test_naval_officer_ranks(text: str, code: str) -> None:
    rank = rank_from_text(text)
    assert rank is not None
    assert rank.code == code


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
