"""Which transliteration tables make a name's keys, how their output becomes a key, and how
Latin spellings are read back to the dictionary's names."""

from __future__ import annotations

from pathlib import Path

import pytest

from homeward.core.names import equivalents as module
from homeward.core.names.compact import CompactMapping
from homeward.core.names.equivalents import (
    NameEquivalents,
    NameKind,
    latin_key,
    name_equivalents,
    spellings,
)

G, P, S = NameKind.GIVEN, NameKind.PATRONYMIC, NameKind.SURNAME


# --- latin_key -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latin", "key"),
    [
        ("Shevchenko", "shevchenko"),
        ("Mar'iana", "mariana"),
        ("Natal’ya", "natalya"),  # BGN/PCGN's ’ for ь
        ("Ševčenko", "sevcenko"),  # diacritics dropped
        ("Oleksіi", "oleksii"),  # a Russian table passes the Ukrainian і through
        ("Єvgen", ""),  # a letter the table does not cover: no key rather than "vgen"
        ("Їzhak", ""),
        ("Rыbakov", ""),
        ("Fёdor", ""),
    ],
)
def test_latin_key(latin: str, key: str) -> None:
    assert latin_key(latin) == key


def test_bgn_pcgn_yo_is_read_as_e_with_diaeresis() -> None:
    # iuliia writes the standard's ë (Фёдор → Fëdor) as the Cyrillic ё.
    assert {"fedor", "fyodor"} <= spellings("Фёдор")
    assert "vorobyev" in spellings("Воробьёв")  # BGN/PCGN's Vorob'yëv


# --- the tables ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # Ukrainian forms: KMU 2010, the 2007 passports, BGN/PCGN
        ("Юрій", {"yurii", "iurii", "yuriy"}),
        ("Сергій", {"serhii", "sergii", "serhiy"}),
        # Russian forms: ICAO Doc 9303, MVD 310, BGN/PCGN, Wikipedia (iuliia)
        ("Юрий", {"iurii", "yuriy", "yury"}),
        ("Евгений", {"evgenii", "evgeniy", "yevgeniy", "yevgeny"}),
        ("Фёдоров", {"fedorov", "fyodorov"}),
        ("Николаевич", {"nikolaevich", "nikolayevich"}),
    ],
)
def test_spellings_include_the_tables_documents_use(word: str, expected: set[str]) -> None:
    assert expected <= spellings(word)


@pytest.mark.parametrize(
    ("word", "not_a_key"),
    [
        ("Євген", "vgen"),  # Russian tables have no є
        ("Ілля", "llia"),
        ("Олексій", "oleksi"),
        ("Олійник", "olinik"),
        ("Їжак", "zhak"),
    ],
)
def test_letters_a_table_does_not_cover_do_not_vanish_from_keys(word: str, not_a_key: str) -> None:
    assert not_a_key not in spellings(word)
    assert all(key.isascii() and key.isalnum() for key in spellings(word))


def test_a_word_no_table_writes_whole_keeps_its_search_key() -> None:
    # Ukrainian ї and Russian ы together: every table leaves one of them.
    assert spellings("Їжаков-Рыбаков") == {"yizhakovrybakov"}


def test_french_and_german_spellings_are_not_keys_of_cyrillic_names() -> None:
    keys = name_equivalents().keys("Шевченко", S)
    assert "chevtchenko" not in keys
    assert "schewtschenko" not in keys


def test_russian_forms_with_and_without_yo_are_one_form() -> None:
    equivalents = name_equivalents()
    assert equivalents.ukrainian_forms("Воробьёв", S) == equivalents.ukrainian_forms("Воробьев", S)
    assert "Воробйов" in equivalents.ukrainian_forms("Воробьёв", S)
    assert equivalents.is_known("Воробьёв", S)


# --- Latin readings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latin", "kind", "national"),
    [
        ("iurii", G, "yurii"),  # the 2007 passports
        ("yuriy", G, "yurii"),  # BGN/PCGN
        ("yury", G, "yurii"),  # Wikipedia, of the Russian form
        ("nikolaevich", P, "mykolaiovych"),  # ICAO, of the Russian form
        ("chevtchenko", S, "shevchenko"),  # French
        ("schewtschenko", S, "shevchenko"),  # German
    ],
)
def test_latin_readings(latin: str, kind: NameKind, national: str) -> None:
    assert national in name_equivalents().latin_readings(latin, kind)


