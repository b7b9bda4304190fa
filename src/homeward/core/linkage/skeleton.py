"""Coarse keys for blocking: what survives any transliteration scheme and most typos.

Two ASCII spellings of one name differ in the ways transliteration schemes differ —
`shevchenko` / `sevcenko` / `chevtchenko` / `schewtschenko`, `oleksandr` / `aleksandr` /
`alexandr`, `hryhorii` / `grigorii` — and in vowels clerks get wrong. The skeleton keeps
the consonants after folding the spellings of one sound together, and reduces the first
letter to "a" when it is a vowel, so all of those collide while `shevchenko` and `shevchuk`
do not. It only selects candidates; the comparisons decide.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Longest first: each spelling of a sound in the Ukrainian, Russian, English, French and
# German schemes, folded onto one letter. French `ch` is English `sh`, so the hissing
# sounds (ш, ч, щ, ц, с) all fold onto `s`: blocks grow a little, no variant is lost.
_FOLDS = (
    ("schtsch", "s"), ("shch", "s"), ("sch", "s"), ("tsch", "s"), ("tch", "s"),
    ("sh", "s"), ("ch", "s"), ("zh", "z"), ("kh", "h"), ("ts", "s"), ("tz", "s"),
    ("dj", "z"), ("dzh", "z"), ("j", ""), ("y", ""), ("w", "v"), ("ph", "f"),
    ("x", "ks"), ("ck", "k"), ("q", "k"), ("g", "h"), ("c", "s"),
)  # fmt: skip
_FOLD_RE = re.compile("|".join(re.escape(a) for a, _ in _FOLDS))
_FOLD_MAP = dict(_FOLDS)
_VOWELS = frozenset("aeiou")


@lru_cache(maxsize=1 << 18)
def skeleton(key: str) -> str:
    """The coarse key of one ASCII name key (`oleksandr` → `alksndr`)."""
    if not key:
        return ""
    folded = _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group(0)], key)
    if not folded:
        return key[:1]
    head = "a" if folded[0] in _VOWELS else folded[0]
    out = [head]
    for ch in folded[1:]:
        if ch in _VOWELS or ch == out[-1]:
            continue
        out.append(ch)
    return "".join(out)
