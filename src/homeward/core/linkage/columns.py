"""Records as columns of small integers, the form the blocking and comparisons work on.

A list of a million rows repeats the same names, dates, units and ranks over and over, so
every distinct value is read once (normalised, keyed, parsed) and the rows keep its id.
Vocabularies are shared between the two sides of a linkage, so equal ids mean equal
values and a pair of ids can be compared once and the answer reused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from homeward.core.date_reading import read_date
from homeward.core.dates import Precision
from homeward.core.errors import InvalidDateError
from homeward.core.linkage.names import NameEntry, name_entry
from homeward.core.names.equivalents import NameKind
from homeward.core.names.normalize import normalize_text
from homeward.core.names.parse import ParsedName, parse_full_name, patronymic_sex
from homeward.core.names.search import search_tokens
from homeward.core.ranks import normalize_service_number, rank_from_text

IntArray = npt.NDArray[np.int32]
SmallArray = npt.NDArray[np.int16]

NAME_FIELDS: dict[str, NameKind] = {
    "surname": NameKind.SURNAME,
    "given_name": NameKind.GIVEN,
    "patronymic": NameKind.PATRONYMIC,
}
# Attributes compared as values (with their own comparison), and free-text ones compared
# by their words.
VALUE_FIELDS = (
    "service_number",
    "rank",
    "unit",
    "place_of_birth",
    "address",
    "postcode",
    "occupation",
)
PRECISION_CODE = {Precision.UNKNOWN: 0, Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}

T = TypeVar("T")
G = TypeVar("G", bound=np.generic)

_SEX = {
    "male": ("m", "male", "man", "ч", "чол", "чоловік", "чоловіча", "м", "муж", "мужской",
             "мужчина"),
    "female": ("f", "female", "woman", "ж", "жін", "жінка", "жіноча", "жен", "женский",
               "женщина"),
}  # fmt: skip
_SEX_INDEX = {word: sex for sex, words in _SEX.items() for word in words}


def sex_from_text(text: str) -> str:
    """ "male", "female" or "" for the ways lists write sex, in three languages."""
    return _SEX_INDEX.get(normalize_text(text).casefold().rstrip("."), "")


class Vocabulary(Generic[T]):
    """Distinct values of one attribute and what was computed from each; id 0 is "empty"."""

    def __init__(self, empty: T, describe: Callable[[str], tuple[str, T]]) -> None:
        self._describe = describe
        self._by_raw: dict[str, int] = {"": 0}
        self._by_value: dict[str, int] = {"": 0}
        self.values: list[str] = [""]
        self.display: list[str] = [""]  # the first spelling seen, for explanations
        self.info: list[T] = [empty]

    def id(self, raw: str) -> int:
        found = self._by_raw.get(raw)
        if found is None:
            value, info = self._describe(raw)
            found = self._by_value.get(value)
            if found is None:
                found = self._by_value[value] = len(self.values)
                self.values.append(value)
                self.display.append(" ".join(raw.split()))
                self.info.append(info)
            self._by_raw[raw] = found
        return found

    def __len__(self) -> int:
        return len(self.values)


def _name_vocabulary(kind: NameKind) -> Vocabulary[NameEntry]:
    def describe(raw: str) -> tuple[str, NameEntry]:
        entry = name_entry(raw, kind)
        return entry.text if entry.key else "", entry

    return Vocabulary(name_entry("", kind), describe)


def _service_number(raw: str) -> tuple[str, str]:
    value = normalize_service_number(raw)
    return value, value


def _rank(raw: str) -> tuple[str, str]:
    rank = rank_from_text(raw)
    value = rank.code if rank else normalize_text(raw).casefold()
    return value, value


def _words(raw: str) -> tuple[str, tuple[str, ...]]:
    """Free text compared by its words' ASCII keys, in any script and order."""
    tokens = tuple(sorted(search_tokens(raw)))
    return " ".join(tokens), tokens


def _code(raw: str) -> tuple[str, str]:
    value = " ".join(normalize_text(raw).casefold().split())
    return value, value


_VALUE_DESCRIBERS: dict[str, Callable[[str], tuple[str, object]]] = {
    "service_number": _service_number,
    "rank": _rank,
    "unit": _words,
    "place_of_birth": _words,
    "address": _words,
    "postcode": _code,
    "occupation": _words,
}


