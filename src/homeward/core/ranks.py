"""Military ranks in Ukrainian, Russian and English, mapped to a canonical rank and category.

The canonical ranks are those of the Armed Forces of Ukraine after the 2023 reform, with the
NATO code as the comparable grade. Russian ranks of the other side's soldiers map to the
nearest Ukrainian equivalent, so that counts by category work across both sides. Naval
ranks (the navy and the naval infantry, in both languages) map to the land rank of the same
NATO grade, and the abbreviations lists use ("ст. лейтенант", "капитан 3 р.") are read.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from homeward.core.names.normalize import fix_lookalikes, normalize_text


class RankCategory(enum.StrEnum):
    PRIVATE = "private"
    SERGEANT = "sergeant"
    OFFICER = "officer"
    CIVILIAN = "civilian"


@dataclass(frozen=True, slots=True)
class Rank:
    code: str
    nato: str
    category: RankCategory
    uk: str
    en: str
    ru: tuple[str, ...]
    also: tuple[str, ...] = ()  # other spellings seen in lists (naval ranks, old ranks)


_P, _S, _O = RankCategory.PRIVATE, RankCategory.SERGEANT, RankCategory.OFFICER

RANKS: tuple[Rank, ...] = (
    Rank("soldier", "OR-1", _P, "солдат", "Private", ("рядовой",), ("рядовий", "матрос")),
    Rank(
        "senior_soldier",
        "OR-2",
        _P,
        "старший солдат",
        "Private First Class",
        ("ефрейтор",),
        ("старший матрос",),
    ),
    Rank(
        "junior_sergeant",
        "OR-4",
        _S,
        "молодший сержант",
        "Corporal",
        ("младший сержант", "старшина 2 статьи"),
        ("старшина 2 статті",),
    ),
    Rank(
        "sergeant",
        "OR-5",
        _S,
        "сержант",
        "Sergeant",
        ("сержант", "старшина 1 статьи"),
        ("старшина 1 статті",),
    ),
    Rank(
        "senior_sergeant",
        "OR-6",
        _S,
        "старший сержант",
        "Staff Sergeant",
        ("старший сержант", "главный старшина"),
        ("головний старшина",),
    ),
    Rank(
        "chief_sergeant",
        "OR-7",
        _S,
        "головний сержант",
        "Sergeant First Class",
        ("старшина", "главный корабельный старшина"),
        ("старшина", "головний корабельний старшина"),
    ),
    Rank(
        "staff_sergeant",
        "OR-8",
        _S,
        "штаб-сержант",
        "Master Sergeant",
        ("прапорщик", "мичман"),
        ("прапорщик", "штаб-старшина"),
    ),
    Rank(
        "master_sergeant",
        "OR-9",
        _S,
        "майстер-сержант",
        "Sergeant Major",
        ("старший прапорщик", "старший мичман"),
        ("старший прапорщик", "майстер-старшина"),
    ),
    Rank(
        "junior_lieutenant",
        "OF-1",
        _O,
        "молодший лейтенант",
        "Second Lieutenant",
        ("младший лейтенант",),
    ),
    Rank("lieutenant", "OF-1", _O, "лейтенант", "First Lieutenant", ("лейтенант",)),
    Rank(
        "senior_lieutenant",
        "OF-1",
        _O,
        "старший лейтенант",
        "Senior Lieutenant",
        ("старший лейтенант",),
    ),
    Rank(
        "captain",
        "OF-2",
        _O,
        "капітан",
        "Captain",
        ("капитан", "капитан-лейтенант"),
        ("капітан-лейтенант",),
    ),
    Rank(
        "major",
        "OF-3",
        _O,
        "майор",
        "Major",
        ("майор", "капитан 3 ранга"),
        ("капітан 3 рангу",),
    ),
    Rank(
        "lieutenant_colonel",
        "OF-4",
        _O,
        "підполковник",
        "Lieutenant Colonel",
        ("подполковник", "капитан 2 ранга"),
        ("капітан 2 рангу",),
    ),
    Rank(
        "colonel",
        "OF-5",
        _O,
        "полковник",
        "Colonel",
        ("полковник", "капитан 1 ранга"),
        ("капітан 1 рангу",),
    ),
    Rank(
        "brigadier_general",
        "OF-6",
        _O,
        "бригадний генерал",
        "Brigadier General",
        (),
        ("коммодор", "комодор"),
    ),
    Rank(
        "major_general",
        "OF-7",
        _O,
        "генерал-майор",
        "Major General",
        ("генерал-майор", "контр-адмирал"),
        ("контр-адмірал",),
    ),
    Rank(
        "lieutenant_general",
        "OF-8",
        _O,
        "генерал-лейтенант",
        "Lieutenant General",
        ("генерал-лейтенант", "вице-адмирал"),
        ("віце-адмірал",),
    ),
    Rank(
        "general", "OF-9", _O, "генерал", "General", ("генерал-полковник", "адмирал"), ("адмірал",)
    ),
)


# Lists shorten the qualifying word ("ст. лейтенант", "мл. сержант", "старшина 2 ст.",
# "капитан 3 р.") and write ordinals as "2-ї" or "3-го". A key expands the abbreviations
# to one full word and drops the ordinal endings, on the index's names and on the text
# looked up alike, so that Ukrainian and Russian forms of the same words meet.
_ABBREVIATIONS = {"ст": "старший", "мл": "молодший", "мол": "молодший"}
_AFTER_NUMBER = {"ст": "статті", "статьи": "статті", "р": "рангу", "ранга": "рангу"}
_ORDINAL_ENDINGS = frozenset({"ї", "й", "го", "ой", "ого", "я"})


def _key(text: str) -> str:
    words = normalize_text(text).casefold().replace("-", " ").split()
    expanded: list[str] = []
    for word in words:
        after_number = bool(expanded) and expanded[-1].isdigit()
        if after_number and word in _ORDINAL_ENDINGS:
            continue
        table = _AFTER_NUMBER if after_number else _ABBREVIATIONS
        expanded.append(table.get(word, word))
    return " ".join(expanded)


def _index(ranks: Iterable[Rank]) -> dict[str, Rank]:
    index: dict[str, Rank] = {}
    for rank in ranks:
        for name in (rank.uk, rank.en, *rank.ru, *rank.also):
            index.setdefault(_key(name), rank)
    return index


_BY_NAME = _index(RANKS)
_BY_CODE = {rank.code: rank for rank in RANKS}


def rank_from_text(text: str) -> Rank | None:
    """The canonical rank for a rank code, or a rank as written in Ukrainian, Russian or
    English. Codes are matched exactly first: `staff_sergeant` is not "Staff Sergeant"."""
    return _BY_CODE.get(text.strip()) or _BY_NAME.get(_key(text))


def normalize_service_number(text: str) -> str:
    """One spelling per service number: Unicode-normalised, no spaces, upper case, Latin
    look-alike letters typed into Cyrillic series repaired (`AБ123456` → `АБ123456`).
    Other punctuation ("UA-123/45") is part of the number and kept."""
    return fix_lookalikes("".join(unicodedata.normalize("NFKC", text).split()).upper())
