"""Invariants of name normalisation, search keys and name equivalents, checked by
hypothesis over generated names rather than a handful of examples."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from homeward.core.names.equivalents import NameKind, name_equivalents
from homeward.core.names.normalize import normalize_text
from homeward.core.names.search import ascii_key, name_search_key, search_tokens

# Modest example counts keep each property well under a second; no example database, so
# that the suite writes nothing into the working tree.
FAST = settings(max_examples=200, deadline=None, database=None)
# Properties that call the dictionaries and the transliteration tables per example.
SLOW = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

UKRAINIAN = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
LATIN = "abcdefghijklmnopqrstuvwxyz"
# The apostrophes the brief names: ASCII, right single quotation mark, modifier letter
# apostrophe, modifier letter prime, grave accent.
APOSTROPHES = "'\u2019\u02bc\u02b9`"
# Cyrillic letters and the Latin letters that look exactly like them.
LOOKALIKES = dict(zip("асеіорхуАВСЕНІКМОРТХ", "aceiopxyABCEHIKMOPTX", strict=True))
SEPARATORS = ' \t\n\u00a0,.;:!?()[]«»"/'
KEY = re.compile(r"^[a-z0-9]*$")


def _word(alphabet: str, max_size: int = 12) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=max_size).map(str.capitalize)


ukrainian_words = _word(UKRAINIAN)
cyrillic_words = st.one_of(ukrainian_words, _word(RUSSIAN))
any_words = st.one_of(cyrillic_words, _word(LATIN))


# --- normalize_text ------------------------------------------------------------------------


@FAST
@given(st.text())
def test_normalize_text_is_idempotent_on_any_text(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@FAST
@given(st.text(UKRAINIAN + RUSSIAN + LATIN + APOSTROPHES + SEPARATORS + "-ʼ’ 0123456789"))
def test_normalize_text_is_idempotent_on_name_like_text(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "  " not in once
    assert once == once.strip()


# --- apostrophes ---------------------------------------------------------------------------


@FAST
@given(ukrainian_words, _word(UKRAINIAN, 8).map(str.lower), st.sampled_from(APOSTROPHES))
def test_apostrophe_variants_give_the_same_key(before: str, after: str, apostrophe: str) -> None:
    ascii_spelling = f"{before}'{after}"
    typed = f"{before}{apostrophe}{after}"
    assert name_search_key(typed) == name_search_key(ascii_spelling)
    assert search_tokens(typed) == search_tokens(ascii_spelling)
    assert normalize_text(typed) == normalize_text(ascii_spelling)


# --- case ----------------------------------------------------------------------------------


@FAST
@given(any_words)
def test_name_search_key_ignores_case(word: str) -> None:
    key = name_search_key(word)
    assert name_search_key(word.upper()) == key
    assert name_search_key(word.lower()) == key
    assert name_search_key(word.capitalize()) == key


# ь or ъ before е/ё: the Russian table writes it "ye" in lower case, "e" in capitals.
@pytest.mark.parametrize("word", ["Воробьёв", "Соловьёв", "Подъездов", "Ильенко"])
def test_name_search_key_ignores_case_of_russian_soft_sign_before_e(word: str) -> None:
    assert name_search_key(word.upper()) == name_search_key(word)


# --- look-alike letters --------------------------------------------------------------------


@st.composite
def _with_latin_lookalikes(draw: st.DrawFn) -> tuple[str, str]:
    """A Cyrillic word and the same word with up to half its letters typed as Latin
    look-alikes (the Cyrillic letters stay the majority, as a layout slip leaves them)."""
    word = draw(st.text(UKRAINIAN + UKRAINIAN.upper(), min_size=2, max_size=14))
    twins = [i for i, ch in enumerate(word) if ch in LOOKALIKES]
    assume(twins)
    swapped = draw(st.sets(st.sampled_from(twins), min_size=1, max_size=len(word) // 2))
    mixed = "".join(LOOKALIKES[ch] if i in swapped else ch for i, ch in enumerate(word))
    return word, mixed


@settings(FAST, max_examples=120)  # generating the pairs is the slow part
@given(_with_latin_lookalikes())
def test_latin_lookalikes_in_a_cyrillic_word_give_the_cyrillic_key(
    pair: tuple[str, str],
) -> None:
    word, mixed = pair
    assert mixed != word
    assert normalize_text(mixed) == normalize_text(word)
    assert name_search_key(mixed) == name_search_key(word)


# --- spacing and punctuation ---------------------------------------------------------------


@FAST
@given(
    st.lists(any_words, min_size=1, max_size=4),
    st.lists(st.text(SEPARATORS, min_size=1, max_size=4), min_size=5, max_size=5),
)
def test_extra_spaces_and_punctuation_do_not_change_search_tokens(
    words: list[str], separators: list[str]
) -> None:
    plain = " ".join(words)
    noisy = separators[0] + "".join(w + s for w, s in zip(words, separators[1:], strict=False))
    assert search_tokens(noisy) == search_tokens(plain)


# --- ascii_key and name_search_key ---------------------------------------------------------


@FAST
@given(st.text())
def test_ascii_key_is_ascii_alphanumeric(text: str) -> None:
    key = ascii_key(text)
    assert key == "" or (key.isascii() and key.isalnum())


@FAST
@given(st.text(LATIN + LATIN.upper() + "ÀÉÎÕÜàéîõüßŁłŠšŽžÇç" + UKRAINIAN + " -'"))
def test_ascii_key_of_names_is_lower_case(text: str) -> None:
    # Only of names: ascii_key case-folds before decomposing, so a compatibility character
    # such as ㎴ comes out as "pV". name_search_key normalises first and is lower case on
    # any text (below).
    assert KEY.match(ascii_key(text))


@FAST
@given(st.text())
def test_name_search_key_is_lower_case_ascii_alphanumeric(text: str) -> None:
    assert KEY.match(name_search_key(text))


@FAST
@given(st.lists(any_words, max_size=5))
def test_search_tokens_are_unique_non_empty_keys(words: list[str]) -> None:
    tokens = search_tokens(" ".join(words))
    assert len(tokens) == len(set(tokens))
    assert all(token and KEY.match(token) for token in tokens)


# --- name equivalents ----------------------------------------------------------------------


def _dictionary_names(kind: NameKind) -> list[str]:
    """A fixed sample of the dictionary's Ukrainian names and their Russian forms."""
    forms = name_equivalents()._forward_index(kind)
    ukrainian = sorted(forms)[::97]
    russian = sorted({r for _, names in forms.items() for r in names})[::97]
    return [*ukrainian, *russian]


