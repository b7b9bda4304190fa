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

from rapidfuzz.distance import JaroWinkler

from homeward.core.names.equivalents import NameKind, name_equivalents
from homeward.core.names.normalize import normalize_text
from homeward.core.names.search import name_search_key

# Provisional bands, to be tuned by the issue-3 benchmark. One letter typed wrong in a name
# of six or more letters stays above 0.94 (Олесандр 0.97, Шевчинко 0.96). Jaro-Winkler
# rewards a shared beginning, so two different given names can score as high (Андрій /
# Андріан 0.94, Олександр / Олексій 0.93): when the dictionaries know both names, the
# bands are stricter.
CLOSE, SIMILAR = 0.94, 0.88
CLOSE_KNOWN, SIMILAR_KNOWN = 0.96, 0.94
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


def _initial(name: str) -> str:
    key = name_search_key(name)
    return key[:1]


def compare_names(first: str, second: str, kind: NameKind) -> NameComparison:
    a, b = normalize_text(first), normalize_text(second)
    if not a or not b:
        return NameComparison(NameLevel.MISSING, 0.0)
    if len(a) == 1 or len(b) == 1:  # an initial
        initials = {k[:1] for k in name_equivalents().keys(a if len(b) == 1 else b, kind)}
        agrees = _initial(a if len(a) == 1 else b) in initials
        return NameComparison(NameLevel.INITIAL if agrees else NameLevel.DIFFERENT, 0.0)
    if name_search_key(a) == name_search_key(b):
        return NameComparison(NameLevel.SAME, 1.0)
    equivalents = name_equivalents()
    keys_a, keys_b = equivalents.keys(a, kind), equivalents.keys(b, kind)
    if keys_a & keys_b:
        return NameComparison(NameLevel.EQUIVALENT, 1.0)
    known = kind in _CLOSED_VOCABULARIES and all(equivalents.is_known(n, kind) for n in (a, b))
    close, similar = (CLOSE_KNOWN, SIMILAR_KNOWN) if known else (CLOSE, SIMILAR)
    best = max(
        (JaroWinkler.normalized_similarity(x, y) for x in keys_a for y in keys_b), default=0.0
    )
    if best >= close:
        level = NameLevel.CLOSE
    elif best >= similar:
        level = NameLevel.SIMILAR
    else:
        level = NameLevel.DIFFERENT
    return NameComparison(level, best)
