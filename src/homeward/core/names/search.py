"""Script-independent search keys: `Шевченко`, `ШЕВЧЕНКО` and `shevchenko` share one key.

This is the registry's plain name search. The identity-resolution engine adds name
equivalents (Олександр / Александр) and fuzzy comparison on top of it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from homeward.core.names.normalize import normalize_text
from homeward.core.names.transliteration import to_latin, to_latin_russian


@lru_cache(maxsize=1 << 17)
def ascii_key(text: str) -> str:
    """Latin letters without their diacritics (Müller → Muller); anything else dropped."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


@lru_cache(maxsize=1 << 17)
def name_search_key(word: str) -> str:
    """Lower-case ASCII key of one word: transliterated, apostrophes and hyphens removed."""
    # Lower-cased before transliterating: the Russian table writes ьё as "ye" in lower
    # case but "e" in capitals, and lists write surnames in capitals (ВОРОБЬЁВ).
    latin = to_latin(normalize_text(word).casefold())
    if not latin.isascii():
        # A word mixing Ukrainian- and Russian-only letters keeps the Russian ones after
        # the KMU table: the Russian table takes what is left.
        latin = to_latin_russian(latin)
    return ascii_key(latin.casefold())


def search_tokens(text: str) -> list[str]:
    """Keys of every word of a text, in order, without empties or repeats."""
    seen: dict[str, None] = {}
    for word in normalize_text(text).replace("-", " ").split():
        key = name_search_key(word)
        if key:
            seen.setdefault(key, None)
    return list(seen)


def search_text(spellings: Iterable[str]) -> str:
    """What the registry stores to search a person by: every key of every spelling, once,
    each with a space before and after, so that " key" matches the start of any word."""
    return f" {' '.join(search_tokens(' '.join(spellings)))} "
