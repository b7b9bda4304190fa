"""Military ranks in Ukrainian, Russian and English mapped to one canonical rank."""

from __future__ import annotations

import pytest

from homeward.core.ranks import RANKS, Rank, RankCategory, rank_from_text

PRIV, SERG, OFF = RankCategory.PRIVATE, RankCategory.SERGEANT, RankCategory.OFFICER


@pytest.mark.parametrize(
    ("text", "code", "category"),
    [
        ("рядовой", "soldier", PRIV),
        ("солдат", "soldier", PRIV),
        ("Private", "soldier", PRIV),
        ("рядовий", "soldier", PRIV),
        ("матрос", "soldier", PRIV),
        ("ефрейтор", "senior_soldier", PRIV),
        ("старший солдат", "senior_soldier", PRIV),
        ("Private First Class", "senior_soldier", PRIV),
        ("старший матрос", "senior_soldier", PRIV),
        ("младший сержант", "junior_sergeant", SERG),
        ("молодший сержант", "junior_sergeant", SERG),
        ("Corporal", "junior_sergeant", SERG),
        ("сержант", "sergeant", SERG),
        ("Sergeant", "sergeant", SERG),
        ("старший сержант", "senior_sergeant", SERG),
        ("старшина", "chief_sergeant", SERG),
        ("головний сержант", "chief_sergeant", SERG),
        ("прапорщик", "staff_sergeant", SERG),
        ("штаб-сержант", "staff_sergeant", SERG),
        ("старший прапорщик", "master_sergeant", SERG),
        ("майстер-сержант", "master_sergeant", SERG),
        ("младший лейтенант", "junior_lieutenant", OFF),
        ("молодший лейтенант", "junior_lieutenant", OFF),
        ("лейтенант", "lieutenant", OFF),
        ("старший лейтенант", "senior_lieutenant", OFF),
        ("капитан", "captain", OFF),
        ("капітан", "captain", OFF),
        ("Captain", "captain", OFF),
        ("майор", "major", OFF),
        ("подполковник", "lieutenant_colonel", OFF),
        ("підполковник", "lieutenant_colonel", OFF),
        ("полковник", "colonel", OFF),
        ("бригадний генерал", "brigadier_general", OFF),
        ("генерал-майор", "major_general", OFF),
        ("генерал-лейтенант", "lieutenant_general", OFF),
        ("генерал-полковник", "general", OFF),
        ("генерал", "general", OFF),
    ],
)
def test_rank_names_map_to_canonical_rank_and_category(
    text: str, code: str, category: RankCategory
) -> None:
    rank = rank_from_text(text)
    assert rank is not None
    assert rank.code == code
    assert rank.category is category


@pytest.mark.parametrize(
    "names",
    [
        ("рядовой", "солдат", "Private"),
        ("капитан", "капітан", "Captain"),
        ("подполковник", "підполковник", "Lieutenant Colonel"),
        ("младший сержант", "молодший сержант", "Corporal"),
    ],
)
def test_languages_agree(names: tuple[str, ...]) -> None:
    ranks = {rank_from_text(name) for name in names}
    assert len(ranks) == 1
    assert None not in ranks


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("КАПІТАН", "captain"),
        ("captain", "captain"),
        ("CAPTAIN", "captain"),
        ("  Капитан  ", "captain"),
        ("Кaпітан", "captain"),  # Latin a
        ("генерал майор", "major_general"),
        ("Генерал-Майор", "major_general"),
        ("генерал - майор", "major_general"),
        ("штаб сержант", "staff_sergeant"),
        ("Штаб-Сержант", "staff_sergeant"),
        ("старший  сержант", "senior_sergeant"),
        ("старший-сержант", "senior_sergeant"),
        ("Senior-Lieutenant", "senior_lieutenant"),
        ("private first class", "senior_soldier"),
        ("major_general", "major_general"),
        ("Старший Лейтенант.", "senior_lieutenant"),
    ],
)
def test_case_hyphen_and_space_variants(text: str, code: str) -> None:
    rank = rank_from_text(text)
    assert rank is not None
    assert rank.code == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "адмирал флота",
        "Ensign",
        "сержантт",
        "капітан1",
        "старший",
        "генерал армии",
        "рядов",
    ],
)
def test_unknown_rank_is_none(text: str) -> None:
    assert rank_from_text(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("сержант", "sergeant"),
        ("старший сержант", "senior_sergeant"),
        ("молодший сержант", "junior_sergeant"),
        ("лейтенант", "lieutenant"),
        ("старший лейтенант", "senior_lieutenant"),
        ("полковник", "colonel"),
        ("підполковник", "lieutenant_colonel"),
        ("генерал", "general"),
        ("генерал-майор", "major_general"),
    ],
)
def test_prefixed_ranks_are_not_confused(text: str, code: str) -> None:
    rank = rank_from_text(text)
    assert rank is not None
    assert rank.code == code


def test_every_rank_code_is_unique() -> None:
    codes = [rank.code for rank in RANKS]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("attribute", ["uk", "en"])
def test_ukrainian_and_english_names_are_unique(attribute: str) -> None:
    names = [getattr(rank, attribute).casefold() for rank in RANKS]
    assert len(names) == len(set(names))


def test_russian_names_do_not_belong_to_two_ranks() -> None:
    owner: dict[str, str] = {}
    for rank in RANKS:
        for name in rank.ru:
            assert owner.setdefault(name, rank.code) == rank.code


@pytest.mark.parametrize("rank", RANKS, ids=lambda rank: rank.code)
def test_every_written_name_resolves_to_its_own_rank(rank: Rank) -> None:
    for name in (rank.uk, rank.en, *rank.ru, *rank.also):
        assert rank_from_text(name) is rank, name


@pytest.mark.parametrize(
    "rank",
    [
        pytest.param(
            rank,
            id=rank.code,
        )
        for rank in RANKS
    ],
)
def test_every_rank_code_resolves_to_its_own_rank(rank: Rank) -> None:
    assert rank_from_text(rank.code) is rank


@pytest.mark.parametrize("rank", RANKS, ids=lambda rank: rank.code)
def test_nato_grade_agrees_with_category(rank: Rank) -> None:
    if rank.nato.startswith("OF-"):
        assert rank.category is RankCategory.OFFICER
    else:
        assert rank.nato.startswith("OR-")
        assert rank.category in (RankCategory.PRIVATE, RankCategory.SERGEANT)


def test_ranks_are_listed_from_lowest_to_highest() -> None:
    def grade(rank: Rank) -> tuple[int, int]:
        kind, number = rank.nato.split("-")
        return (1 if kind == "OF" else 0, int(number))

    grades = [grade(rank) for rank in RANKS]
    assert grades == sorted(grades)


def test_every_category_but_civilian_is_used() -> None:
    used = {rank.category for rank in RANKS}
    assert used == {RankCategory.PRIVATE, RankCategory.SERGEANT, RankCategory.OFFICER}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (" ua-123456 ", "UA-123456"),
        ("UA 123 456", "UA123456"),
        ("аа-77/5", "АА-77/5"),
        ("ＵＡ-１２", "UA-12"),
    ],
)
def test_service_numbers_have_one_spelling(typed: str, stored: str) -> None:
    from homeward.core.ranks import normalize_service_number

    assert normalize_service_number(typed) == stored