def test_latin_names_the_dictionaries_read_back_are_known() -> None:
    equivalents = name_equivalents()
    assert equivalents.is_known("Iurii", G)
    assert equivalents.is_known("Nikolaevich", P)
    assert not equivalents.is_known("Zbigniew", G)
    assert equivalents.latin_readings("zbigniew", G) == frozenset()


def test_a_national_spelling_gains_no_key() -> None:
    assert name_equivalents().keys("Shevchenko", S) == {"shevchenko"}


# --- the readings index on disk ------------------------------------------------------------


def _small(entries: list[str]) -> NameEquivalents:
    """An instance whose surname dictionary, as far as the readings index sees, is these."""
    equivalents = NameEquivalents()
    equivalents._forward[S] = CompactMapping.build({entry: [] for entry in entries})
    return equivalents


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOMEWARD_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_the_readings_index_is_kept_between_runs(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _small(["шевченко", "ковальчук"]).latin_readings("chevtchenko", S) == {"shevchenko"}
    [kept] = cache.glob("readings-*-last-*.npy")

    def fail(self: NameEquivalents, kind: NameKind) -> object:
        raise AssertionError("rebuilt instead of loaded")

    monkeypatch.setattr(NameEquivalents, "_build_readings", fail)
    later = _small(["шевченко", "ковальчук"])
    assert later.latin_readings("kowaltschuk", S) == {"kovalchuk"}
    assert kept.exists()


def test_a_damaged_index_file_is_rebuilt(cache: Path) -> None:
    _small(["шевченко"]).latin_readings("chevtchenko", S)
    [kept] = cache.glob("readings-*-last-*.npy")
    kept.write_bytes(b"not an array")
    assert _small(["шевченко"]).latin_readings("chevtchenko", S) == {"shevchenko"}


def test_another_dictionary_gets_its_own_index(cache: Path) -> None:
    # Built when the dictionary listed Шевченко first; read when it lists Ковальчук there:
    # the index points at positions, so each order of entries has its own.
    _small(["шевченко", "ковальчук"]).latin_readings("chevtchenko", S)
    reordered = _small(["ковальчук", "шевченко"])
    assert reordered.latin_readings("chevtchenko", S) == {"shevchenko"}
    assert reordered.latin_readings("kowaltschuk", S) == {"kovalchuk"}
    assert len(list(cache.glob("readings-*-last-*.npy"))) == 2


def test_the_index_file_names_the_packages_it_depends_on(cache: Path) -> None:
    _small(["шевченко"]).latin_readings("chevtchenko", S)
    [kept] = cache.glob("readings-*.npy")
    assert f"-{module._TRANSLITUA}-{module._IULIIA}-last-" in kept.name


def test_the_dictionaries_are_kept_compact_between_runs(cache: Path) -> None:
    first = NameEquivalents()
    assert first.russian_forms("Микола", G)[0] == "Николай"
    patronymics = first.ukrainian_forms("Николаевич", NameKind.PATRONYMIC)
    assert "Миколайович" in patronymics
    kept = sorted(p.name for p in cache.glob("names-translator-*.npz"))
    assert len(kept) == 3  # given names, and patronymics both ways
    later = NameEquivalents()
    later._dicts = None  # type: ignore[assignment]  # the package is not read again
    assert later.russian_forms("Микола", G)[0] == "Николай"
    assert later.ukrainian_forms("Николаевич", NameKind.PATRONYMIC) == patronymics


def test_a_damaged_dictionary_copy_is_rebuilt(cache: Path) -> None:
    NameEquivalents().russian_forms("Микола", G)
    [kept] = cache.glob("names-translator-*-first.npz")
    kept.write_bytes(b"garbage")
    assert NameEquivalents().russian_forms("Микола", G)[0] == "Николай"
    assert CompactMapping.load(kept).get("микола")[0] == "Николай"
