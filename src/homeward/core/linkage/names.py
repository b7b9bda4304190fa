"""How two spellings of a name part agree, in levels a registrar understands.

Names are compared by their key sets (`NameEquivalents.keys`): every ASCII spelling of
every Ukrainian, Russian and English form. Equal keys mean the same name under some
official table or dictionary; otherwise the closest pair of keys is compared character by
character (Jaro–Winkler from rapidfuzz), which catches typos without confusing
`Олександр` with `Олексій`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cdist, cpdist

from homeward.core.names.equivalents import NameKind, name_equivalents, spellings
from homeward.core.names.normalize import normalize_text
from homeward.core.names.search import name_search_key

# One letter typed wrong in a name of six or more letters stays above 0.94 (Олесандр 0.97,
# Шевчинко 0.96). Jaro-Winkler rewards a shared beginning, so two different given names
# can score as high (Андрій / Андріан 0.94, Олександр / Олексій 0.93, Алексеевич /
# Александрович 0.95): when the dictionaries know both names only a very close pair (a
# variant spelling the dictionary keeps, Олесандр 0.97) counts, and nothing is "similar".
CLOSE, SIMILAR = 0.94, 0.88
CLOSE_KNOWN = 0.96
_CLOSED_VOCABULARIES = (NameKind.GIVEN, NameKind.PATRONYMIC)


class NameLevel(enum.IntEnum):
    """Strongest first; the integer order is the strength order."""

    SAME = 5  # the same spelling, up to case, apostrophes and script
    EQUIVALENT = 4  # another form of the same name (Олександр / Александр / Alexander)
    CLOSE = 3  # a typo away (Jaro–Winkler ≥ 0.94)
    SIMILAR = 2  # probably a worse typo or a variant (≥ 0.88)
    INITIAL = 1  # one side is an initial and it agrees
    MISSING = 0  # one side is empty
    DIFFERENT = -1


@dataclass(frozen=True, slots=True)
class NameComparison:
    level: NameLevel
    similarity: float  # of the closest key pair, 0..1


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One spelling of a name part, with everything comparisons need computed once."""

    text: str  # normalised
    key: str  # the plain search key (KMU for Ukrainian)
    keys: frozenset[str]  # every equivalent spelling's key
    is_initial: bool
    known: bool  # the dictionaries know it (for the stricter bands)

    @property
    def initials(self) -> frozenset[str]:
        return frozenset(k[:1] for k in self.keys | {self.key} if k)


@lru_cache(maxsize=1 << 17)
def name_entry(text: str, kind: NameKind) -> NameEntry:
    """The entry of a name as written; an empty entry for an empty name."""
    normalized = normalize_text(text)
    key = name_search_key(normalized)
    if not key:
        return NameEntry("", "", frozenset(), False, False)
    # One letter, however many its transliteration takes: Ю. is `iu` or `yu`, Ш. `sh`.
    is_initial = len(normalized.replace("'", "")) == 1
    equivalents = name_equivalents()
    if is_initial:
        keys = spellings(normalized.upper()) | {key}
    else:
        keys = equivalents.keys(normalized, kind) | {key}
    known = (
        not is_initial and kind in _CLOSED_VOCABULARIES and equivalents.is_known(normalized, kind)
    )
    return NameEntry(normalized, key, frozenset(keys), is_initial, known)


def _initials_agree(a: NameEntry, b: NameEntry) -> bool:
    """An initial agrees with a name one of whose spellings begins with one of the
    initial's (Ю. with Yurii and Iurii, Russian А. with Олександр through Aleksandr), and
    with another initial when either spelling begins the other (Ю. and Y.)."""
    if a.is_initial and b.is_initial:
        return any(x.startswith(y) or y.startswith(x) for x in a.keys for y in b.keys)
    initial, full = (a, b) if a.is_initial else (b, a)
    return any(key.startswith(letter) for key in full.keys for letter in initial.keys)


def compare_entries(a: NameEntry, b: NameEntry) -> NameComparison:
    if not a.key or not b.key:
        return NameComparison(NameLevel.MISSING, 0.0)
    if a.is_initial or b.is_initial:
        level = NameLevel.INITIAL if _initials_agree(a, b) else NameLevel.DIFFERENT
        return NameComparison(level, 0.0)
    if a.key == b.key:
        return NameComparison(NameLevel.SAME, 1.0)
    if not a.keys.isdisjoint(b.keys):
        return NameComparison(NameLevel.EQUIVALENT, 1.0)
    best = float(cdist(list(a.keys), list(b.keys), scorer=JaroWinkler.normalized_similarity).max())
    return NameComparison(_fuzzy_level(best, a.known and b.known), best)


