"""Transliteration through the established tables of the translitua package."""

from __future__ import annotations

from translitua import RussianInternationalPassport1997, UkrainianKMU, translit

from homeward.core.names.normalize import Script, detect_script, normalize_text


def kmu2010(text: str) -> str:
    """The national Latin spelling (Cabinet of Ministers resolution No. 55 of 2010).

    Normalises first, so that apostrophe variants and look-alike letters do not leak into
    the Latin form.
    """
    return str(translit(normalize_text(text), UkrainianKMU))


def to_latin(word: str) -> str:
    """Latin form of one word in whichever table fits its letters: the Russian passport
    table for words with Russian-only letters, KMU 2010 for everything else Cyrillic."""
    if detect_script(word) is Script.RUSSIAN:
        return str(translit(word, RussianInternationalPassport1997))
    return str(translit(word, UkrainianKMU))


def to_latin_russian(text: str) -> str:
    """The Russian international passport table, for text known to be Russian."""
    return str(translit(text, RussianInternationalPassport1997))
