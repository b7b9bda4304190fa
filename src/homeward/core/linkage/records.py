"""An incoming row (or a registry person) as the linker sees it: names split and keyed,
dates read with their swapped alternative, codes normalised. Problems are reported, not
raised, so that one bad cell never stops a list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from homeward.core.date_reading import read_date
from homeward.core.dates import PartialDate
from homeward.core.errors import InvalidDateError
from homeward.core.names.equivalents import NameKind, name_equivalents
from homeward.core.names.normalize import normalize_text
from homeward.core.names.parse import parse_full_name, patronymic_sex
from homeward.core.ranks import normalize_service_number, rank_from_text
from homeward.core.tabular import FIELDS

_SEX = {
    "male": ("m", "male", "man", "ч", "чол", "чоловік", "чоловіча", "м", "муж", "мужской",
             "мужчина"),
    "female": ("f", "female", "woman", "ж", "жін", "жінка", "жіноча", "жен", "женский",
               "женщина"),
}  # fmt: skip
_SEX_INDEX = {word: sex for sex, words in _SEX.items() for word in words}


@dataclass(frozen=True, slots=True)
class LinkRecord:
    id: str
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    given_is_initial: bool = False
    patronymic_is_initial: bool = False
    sex: str = ""  # "male", "female" or "" when unknown
    birth: PartialDate = field(default_factory=PartialDate.unknown)
    birth_swapped: PartialDate | None = None
    place_of_birth: str = ""
    unit: str = ""
    rank: str = ""  # canonical rank code when recognised, else as written
    service_number: str = ""
    extras: Mapping[str, str] = field(default_factory=dict)
    surname_keys: frozenset[str] = frozenset()
    given_keys: frozenset[str] = frozenset()
    patronymic_keys: frozenset[str] = frozenset()


def sex_from_text(text: str) -> str:
    """ "male", "female" or "" for the ways lists write sex, in three languages."""
    return _SEX_INDEX.get(normalize_text(text).casefold().rstrip("."), "")


def _sex(text: str, patronymic: str) -> str:
    return sex_from_text(text) or patronymic_sex(patronymic)


def prepare(
    record_id: str,
    cells: Mapping[str, str],
    mapping: Mapping[str, str],
    today: dt.date | None = None,
) -> tuple[LinkRecord, list[tuple[str, str]]]:
    """A row's cells ({header: text}) and the header mapping ({header: field}) as a
    LinkRecord, with the problems found as (header, message)."""
    by_field = {f: cells.get(h, "").strip() for h, f in mapping.items() if f in FIELDS}
    header_of = {f: h for h, f in mapping.items()}
    problems: list[tuple[str, str]] = []
    surname, given, patronymic = (
        normalize_text(by_field.get(f, "")) for f in ("surname", "given_name", "patronymic")
    )
    given_initial = patronymic_initial = False
    if by_field.get("full_name") and not (surname and given):
        parsed = parse_full_name(by_field["full_name"])
        surname = surname or parsed.surname
        given = given or parsed.given_name
        patronymic = patronymic or parsed.patronymic
        given_initial, patronymic_initial = parsed.given_is_initial, parsed.patronymic_is_initial
    birth, swapped = PartialDate.unknown(), None
    if by_field.get("date_of_birth"):
        try:
            reading = read_date(by_field["date_of_birth"], today)
            birth, swapped = reading.date, reading.swapped
        except InvalidDateError as exc:
            problems.append((header_of["date_of_birth"], str(exc)))
    rank_text = by_field.get("rank", "")
    rank = rank_from_text(rank_text) if rank_text else None
    equivalents = name_equivalents()
    record = LinkRecord(
        id=record_id,
        surname=surname,
        given_name=given,
        patronymic=patronymic,
        given_is_initial=given_initial,
        patronymic_is_initial=patronymic_initial,
        sex=_sex(by_field.get("sex", ""), patronymic),
        birth=birth,
        birth_swapped=swapped,
        place_of_birth=normalize_text(by_field.get("place_of_birth", "")),
        unit=normalize_text(by_field.get("unit", "")),
        rank=rank.code if rank else rank_text,
        service_number=normalize_service_number(by_field.get("service_number", "")),
        extras={h: v.strip() for h, v in cells.items() if h not in mapping and v.strip()},
        surname_keys=equivalents.keys(surname, NameKind.SURNAME) if surname else frozenset(),
        given_keys=(
            equivalents.keys(given, NameKind.GIVEN) if given and not given_initial else frozenset()
        ),
        patronymic_keys=(
            equivalents.keys(patronymic, NameKind.PATRONYMIC)
            if patronymic and not patronymic_initial
            else frozenset()
        ),
    )
    if not (record.surname or record.given_name):
        problems.append(("", "the row has no name"))
    return record, problems
