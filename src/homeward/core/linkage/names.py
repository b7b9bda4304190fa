"""How two spellings of a name part agree, in levels a registrar understands.

Names are compared by their key sets (`NameEquivalents.keys`): every ASCII spelling of
every Ukrainian, Russian and English form. Equal keys mean the same name under some
official table or dictionary; otherwise the closest pair of keys is compared character by
character (Jaro–Winkler from rapidfuzz), which catches typos without confusing
`Олександр` with `Олексій`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cdist

from homeward.core.names.equivalents import NameKind, name_equivalents
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
    is_initial = len(key) == 1
    equivalents = name_equivalents()
    keys = frozenset({key}) if is_initial else equivalents.keys(normalized, kind) | {key}
    known = (
        not is_initial and kind in _CLOSED_VOCABULARIES and equivalents.is_known(normalized, kind)
    )
    return NameEntry(normalized, key, keys, is_initial, known)


def compare_entries(a: NameEntry, b: NameEntry) -> NameComparison:
    if not a.key or not b.key:
        return NameComparison(NameLevel.MISSING, 0.0)
    if a.is_initial or b.is_initial:
        agrees = bool(a.initials & b.initials)
        return NameComparison(NameLevel.INITIAL if agrees else NameLevel.DIFFERENT, 0.0)
    if a.key == b.key:
        return NameComparison(NameLevel.SAME, 1.0)
    if not a.keys.isdisjoint(b.keys):
        return NameComparison(NameLevel.EQUIVALENT, 1.0)
    known = a.known and b.known
    close, similar = (CLOSE_KNOWN, CLOSE_KNOWN) if known else (CLOSE, SIMILAR)
    best = float(cdist(list(a.keys), list(b.keys), scorer=JaroWinkler.normalized_similarity).max())
    if best >= close:
        level = NameLevel.CLOSE
    elif best >= similar:
        level = NameLevel.SIMILAR
    else:
        level = NameLevel.DIFFERENT
    return NameComparison(level, best)


def compare_names(first: str, second: str, kind: NameKind) -> NameComparison:
    return compare_entries(name_entry(first, kind), name_entry(second, kind))