@dataclass
class Encoder:
    """The vocabularies of one linkage (shared by both sides) and the date cache."""

    today: dt.date = field(default_factory=dt.date.today)
    names: dict[str, Vocabulary[NameEntry]] = field(default_factory=dict)
    values: dict[str, Vocabulary[object]] = field(default_factory=dict)
    _dates: dict[str, tuple[int, int, int, int, str]] = field(default_factory=dict)
    _parsed: dict[str, ParsedName] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.names = {f: _name_vocabulary(kind) for f, kind in NAME_FIELDS.items()}
        self.values = {f: Vocabulary[object]("", d) for f, d in _VALUE_DESCRIBERS.items()}

    def extra_vocabulary(self, name: str) -> Vocabulary[object]:
        key = f"extra:{name}"
        if key not in self.values:
            self.values[key] = Vocabulary[object]("", _code)
        return self.values[key]

    def date(self, raw: str) -> tuple[int, int, int, int, str]:
        """(year, month, day, precision code, problem) of a date as written."""
        found = self._dates.get(raw)
        if found is None:
            try:
                reading = read_date(raw, self.today).date
                value, code = reading.value, PRECISION_CODE[reading.precision]
                found = (
                    (value.year, value.month, value.day, code, "") if value else (0, 0, 0, 0, "")
                )
            except InvalidDateError as exc:
                found = (0, 0, 0, 0, str(exc))
            self._dates[raw] = found
        return found

    def parse(self, full_name: str) -> ParsedName:
        found = self._parsed.get(full_name)
        if found is None:
            found = self._parsed[full_name] = parse_full_name(full_name)
        return found

    def encode(
        self,
        ids: Sequence[str],
        columns: Mapping[str, Sequence[str]],
        extras: Mapping[str, Sequence[str]] | None = None,
    ) -> RecordTable:
        """Encode rows given as columns ({field: [text per row]}); missing fields are
        empty. Problems (unreadable dates, rows without a name) are collected per row."""
        n = len(ids)
        empty = [""] * n

        def column(name: str) -> Sequence[str]:
            return columns.get(name) or empty

        table = RecordTable.empty(list(ids), self)
        surnames, givens, patronymics = (column(f) for f in NAME_FIELDS)
        full_names, births, sexes = column("full_name"), column("date_of_birth"), column("sex")
        vocab_s, vocab_g, vocab_p = (self.names[f] for f in NAME_FIELDS)
        for i in range(n):
            surname, given, patronymic = surnames[i], givens[i], patronymics[i]
            if full_names[i] and not (surname.strip() and given.strip()):
                parsed = self.parse(full_names[i])
                surname = surname or parsed.surname
                given = given or parsed.given_name
                patronymic = patronymic or parsed.patronymic
            table.surname[i] = vocab_s.id(surname)
            table.given_name[i] = vocab_g.id(given)
            table.patronymic[i] = vocab_p.id(patronymic)
            if not (table.surname[i] or table.given_name[i]):
                table.problems.append((i, "", "the row has no name"))
            if births[i]:
                y, m, d, p, problem = self.date(births[i])
                table.year[i], table.month[i], table.day[i], table.precision[i] = y, m, d, p
                if problem:
                    table.problems.append((i, "date_of_birth", problem))
            sex = sex_from_text(sexes[i]) if sexes[i] else ""
            if not sex and table.patronymic[i]:
                sex = patronymic_sex(vocab_p.values[table.patronymic[i]])
            table.sex[i] = 1 if sex == "male" else 2 if sex == "female" else 0
        for name in VALUE_FIELDS:
            if name in columns:
                vocab = self.values[name]
                table.values[name] = np.fromiter(
                    (vocab.id(v) for v in columns[name]), dtype=np.int32, count=n
                )
        for name, cells in (extras or {}).items():
            vocab = self.extra_vocabulary(name)
            table.extras[name] = np.fromiter((vocab.id(v) for v in cells), np.int32, count=n)
        return table


@dataclass
class RecordTable:
    """One side of a linkage: per row, the ids of its values in the encoder's vocabularies."""

    ids: list[str]
    encoder: Encoder
    surname: IntArray
    given_name: IntArray
    patronymic: IntArray
    year: SmallArray
    month: npt.NDArray[np.int8]
    day: npt.NDArray[np.int8]
    precision: npt.NDArray[np.int8]
    sex: npt.NDArray[np.int8]
    values: dict[str, IntArray] = field(default_factory=dict)
    extras: dict[str, IntArray] = field(default_factory=dict)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (row, field, what)

    @classmethod
    def empty(cls, ids: list[str], encoder: Encoder) -> RecordTable:
        n = len(ids)
        return cls(
            ids=ids,
            encoder=encoder,
            surname=np.zeros(n, np.int32),
            given_name=np.zeros(n, np.int32),
            patronymic=np.zeros(n, np.int32),
            year=np.zeros(n, np.int16),
            month=np.zeros(n, np.int8),
            day=np.zeros(n, np.int8),
            precision=np.zeros(n, np.int8),
            sex=np.zeros(n, np.int8),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def names(self, name: str) -> IntArray:
        array: IntArray = getattr(self, name)
        return array

    def value_column(self, name: str) -> IntArray:
        """A value field's ids, all empty when the file has no such column."""
        found = self.values.get(name)
        return found if found is not None else np.zeros(len(self.ids), np.int32)


def appended(first: RecordTable, second: RecordTable) -> RecordTable:
    """The rows of both tables, in order; both must share one encoder."""
    if first.encoder is not second.encoder:
        raise ValueError("tables of different encoders cannot be joined")

    def join(a: npt.NDArray[G], b: npt.NDArray[G]) -> npt.NDArray[G]:
        return np.concatenate([a, b])

    n_first, n_second = len(first), len(second)
    values = {
        name: join(first.value_column(name), second.value_column(name))
        for name in first.values.keys() | second.values.keys()
    }
    extras = {
        name: join(
            first.extras.get(name, np.zeros(n_first, np.int32)),
            second.extras.get(name, np.zeros(n_second, np.int32)),
        )
        for name in first.extras.keys() | second.extras.keys()
    }
    problems = first.problems + [(n_first + i, f, what) for i, f, what in second.problems]
    return RecordTable(
        ids=first.ids + second.ids,
        encoder=first.encoder,
        surname=join(first.surname, second.surname),
        given_name=join(first.given_name, second.given_name),
        patronymic=join(first.patronymic, second.patronymic),
        year=join(first.year, second.year),
        month=join(first.month, second.month),
        day=join(first.day, second.day),
        precision=join(first.precision, second.precision),
        sex=join(first.sex, second.sex),
        values=values,
        extras=extras,
        problems=problems,
    )
