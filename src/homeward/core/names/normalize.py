"""Unicode, apostrophe, spacing and look-alike-letter normalisation of names."""

from __future__ import annotations

import enum
import re
import unicodedata
from functools import lru_cache

# Every character that people, keyboards and OCR use for the Ukrainian apostrophe.
_APOSTROPHES = "'\u2019\u02bc\u02b9\u0060\u00b4\u2018\u02bb\u2032\uff07"
_APOSTROPHE_RE = re.compile(f"[{re.escape(_APOSTROPHES)}]")
# Anything that is not a letter, a digit, an apostrophe, a hyphen or a space separates words.
_SEPARATORS_RE = re.compile(r"[^\w'\- ]+|_")
_SPACES_RE = re.compile(r"\s+")

# Latin letters that look exactly like Cyrillic ones (and back). A typist switching
# keyboard layouts mid-word produces "Шeвчeнко" with Latin "e": this is not
# transliteration but glyph repair, so the table is deliberately tiny and visual.
_LATIN_TO_CYRILLIC = str.maketrans(
    "aceiopxyABCEHIKMOPTX",
    "асеіорхуАВСЕНІКМОРТХ",
)
_CYRILLIC_TO_LATIN = str.maketrans(
    "асеіорхуАВСЕНІКМОРТХ",
    "aceiopxyABCEHIKMOPTX",
)

_UKRAINIAN_ONLY = set("іїєґІЇЄҐ")
_RUSSIAN_ONLY = set("ыэъёЫЭЪЁ")


class Script(enum.StrEnum):
    """The writing system (and, for Cyrillic, the language when the letters tell)."""

    UKRAINIAN = "uk"
    RUSSIAN = "ru"
    CYRILLIC = "cyrillic"  # Cyrillic with no letter specific to either language
    LATIN = "latin"
    MIXED = "mixed"  # Ukrainian- and Russian-only letters together
    NONE = "none"  # no letters at all


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_latin(ch: str) -> bool:
    return (ch.isascii() and ch.isalpha()) or "\u00c0" <= ch <= "\u024f"


def normalize_apostrophes(text: str) -> str:
    """Replace every apostrophe variant with the ASCII apostrophe."""
    return _APOSTROPHE_RE.sub("'", text)


_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")


def fix_lookalikes(word: str) -> str:
    """Rewrite a word's look-alike letters into the script most of its letters use."""
    if word.isascii():
        return word
    cyrillic = len(_CYRILLIC_RE.findall(word))
    latin = len(_LATIN_RE.findall(word))
    if cyrillic and latin:
        table = _LATIN_TO_CYRILLIC if cyrillic >= latin else _CYRILLIC_TO_LATIN
        return word.translate(table)
    return word


# Pure functions of the text, called for every spelling of every name many times over in a
# linkage run (keys, parsing, comparisons): caching them halves the time to read a list.
@lru_cache(maxsize=1 << 17)
def normalize_text(text: str) -> str:
    """Canonical spelling of a name as typed: NFC, one apostrophe, single spaces, no
    punctuation other than apostrophes and hyphens, look-alike letters repaired.

    Case is kept: display code decides it.
    """
    # Apostrophes first: NFKC would turn the acute accent (U+00B4) into a space.
    text = unicodedata.normalize("NFKC", normalize_apostrophes(text))
    text = _SEPARATORS_RE.sub(" ", text)
    words = [fix_lookalikes(word.strip("'-")) for word in _SPACES_RE.split(text)]
    return " ".join(word for word in words if word)


@lru_cache(maxsize=1 << 17)
def detect_script(text: str) -> Script:
    """Tell Ukrainian, Russian, undetermined Cyrillic and Latin apart by their letters."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return Script.NONE
    cyrillic = [ch for ch in letters if _is_cyrillic(ch)]
    if len(cyrillic) * 2 < len(letters):
        return Script.LATIN
    has_uk = any(ch in _UKRAINIAN_ONLY for ch in cyrillic)
    has_ru = any(ch in _RUSSIAN_ONLY for ch in cyrillic)
    if has_uk and has_ru:
        return Script.MIXED
    if has_uk:
        return Script.UKRAINIAN
    if has_ru:
        return Script.RUSSIAN
    return Script.CYRILLIC
