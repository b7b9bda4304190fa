"""Searching the registry the way people type: `Aleksandr Shevchenko 1990` finds
`Шевченко Олександр Миколайович, 21.03.1990` (docs/adr/0016).

A query is a few name words in any order, script or form, perhaps a date or year of birth
and a service number. Its words could be the surname, the given name or the patronymic,
so each way they could fill those (a hypothesis) is compared with every candidate, field
by field, as a list's record would be, and the candidate keeps its best. Candidates are
the persons one of whose names shares a query word's skeleton (any transliteration, the
Russian or Ukrainian form) or is a typo away from it.

A candidate's probability is its share of the query against all candidates and against
"someone not in the registry", as in linking a list (`engine._exclusive_posterior`): two
namesakes who fit equally share it.

The index is built once and then updated with the persons changed since (`update`), so a
search after the first costs milliseconds, not the registry's encoding.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from homeward.core.date_reading import read_date
from homeward.core.errors import InvalidDateError
from homeward.core.linkage.columns import NAME_FIELDS, Encoder, RecordTable, appended
from homeward.core.linkage.comparisons import (
    Comparison,
    PairCache,
    compare,
    comparisons_for,
)
from homeward.core.linkage.engine import _explanations, _frequencies, _pair_frequencies
from homeward.core.linkage.explain import Contribution, render
from homeward.core.linkage.model import Model
from homeward.core.linkage.names import SIMILAR, NameEntry
from homeward.core.linkage.skeleton import skeleton
from homeward.core.names.parse import parse_full_name

Floats = npt.NDArray[np.float64]
Int64Array = npt.NDArray[np.int64]

MAX_HITS = 200  # the most a search shows; a name every tenth man has is refined, not paged
MAX_CANDIDATES = 20_000  # scored per search, those matching most query words first
MAX_NAME_WORDS = 4
RANDOM_PER_SHAPE = 2_000  # random persons compared with each hypothesis, for its u
RANDOM_WIDE = 100_000  # for the u of its fields other than names (cheap to compare)
_SLOTS = ("surname", "given_name", "patronymic")
# Words that say "born" around a year (`1990 р.н.`, `1990 г.р.`, `b. 1990`).
_NOISE = frozenset({"рн", "гр", "рожд", "народж", "born"})
# "born" words that are also initials: noise only right after a date (`1990 р.`).
_INITIAL_LIKE = frozenset({"р", "г", "b"})
_TOKEN = re.compile(r"[\w'’ʼ`.\-/]+")
_FULL_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d{1,2}-\d{1,2}")
_MONTH = re.compile(r"\d{1,2}[./-]\d{4}|\d{4}-\d{1,2}")


@dataclass(frozen=True)
class Query:
    names: tuple[str, ...] = ()
    date_of_birth: str = ""  # as typed: 21.03.1990, 03.1990 or 1990
    service_number: str = ""

    def __bool__(self) -> bool:
        return bool(self.names or self.date_of_birth or self.service_number)


def read_query(text: str, today: dt.date) -> Query:
    """The name words, date of birth and service number in a search box's text."""
    names: list[str] = []
    date = number = ""
    after_date = False
    for token in _TOKEN.findall(text):
        token = token.strip(".-/")
        if not token:
            continue
        if any(ch.isdigit() for ch in token):
            if not date and _is_date(token, today):
                date, after_date = token, True
            elif not number:
                number = token
            continue
        plain = token.replace(".", "").casefold()
        # `1990 р.н.`, `1990 г.р.`, `born 1990`; but `Р.С.` after a name is two initials.
        if plain in _NOISE or (plain in _INITIAL_LIKE and after_date):
            continue
        after_date = False
        # `О.М.` is two initials; `Косач-Квітка` one surname.
        names.extend(word for word in token.split(".") if word)
    return Query(tuple(names[:MAX_NAME_WORDS]), date, number)


def _is_date(token: str, today: dt.date) -> bool:
    plain_year = token.isdigit() and len(token) == 4 and 1900 <= int(token) <= today.year
    if not (plain_year or _FULL_DATE.fullmatch(token) or _MONTH.fullmatch(token)):
        return False
    try:
        read_date(token, today)
    except InvalidDateError:
        return False
    return True


def hypotheses(names: Sequence[str]) -> list[dict[str, str]]:
    """Each way the words could fill the surname, given name and patronymic: the reading
    of a full name first, then every order of up to three words."""
    found: list[tuple[str, str, str]] = []
    if names:
        parsed = parse_full_name(" ".join(names))
        found.append((parsed.surname, parsed.given_name, parsed.patronymic))
        if any(len(word) == 1 for word in names):
            # Initials are written given name first (`Шевченко О.М.`, `О.М. Шевченко`):
            # the parser's reading is the one, and the other orders would let `М.`
            # stand for Микола as readily as the patronymic it is.
            return [dict(zip(_SLOTS, found[0], strict=True))] if any(found[0]) else []
    words = list(names[:3])
    for slots in itertools.permutations(range(3), len(words)):
        filled = ["", "", ""]
        for word, slot in zip(words, slots, strict=True):
            filled[slot] = word
        found.append((filled[0], filled[1], filled[2]))
    unique = list(dict.fromkeys(h for h in found if any(h)))
    return [dict(zip(_SLOTS, h, strict=True)) for h in unique]