@pytest.fixture(scope="module")
def dictionary_names() -> dict[NameKind, list[str]]:
    return {kind: _dictionary_names(kind) for kind in NameKind}


@SLOW
@given(st.data(), st.sampled_from(list(NameKind)))
def test_dictionary_names_are_equivalent_to_themselves_in_any_case(
    dictionary_names: dict[NameKind, list[str]], data: st.DataObject, kind: NameKind
) -> None:
    name = data.draw(st.sampled_from(dictionary_names[kind]))
    equivalents = name_equivalents()
    keys = equivalents.keys(name, kind)
    assert keys
    assert all(KEY.match(key) and key for key in keys)
    assert equivalents.equivalent(name, name, kind)
    assert equivalents.equivalent(name.upper(), name.capitalize(), kind)


@SLOW
@given(st.data(), st.sampled_from(list(NameKind)))
def test_equivalence_is_symmetric(
    dictionary_names: dict[NameKind, list[str]], data: st.DataObject, kind: NameKind
) -> None:
    equivalents = name_equivalents()
    first = data.draw(st.sampled_from(dictionary_names[kind]))
    # The other side is often one of the first name's own spellings, so that the
    # property is also checked on pairs that are equivalent.
    spellings = sorted(equivalents.keys(first, kind))
    second = data.draw(
        st.one_of(st.sampled_from(dictionary_names[kind]), st.sampled_from(spellings))
    )
    assert equivalents.equivalent(first, second, kind) == equivalents.equivalent(
        second, first, kind
    )


@SLOW
@given(st.data())
def test_every_spelling_of_a_given_name_is_equivalent_to_it(
    dictionary_names: dict[NameKind, list[str]], data: st.DataObject
) -> None:
    equivalents = name_equivalents()
    name = data.draw(st.sampled_from(dictionary_names[NameKind.GIVEN]))
    spelling = data.draw(st.sampled_from(sorted(equivalents.keys(name, NameKind.GIVEN))))
    assert equivalents.equivalent(spelling, name, NameKind.GIVEN)
    assert equivalents.equivalent(spelling.capitalize(), name.upper(), NameKind.GIVEN)


@example("Олександр")
@example("Фёдорів")  # Ukrainian- and Russian-only letters: no table writes it whole
@FAST
@given(cyrillic_words)
def test_cyrillic_words_with_a_search_key_have_keys(word: str) -> None:
    # A word of soft signs alone (Ь) has no Latin spelling in any table, nor a search key.
    assume(name_search_key(word))
    keys = name_equivalents().keys(word, NameKind.SURNAME)
    assert keys
    assert all(KEY.match(key) and key for key in keys)
