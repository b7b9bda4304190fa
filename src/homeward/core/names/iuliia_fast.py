"""iuliia's schemas applied faster, with the package's own tables and rules.

iuliia looks every letter up in three dictionaries through a generator of letter triples:
about 20 µs a word, and reading a list transliterates each distinct name under four
Russian schemes. Most letters have no rule that depends on their neighbours, so a word
without such letters is one `str.translate` over the schema's letter table; the others
follow iuliia's algorithm letter by letter. The result is the package's, character for
character: tests/core/names/test_iuliia_fast.py checks every name in the dictionaries.
"""

from __future__ import annotations

import re

import iuliia
from iuliia import nlp
from iuliia.schema import TranslitSchema

_WORDS = re.compile(r"\b")


def _loaded(schema: iuliia.Schema) -> TranslitSchema:
    """The schema's tables: iuliia's named schemas load their JSON on first use."""
    if isinstance(schema, TranslitSchema):
        return schema
    schema.translate("")  # loads it
    loaded = getattr(schema, "_schema", None)
    if not isinstance(loaded, TranslitSchema):
        raise TypeError(f"cannot read the tables of iuliia schema {schema.name!r}")
    return loaded


class CompiledSchema:
    def __init__(self, named: iuliia.Schema) -> None:
        schema = _loaded(named)
        self._map: dict[str, str] = dict(schema.map)
        self._prev: dict[str, str] = dict(schema.prev_map)
        self._next: dict[str, str] = dict(schema.next_map)
        self._ending: dict[str, str] = dict(schema.ending_map)
        if any(len(key) != 1 for key in self._map):
            raise ValueError(f"{schema.name}: letter table keys must be single letters")
        self._table = str.maketrans(self._map)
        # Letters whose translation may depend on a neighbour.
        # (A previous-letter key is one letter long at the start of a word, a next-letter
        # key at its end.)
        self._contextual = frozenset(key[-1] for key in self._prev) | frozenset(
            key[0] for key in self._next
        )

    def __call__(self, text: str) -> str:
        return "".join(self._word(word) for word in _WORDS.split(text) if word)

    def _word(self, word: str) -> str:
        stem, ending = nlp.split_word(word)
        translated_ending = self._ending.get(ending) if ending else None
        if translated_ending:  # iuliia's own test: an empty translation does not count
            return self._letters(stem) + translated_ending
        return self._letters(word)

    def _letters(self, word: str) -> str:
        if self._contextual.isdisjoint(word):
            return word.translate(self._table)
        out = []
        last = len(word) - 1
        for i, curr in enumerate(word):
            if curr not in self._contextual:
                out.append(self._map.get(curr, curr))
                continue
            prev = word[i - 1] if i else ""
            next_ = word[i + 1] if i < last else ""
            letter = self._prev.get(prev + curr)
            if letter is None:
                letter = self._next.get(curr + next_)
            if letter is None:
                letter = self._map.get(curr, curr)
            out.append(letter)
        return "".join(out)
