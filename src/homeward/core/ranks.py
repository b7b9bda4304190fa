"""Military ranks in Ukrainian, Russian and English, mapped to a canonical rank and category.

The canonical ranks are those of the Armed Forces of Ukraine after the 2023 reform, with the
NATO code as the comparable grade. Russian ranks of the other side's soldiers map to the
nearest Ukrainian equivalent, so that counts by category work across both sides.
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
    Rank("junior_sergeant", "OR-4", _S, "молодший сержант", "Corporal", ("младший сержант",)),
    Rank("sergeant", "OR-5", _S, "сержант", "Sergeant", ("сержант",)),
    Rank("senior_sergeant", "OR-6", _S, "старший сержант", "Staff Sergeant", ("старший сержант",)),
    Rank(
        "chief_sergeant",
        "OR-7",
        _S,
        "головний сержант",
        "Sergeant First Class",
        ("старшина",),
        ("старшина",),
    ),
    Rank(
        "staff_sergeant",
        "OR-8",
        _S,
        "штаб-сержант",
        "Master Sergeant",
        ("прапорщик",),
        ("прапорщик",),
    ),
    Rank(
        "master_sergeant",
        "OR-9",
        _S,
        "майстер-сержант",
        "Sergeant Major",
        ("старший прапорщик",),
        ("старший прапорщик",),
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
    Rank("captain", "OF-2", _O, "капітан", "Captain", ("капитан",)),
    Rank("major", "OF-3", _O, "майор", "Major", ("майор",)),
    Rank("lieutenant_colonel", "OF-4", _O, "підполковник", "Lieutenant Colonel", ("подполковник",)),
    Rank("colonel", "OF-5", _O, "полковник", "Colonel", ("полковник",)),
    Rank("brigadier_general", "OF-6", _O, "бригадний генерал", "Brigadier General", ()),
    Rank("major_general", "OF-7", _O, "генерал-майор", "Major General", ("генерал-майор",)),
    Rank(
        "lieutenant_general",
        "OF-8",
        _O,
        "генерал-лейтенант",
        "Lieutenant General",
        ("генерал-лейтенант",),
    ),
    Rank("general", "OF-9", _O, "генерал", "General", ("генерал-полковник",)),
)


def _key(text: str) -> str:
    return normalize_text(text).casefold().replace("-", " ")


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
