"""The compiled iuliia schemas give the package's own output, character for character."""

from __future__ import annotations

from functools import cache

import iuliia
import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward.core.names.equivalents import NameKind, name_equivalents
from homeward.core.names.iuliia_fast import CompiledSchema

SCHEMAS = [iuliia.ICAO_DOC_9303, iuliia.MVD_310, iuliia.BGN_PCGN, iuliia.WIKIPEDIA]
_CYRILLIC = "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюяАБВГҐДЕЁЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ'- "


@cache
def _dictionary_words() -> list[str]:
    """Every given name and patronymic in both forms, and every 20th surname: the words the
    engine transliterates, in title case and in capitals."""
    equivalents = name_equivalents()
    words: set[str] = set()
    for kind, step in ((NameKind.GIVEN, 1), (NameKind.PATRONYMIC, 1), (NameKind.SURNAME, 20)):
        for i, (ukrainian, russians) in enumerate(equivalents._forward_index(kind).items()):
            if i % step:
                continue
            for word in (ukrainian, *russians):
                words.update((word.title(), word.upper()))
    return sorted(words)


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.name)
def test_every_dictionary_word_translates_as_iuliia_does(schema: iuliia.Schema) -> None:
    compiled = CompiledSchema(schema)
    words = _dictionary_words()
    assert len(words) > 30_000
    ours = [compiled(w) for w in words]
    theirs = [schema.translate(w) for w in words]
    assert [(w, a, b) for w, a, b in zip(words, theirs, ours, strict=True) if a != b] == []


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.name)
@given(text=st.text(alphabet=_CYRILLIC + "abc.,1", max_size=30))
def test_any_text_translates_as_iuliia_does(schema: iuliia.Schema, text: str) -> None:
    assert CompiledSchema(schema)(text) == schema.translate(text)


@pytest.mark.parametrize(
    ("schema", "word", "latin"),
    [
        (iuliia.ICAO_DOC_9303, "Юрий", "Iurii"),
        (iuliia.MVD_310, "Юрий", "Yuriy"),
        (iuliia.WIKIPEDIA, "Фёдор", "Fyodor"),
        (iuliia.WIKIPEDIA, "Евгений", "Yevgeny"),  # a rule for the first letter
        (iuliia.BGN_PCGN, "Николаевич", "Nikolayevich"),  # a rule for the previous letter
    ],
)
def test_context_rules(schema: iuliia.Schema, word: str, latin: str) -> None:
    assert CompiledSchema(schema)(word) == latin