def compare_many(entries: Sequence[NameEntry], xs: list[int], ys: list[int]) -> list[NameLevel]:
    """`compare_entries` of many pairs of entries (by position in `entries`) at once: the
    Jaro–Winkler similarities of every pair's key pairs are computed in one call."""
    levels: list[NameLevel] = [NameLevel.DIFFERENT] * len(xs)
    fuzzy: list[int] = []
    left: list[str] = []
    right: list[str] = []
    sizes: list[int] = []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        a, b = entries[x], entries[y]
        if not a.key or not b.key or a.is_initial or b.is_initial or a.key == b.key:
            levels[i] = compare_entries(a, b).level
        elif not a.keys.isdisjoint(b.keys):
            levels[i] = NameLevel.EQUIVALENT
        else:
            keys_a, keys_b = list(a.keys), list(b.keys)
            left.extend(keys_a * len(keys_b))
            for key in keys_b:
                right.extend([key] * len(keys_a))
            fuzzy.append(i)
            sizes.append(len(keys_a) * len(keys_b))
    if fuzzy:
        similarity = cpdist(left, right, scorer=JaroWinkler.normalized_similarity)
        starts = np.cumsum([0, *sizes[:-1]])
        best = np.maximum.reduceat(similarity, starts).tolist()
        for i, score in zip(fuzzy, best, strict=True):
            known = entries[xs[i]].known and entries[ys[i]].known
            levels[i] = _fuzzy_level(score, known)
    return levels


def _fuzzy_level(best: float, known: bool) -> NameLevel:
    close, similar = (CLOSE_KNOWN, CLOSE_KNOWN) if known else (CLOSE, SIMILAR)
    if best >= close:
        return NameLevel.CLOSE
    if best >= similar:
        return NameLevel.SIMILAR
    return NameLevel.DIFFERENT


def compare_names(first: str, second: str, kind: NameKind) -> NameComparison:
    return compare_entries(name_entry(first, kind), name_entry(second, kind))


_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"  # what name keys are made of
_LETTER_INDEX = np.zeros(256, np.int64)
_LETTER_INDEX[np.frombuffer(_ALPHABET.encode(), np.uint8)] = np.arange(len(_ALPHABET))
# Jaro–Winkler adds at most 0.4·(1 − J) to the Jaro similarity J (four letters of common
# prefix, weight 0.1): the least J that can still reach the SIMILAR band.
_LEAST_JARO = (SIMILAR - 0.4) / 0.6


@dataclass(frozen=True)
class LetterBags:
    """Per name entry, the most of each letter any of its keys holds and its shortest key's
    length: enough to rule most pairs out before Jaro–Winkler (`could_be_similar`)."""

    counts: npt.NDArray[np.uint8]  # entries × letters
    shortest: npt.NDArray[np.float64]  # 0 for entries never fuzzily compared

    @classmethod
    def of(cls, entries: Sequence[NameEntry]) -> LetterBags:
        # All keys at once: a registry's vocabulary has tens of thousands of entries.
        fuzzy = [e for e in entries if e.key and not e.is_initial]
        rows = [row for row, e in enumerate(entries) if e.key and not e.is_initial]
        keys = [sorted(e.keys) for e in fuzzy]
        counts = np.zeros((len(entries), len(_ALPHABET)), np.uint8)
        shortest = np.zeros(len(entries))
        if not fuzzy:
            return cls(counts, shortest)
        flat = [key for entry_keys in keys for key in entry_keys]
        lengths = np.fromiter((len(k) for k in flat), np.int64, count=len(flat))
        letters = np.frombuffer("".join(flat).encode("ascii"), np.uint8)
        key_of_letter = np.repeat(np.arange(len(flat)), lengths)
        per_key = np.bincount(
            key_of_letter * len(_ALPHABET) + _LETTER_INDEX[letters],
            minlength=len(flat) * len(_ALPHABET),
        ).reshape(len(flat), len(_ALPHABET))
        starts = np.cumsum([0] + [len(k) for k in keys[:-1]])
        target = np.asarray(rows)
        counts[target] = np.maximum.reduceat(per_key, starts, axis=0).astype(np.uint8)
        shortest[target] = np.minimum.reduceat(lengths, starts)
        return cls(counts, shortest)

    def extended(self, entries: Sequence[NameEntry]) -> LetterBags:
        """These bags and those of entries added to the vocabulary since."""
        more = LetterBags.of(entries[len(self.shortest) :])
        return LetterBags(
            np.concatenate([self.counts, more.counts]),
            np.concatenate([self.shortest, more.shortest]),
        )


def could_be_similar(
    x: LetterBags, rows_x: npt.NDArray[np.int64], y: LetterBags, rows_y: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """False for pairs of entries that cannot reach the SIMILAR band (nor, a fortiori,
    share a key); True where `compare_entries` must decide, initials included.

    Reaching SIMILAR needs a Jaro similarity of at least `_LEAST_JARO`, and
    J ≤ (m/|s| + m/|t| + 1)/3 with m the matching characters, at most the letters the two
    keys have in common. Over all key pairs of two entries, that count is at most the
    common part of their bags, and the lengths are at least the shortest keys'."""
    common = np.minimum(x.counts[rows_x], y.counts[rows_y]).sum(axis=1, dtype=np.float64)
    short_x, short_y = x.shortest[rows_x], y.shortest[rows_y]
    fuzzy = (short_x > 0) & (short_y > 0)
    bound = common / np.where(fuzzy, short_x, 1.0) + common / np.where(fuzzy, short_y, 1.0)
    possible: npt.NDArray[np.bool_] = ~fuzzy | (bound >= 3 * _LEAST_JARO - 1 - 1e-9)
    return possible