@dataclass(frozen=True)
class Hit:
    person_id: str
    probability: float
    contributions: tuple[Contribution, ...]

    @property
    def explanation(self) -> str:
        return render(list(self.contributions))


@dataclass
class _NameLookup:
    """For one name field: which rows hold each name, each name's skeletons, and the keys
    a typo is looked for among. Kept up to date as the vocabulary grows."""

    rows: dict[int, list[int]] = field(default_factory=dict)
    by_skeleton: dict[str, list[int]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)  # per name id, its key ("" for none)

    def learn(self, entries: Sequence[NameEntry]) -> None:
        for name_id in range(len(self.keys), len(entries)):
            entry = entries[name_id]
            usable = bool(entry.key) and not entry.is_initial
            self.keys.append(entry.key if usable else "")
            if usable:
                for coarse in {skeleton(k) for k in entry.keys}:
                    self.by_skeleton.setdefault(coarse, []).append(name_id)

    def add_rows(self, name_ids: npt.NDArray[np.int32], first_row: int) -> None:
        for offset, name_id in enumerate(name_ids.tolist()):
            if name_id:
                self.rows.setdefault(name_id, []).append(first_row + offset)

    def names_like(self, keys: Iterable[str], key: str) -> set[int]:
        """Names sharing a skeleton with one of `keys`, or a typo away from `key`."""
        found: set[int] = set()
        for k in keys:
            found.update(self.by_skeleton.get(skeleton(k), ()))
        if len(key) > 2:
            close = process.extract(
                key,
                self.keys,
                scorer=JaroWinkler.normalized_similarity,
                score_cutoff=SIMILAR,
                limit=None,
            )
            found.update(index for _, _, index in close)
        found.discard(0)
        return found


Calibration = Callable[[Model], object]


@dataclass
class SearchIndex:
    """The registry encoded for searching; rows of persons changed since are replaced."""

    table: RecordTable
    alive: npt.NDArray[np.bool_]
    row_of: dict[str, int]
    lookups: dict[str, _NameLookup]
    cache: PairCache = field(default_factory=PairCache)

    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        columns: Mapping[str, Sequence[str]],
        today: dt.date | None = None,
    ) -> SearchIndex:
        encoder = Encoder(today or dt.date.today())
        table = encoder.encode(ids, columns)
        index = cls(
            table,
            np.ones(len(table), bool),
            {pk: row for row, pk in enumerate(table.ids)},
            {name: _NameLookup() for name in NAME_FIELDS},
        )
        index._learn(table, 0)
        return index

    def __len__(self) -> int:
        return int(self.alive.sum())

    def _learn(self, rows: RecordTable, first_row: int) -> None:
        for name, lookup in self.lookups.items():
            lookup.learn(self.table.encoder.names[name].info)
            lookup.add_rows(rows.names(name), first_row)

    def update(
        self, ids: Sequence[str], columns: Mapping[str, Sequence[str]], removed: Iterable[str]
    ) -> None:
        """Persons added or changed (their rows as `build` takes them) and persons gone
        from the registry (merged into another)."""
        for pk in [*ids, *removed]:
            row = self.row_of.pop(pk, None)
            if row is not None:
                self.alive[row] = False
        if not ids:
            return
        rows = self.table.encoder.encode(ids, columns)
        first_row = len(self.table)
        self.table = appended(self.table, rows)
        self.alive = np.concatenate([self.alive, np.ones(len(rows), bool)])
        self.row_of.update({pk: first_row + i for i, pk in enumerate(rows.ids)})
        self._learn(rows, first_row)

    def _candidates(self, query: Query, incoming: RecordTable) -> Int64Array:
        """Alive rows one of whose names is like a query word, those like the most words
        first; or, for a query without names, those with its full date or number."""
        encoder = self.table.encoder
        for name, lookup in self.lookups.items():
            lookup.learn(encoder.names[name].info)  # the query's words may be new
        hits: list[int] = []
        for word in query.names:
            for name, lookup in self.lookups.items():
                entry = encoder.names[name].info[encoder.names[name].id(word)]
                if not entry.key or entry.is_initial:
                    continue
                for name_id in lookup.names_like(entry.keys, entry.key):
                    hits.extend(lookup.rows.get(name_id, ()))
        registry = self.table
        if not query.names and incoming.precision[0] == 3:
            same_day = (
                (registry.year == incoming.year[0])
                & (registry.month == incoming.month[0])
                & (registry.day == incoming.day[0])
            )
            hits.extend(np.flatnonzero(same_day).tolist())
        number = int(incoming.value_column("service_number")[0])
        if number:
            hits.extend(np.flatnonzero(registry.value_column("service_number") == number).tolist())
        if not hits:
            return np.zeros(0, np.int64)
        counts = np.bincount(np.asarray(hits, np.int64), minlength=len(registry))
        counts[~self.alive] = 0
        rows = np.flatnonzero(counts)
        if len(rows) > MAX_CANDIDATES:
            rows = rows[np.argsort(-counts[rows], kind="stable")[:MAX_CANDIDATES]]
        return rows.astype(np.int64)

    def search(
        self, query: Query, limit: int = MAX_HITS, calibration: Calibration | None = None
    ) -> list[Hit]:
        """The persons the query may mean, most probable first; only those the evidence
        favours (more bits for than against)."""
        if not query:
            return []
        shapes = hypotheses(query.names) or [dict.fromkeys(_SLOTS, "")]
        columns: dict[str, list[str]] = {slot: [h[slot] for h in shapes] for slot in _SLOTS}
        columns["date_of_birth"] = [query.date_of_birth] * len(shapes)
        if query.service_number:
            columns["service_number"] = [query.service_number] * len(shapes)
        registry = self.table
        incoming = registry.encoder.encode([str(i) for i in range(len(shapes))], columns)
        rows = self._candidates(query, incoming)
        if len(rows) == 0:
            return []
        comparisons = comparisons_for(incoming, registry)
        a = np.repeat(np.arange(len(incoming), dtype=np.int64), len(rows))
        b = np.tile(rows, len(incoming))
        levels = compare(comparisons, incoming, registry, a, b, self.cache)
        freq = _frequencies(registry, comparisons, self.alive)
        tf = _pair_frequencies(comparisons, freq, incoming, registry, a, b)
        models = [self._model(comparisons, incoming, h, calibration) for h in range(len(incoming))]
        bits = np.concatenate(
            [
                model.scores(levels[part], [None if f is None else f[part] for f in tf])
                for model, part in zip(
                    models, np.split(np.arange(len(a)), len(incoming)), strict=True
                )
            ]
        )
        by_shape = bits.reshape(len(incoming), len(rows))
        shape = by_shape.argmax(axis=0)
        best = by_shape[shape, np.arange(len(rows))]
        # Even odds that the query is someone in the registry, any one of its persons.
        none_bits = float(np.log2(max(len(self), 1)))
        top = max(float(best.max()), none_bits)
        weights = np.exp2(best - top)
        share = weights / (weights.sum() + np.exp2(none_bits - top))
        order = np.argsort(-best, kind="stable")
        order = order[best[order] > 0][:limit]
        pairs = shape[order] * len(rows) + order
        field_bits = np.zeros((len(pairs), len(comparisons)))
        for h, model in enumerate(models):
            mine = np.flatnonzero(shape[order] == h)
            tf_mine = [None if f is None else f[pairs[mine]] for f in tf]
            field_bits[mine] = model.field_bits(levels[pairs[mine]], tf_mine)
        explained = _explanations(
            models[0],  # for the comparisons' names and levels, the same in every model
            incoming,
            a[pairs].tolist(),
            registry,
            b[pairs].tolist(),
            levels[pairs],
            field_bits,
        )
        return [
            Hit(registry.ids[int(rows[i])], float(share[i]), contributions)
            for i, contributions in zip(order.tolist(), explained, strict=True)
        ]

    def _model(
        self,
        comparisons: list[Comparison],
        incoming: RecordTable,
        row: int,
        calibration: Calibration | None,
    ) -> Model:
        """The weights for one hypothesis: u from random persons compared with it, so
        agreeing with this query's rare surname or bare initial counts for what it is; m
        from the prior (and the reviewers' decisions). An initial can only agree or not,
        so its agreement takes all of m but disagreement's share."""
        rng = np.random.default_rng(row)
        picks = rng.integers(0, len(self.table), RANDOM_PER_SHAPE)
        same_row = np.full(len(picks), row, np.int64)
        random_levels = compare(comparisons, incoming, self.table, same_row, picks, self.cache)
        model = Model.start(comparisons, random_levels)
        # Names weigh their agreement by the name's frequency; other fields by u alone, and
        # a sample of 2,000 cannot say that a service number or a birth date is shared
        # by one person in 100,000. Those cheap comparisons get a sample of the size.
        wide = [k for k, c in enumerate(comparisons) if c.name not in NAME_FIELDS]
        count = min(len(self.table), RANDOM_WIDE)
        if wide and count > RANDOM_PER_SHAPE:
            sub = [comparisons[k] for k in wide]
            picks = rng.integers(0, len(self.table), count)
            same_row = np.full(count, row, np.int64)
            levels = compare(sub, incoming, self.table, same_row, picks, self.cache)
            for k, u in zip(wide, Model.start(sub, levels).u, strict=True):
                model.u[k] = u
        if calibration is not None:
            calibration(model)
        for k, comparison in enumerate(comparisons):
            if comparison.name in NAME_FIELDS:
                entry = self.table.encoder.names[comparison.name].info[
                    int(incoming.names(comparison.name)[row])
                ]
                if entry.is_initial:
                    different = comparison.levels.index("different")
                    initial = comparison.levels.index("initial")
                    model.m[k][initial] = 1.0 - model.m[k][different]
        return model
