"""Ukrainian ↔ Russian ↔ English equivalents of names, which no letter mapping finds.

`Олександр` is `Александр` on the other side's lists and `Alexander` in English media;
`Миколайович` is `Николаевич`. The Ukrainian → Russian dictionaries come from the
names-translator package (about 11,000 given names, 17,000 patronymics and 120,000
surnames with ranked Russian forms); this module indexes them in the reverse direction
too, and adds the English forms of common given names. `NameEquivalents.keys()` gives the
ASCII search keys of every spelling of a name under the established transliteration
tables, so two spellings are equivalent when their key sets meet.

The tables come from packages, never written here: translitua for Ukrainian, iuliia for
Russian. A Latin name is also read back through them (`NameEquivalents.latin_readings`):
`Iurii`, `Yuriy` and `Yury` are all Юрій, and `Chevtchenko` is Шевченко.
"""

from __future__ import annotations

import enum
import json
import os
import re
from collections.abc import Callable
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path

import iuliia
import numpy as np
import numpy.typing as npt
from names_translator.dicts import default_dicts
from translitua import (
    TransliterationTable,
    UkrainianBGN,
    UkrainianFrench,
    UkrainianGerman,
    UkrainianKMU,
    UkrainianPassport2007,
    translit,
)

from homeward.core.names.compact import CompactMapping, stable_hash
from homeward.core.names.iuliia_fast import CompiledSchema
from homeward.core.names.normalize import Script, detect_script, fix_lookalikes, normalize_text
from homeward.core.names.search import ascii_key, name_search_key

_VERSION = version("names-translator")
_TRANSLITUA = version("translitua")
_IULIIA = version("iuliia")
# Bumped when the tables or the way readings are indexed change (the cache file's name).
_READINGS_FORMAT = 2


def dictionaries_version() -> str:
    """The versions of the packages whose data cached files derive from."""
    return f"{_VERSION}-{_TRANSLITUA}-{_IULIIA}"


class NameKind(enum.StrEnum):
    GIVEN = "first"
    PATRONYMIC = "patronymic"
    SURNAME = "last"


# English forms of Ukrainian given names as English-language media write them. Curated
# data, not a transliteration table: the tables below produce the transliterations.
ENGLISH_GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    "Олександр": ("Alexander", "Alex"),
    "Олексій": ("Alexei", "Alexey", "Alexis"),
    "Андрій": ("Andrew", "Andrei"),
    "Микола": ("Nicholas", "Nikolai", "Nick"),
    "Михайло": ("Michael", "Mikhail"),
    "Євген": ("Eugene", "Evgeny", "Yevgeny"),
    "Сергій": ("Sergei", "Sergey", "Serge"),
    "Юрій": ("George", "Yuri", "Yury"),
    "Георгій": ("George",),
    "Петро": ("Peter",),
    "Павло": ("Paul",),
    "Іван": ("John", "Ivan"),
    "Дмитро": ("Dmitri", "Dmitry", "Dimitri"),
    "Григорій": ("Gregory", "Grigori"),
    "Яків": ("Jacob",),
    "Йосип": ("Joseph",),
    "Степан": ("Stephen", "Stepan"),
    "Василь": ("Basil", "Vasily"),
    "Віктор": ("Victor",),
    "Антон": ("Anthony", "Anton"),
    "Костянтин": ("Constantine", "Konstantin"),
    "Максим": ("Maxim", "Max"),
    "Ілля": ("Elijah", "Ilya"),
    "Марія": ("Maria", "Mary"),
    "Олена": ("Helen", "Elena", "Yelena"),
    "Катерина": ("Catherine", "Katherine", "Ekaterina"),
    "Наталія": ("Natalia", "Natalie"),
    "Юлія": ("Julia", "Yulia"),
    "Анна": ("Anna", "Ann"),
}

Transliterate = Callable[[str], str]


def _translitua(table: type[TransliterationTable]) -> Transliterate:
    return lambda word: translit(word, table)


def _iuliia(schema: iuliia.Schema) -> Transliterate:
    return CompiledSchema(schema)  # the package's tables and rules, faster (iuliia_fast)


_bgn_pcgn = _iuliia(iuliia.BGN_PCGN)
_BGN_YO = str.maketrans("ёЁ", "ëË")


# The Latin spellings a Ukrainian-form name is written in: the national table (KMU 2010,
# passports since 2010), the 2007 passport table (`Sergii`, `Iurii`) and BGN/PCGN
# (`Andriy`, `Oleksiy`), which English-language media used for years.
UKRAINIAN_TABLES: tuple[Transliterate, ...] = tuple(
    _translitua(t) for t in (UkrainianKMU, UkrainianPassport2007, UkrainianBGN)
)
# Russian forms as the other side's documents and English media write them, from iuliia:
# ICAO Doc 9303 (Russian passports since 2013: `Iurii`, `Aleksei`), MVD 310-1997 (passports
# of 1997-2010, `Yuriy`; on the dictionaries' Russian forms it gives the same keys as
# translitua's table that `name_search_key` uses), BGN/PCGN (US and UK governments:
# `Yevgeniy`, `Nikolayevich`) and Wikipedia's (English-language media: `Yevgeny`, `Yury`,
# `Fyodor`). MVD 782-2000 and translitua's driving-licence table would add a key no other
# table gives to fewer than 1% of the dictionaries' Russian forms (1 of 9,600 given names,
# about 100 of 13,600 patronymics), for a third more transliteration time.
RUSSIAN_TABLES: tuple[Transliterate, ...] = (
    _iuliia(iuliia.ICAO_DOC_9303),
    _iuliia(iuliia.MVD_310),
    # iuliia writes BGN/PCGN's ë (Фёдор → Fëdor) as its Cyrillic look-alike ё: read as ë.
    lambda word: _bgn_pcgn(word).translate(_BGN_YO),
    _iuliia(iuliia.WIKIPEDIA),
)
# French and German renderings of Ukrainian (the ICRC works in French; German media and
# the German Red Cross write Duden's `Schewtschenko`). They are not keys of Cyrillic names:
# French `ch` is ш where the other tables' `ch` is ч, German writes з and с both `s` and ж
# `sh`, so as keys they would make Ляшко equivalent to Лячко and Жило to Шило. Measured on
# the surname dictionary, French would add 1,300 equivalent pairs and German 2,500, and
# most of those pairs are not even a typo apart (Jaro-Winkler below the CLOSE band).
# Instead, a Latin name is read through them (`latin_readings`): a Latin spelling is
# ambiguous anyway, two Cyrillic spellings are not.
FOREIGN_TABLES: tuple[Transliterate, ...] = tuple(
    _translitua(t) for t in (UkrainianFrench, UkrainianGerman)
)
_national = _translitua(UkrainianKMU)
_NOT_KEY = re.compile("[^0-9a-z]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def latin_key(latin: str) -> str:
    """ASCII key of a table's output; empty when the table left a Cyrillic letter it does
    not cover (the Russian tables and Ukrainian є, ї, ґ; the Ukrainian ones and ы, э, ё),
    which would otherwise silently drop out of the key (`Євген` → `vgen`, `Ілля` → `llia`)."""
    if latin.isascii():  # nearly always: ascii_key's result, five times faster
        return _NOT_KEY.sub("", latin.lower())
    if not _CYRILLIC.search(latin):  # diacritics, and BGN/PCGN's ’ for ь
        return ascii_key(latin)
    # A Russian table passes the Ukrainian і through, a look-alike of the i every table
    # writes for it; any other Cyrillic letter left means the table cannot write the word.
    repaired = fix_lookalikes(latin)
    if _CYRILLIC.search(repaired):
        return ""
    return ascii_key(repaired)


@lru_cache(maxsize=1 << 16)
def spellings(word: str) -> frozenset[str]:
    """Keys of one Cyrillic word under every table that can write it. Cached: the same
    Russian and Ukrainian forms recur across the spellings of a name and across a list."""
    return _table_keys(word)


def _table_keys(word: str) -> frozenset[str]:
    script = detect_script(word)
    tables = RUSSIAN_TABLES if script is Script.RUSSIAN else UKRAINIAN_TABLES + RUSSIAN_TABLES
    keys = frozenset(key for table in tables if (key := latin_key(table(word))))
    # A word mixing Ukrainian- and Russian-only letters fits no table whole.
    return keys or frozenset({name_search_key(word)}) - {""}


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def _lower(word: str) -> str:
    return normalize_text(word).lower()


def _russian_key(word: str) -> str:
    # The dictionaries write Russian forms without ё (not one of their 128,000 has it), as
    # Russian mostly does; lists write Воробьёв as often as Воробьев.
    return _lower(word).replace("ё", "е")


class NameEquivalents:
    """Equivalents of one name part in both directions; dictionaries load on first use."""

    def __init__(self) -> None:
        self._dicts = default_dicts()
        self._reverse: dict[NameKind, CompactMapping] = {}
        # names-translator rebuilds a whole dictionary from its DAWG on every as_dict()
        # call (25 ms, 1.6 s for surnames): read each once, kept compact between runs.
        self._forward: dict[NameKind, CompactMapping] = {}
        # A list repeats the same names thousands of times; each key set costs a few
        # dozen transliterations.
        self._keys: dict[tuple[str, NameKind], frozenset[str]] = {}
        # Per kind: (hash of a Latin spelling, position of its dictionary entry), sorted
        # by hash; see latin_readings.
        self._readings: dict[NameKind, tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]] = {}
        self._latin: dict[tuple[str, NameKind], frozenset[str]] = {}
        self._english: dict[str, set[str]] = {}
        for ukrainian, forms in ENGLISH_GIVEN_NAMES.items():
            for form in forms:
                self._english.setdefault(form.lower(), set()).add(ukrainian)

    def load_all(self) -> None:
        """Load every dictionary and index now rather than on first use, for a process
        that answers queries (the registry index) and should answer the first one fast."""
        for kind in NameKind:
            self._reverse_index(kind)
            self._readings_index(kind)

    def russian_forms(self, ukrainian: str, kind: NameKind) -> list[str]:
        """Ranked Russian forms of a Ukrainian name (the name itself when they agree)."""
        # The loaded dictionary, not the package's lookup(): the same answer (keys are
        # lower-case NFC with the ASCII apostrophe) without a DAWG walk per call.
        forms = self._forward_index(kind).get(_lower(ukrainian), [])
        return [_title(f) for f in dict.fromkeys(forms)]

    def ukrainian_forms(self, russian: str, kind: NameKind) -> list[str]:
        """Ukrainian names whose Russian form this is."""
        return [_title(f) for f in self._reverse_index(kind).get(_russian_key(russian), [])]

    def _forward_index(self, kind: NameKind) -> CompactMapping:
        if kind not in self._forward:
            self._forward[kind] = compact_cached(
                f"names-translator-{_VERSION}-{kind.value}",
                lambda: {k: list(v) for k, v in self._dicts.as_dict(kind.value).items()},
            )
        return self._forward[kind]

    def _reverse_index(self, kind: NameKind) -> CompactMapping:
        if kind not in self._reverse:
            forward = self._forward_index(kind)

            def build() -> dict[str, list[str]]:
                reverse: dict[str, list[str]] = {}
                for ukrainian, russians in forward.items():
                    for russian in russians:
                        reverse.setdefault(russian.lower(), []).append(ukrainian)
                return reverse

            name = f"names-translator-{_VERSION}-{kind.value}-reverse-{forward.fingerprint}"
            self._reverse[kind] = compact_cached(name, build)
        return self._reverse[kind]

    def cyrillic_variants(self, name: str, kind: NameKind) -> set[str]:
        """The name and its Ukrainian and Russian equivalents, in Cyrillic."""
        name = _title(normalize_text(name))
        if detect_script(name) in (Script.LATIN, Script.NONE):
            english = self._english.get(name.lower(), set()) if kind is NameKind.GIVEN else set()
            return {v for u in english for v in self.cyrillic_variants(u, kind)}
        ukrainian_forms = {name, *self.ukrainian_forms(name, kind)}
        variants = set(ukrainian_forms)
        for ukrainian in ukrainian_forms:
            variants.update(self.russian_forms(ukrainian, kind))
        return variants

    def latin_readings(self, key: str, kind: NameKind) -> frozenset[str]:
        """National (KMU 2010) keys of the dictionary's Ukrainian names that this ASCII key
        is a Latin spelling of: `iurii` → {`yurii`}, `nikolaevich` → {`mykolaiovych`},
        `chevtchenko` → {`shevchenko`}. The national key works as the name's identity: two
        Latin spellings of one name in different tables meet there.

        Given names and patronymics are read through every table, their Russian forms'
        included: a closed vocabulary, where the tables differ most (`Yurii`, `Iurii`,
        `Yuriy`, `Yury`). Surnames only through the national, French and German tables:
        their index under every table would take 20 s to build, and their Latin spellings
        differ less, which the fuzzy comparison catches."""
        cached = self._latin.get((key, kind))
        if cached is None:
            cached = self._latin[(key, kind)] = frozenset(self._read_latin(key, kind))
        return cached

    def _read_latin(self, key: str, kind: NameKind) -> set[str]:
        hashes, positions = self._readings_index(kind)
        target = np.uint64(stable_hash(key))
        low = int(np.searchsorted(hashes, target, "left"))
        high = int(np.searchsorted(hashes, target, "right"))
        entries = self._forward_index(kind)
        found: set[str] = set()
        # A 64-bit hash: a chance collision among a few hundred thousand spellings is
        # about 1 in 10^13 per lookup, and the index belongs to this very dictionary.
        for position in positions[low:high].tolist():
            if position < len(entries):
                found.add(latin_key(_national(_title(entries.key_at(position)))))
        found.discard("")
        return found

    def _spellings_of_entry(self, entry: str, kind: NameKind) -> set[str]:
        """The Latin spellings a Latin name is read back through (see latin_readings)."""
        word = _title(entry)
        found = {latin_key(table(word)) for table in (_national, *FOREIGN_TABLES)}
        if kind is not NameKind.SURNAME:
            found.update(_table_keys(word))
            for russian in self._forward_index(kind).get(entry, []):
                found.update(_table_keys(_title(russian)))
        found.discard("")
        return found

    def _readings_index(
        self, kind: NameKind
    ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        """Built on the first Latin name of a kind (2-3 s) and kept between runs. Hashes,
        not strings: the 280,000 surname spellings as a dict of strings take tens of
        megabytes, as these two arrays 4.5 MB."""
        if kind not in self._readings:
            # Named after everything the index depends on, the dictionary's entries in their
            # order included (positions point into it), so that any change makes a new one.
            entries = self._forward_index(kind).fingerprint
            tables = f"{_READINGS_FORMAT}-{_TRANSLITUA}-{_IULIIA}"
            name = f"readings-{tables}-{kind.value}-{entries}"
            pairs = _array_cached(name, lambda: self._build_readings(kind))
            self._readings[kind] = (
                np.ascontiguousarray(pairs[:, 0]),
                np.ascontiguousarray(pairs[:, 1]),
            )
        return self._readings[kind]

    def _build_readings(self, kind: NameKind) -> npt.NDArray[np.uint64]:
        pairs = {
            (stable_hash(spelling), position)
            for position, entry in enumerate(self._forward_index(kind))
            for spelling in self._spellings_of_entry(entry, kind)
        }
        return np.array(sorted(pairs), dtype=np.uint64).reshape(-1, 2)

    def keys(self, name: str, kind: NameKind) -> frozenset[str]:
        """ASCII keys of every spelling: the variants under the Ukrainian and Russian
        transliteration tables, the English forms, and, for a Latin name, the name itself
        and the national spelling of the dictionary names it is a spelling of."""
        cached = self._keys.get((name, kind))
        if cached is None:
            cached = self._keys[(name, kind)] = self._compute_keys(name, kind)
        return cached

    def _compute_keys(self, name: str, kind: NameKind) -> frozenset[str]:
        keys: set[str] = set()
        if detect_script(name) is Script.LATIN:
            own = ascii_key(name)
            keys.add(own)
            # Only the national spelling joins: a reading says which Ukrainian name this
            # is, and other spellings of that name read back to the same national one.
            keys.update(self.latin_readings(own, kind))
        for variant in self.cyrillic_variants(name, kind):
            keys.update(spellings(variant))
            if kind is NameKind.GIVEN:
                keys.update(ascii_key(e) for e in ENGLISH_GIVEN_NAMES.get(variant, ()))
        keys.discard("")
        return frozenset(keys)

    def is_known(self, name: str, kind: NameKind) -> bool:
        """Whether the dictionaries (or the English forms, for given names) know this name,
        in Cyrillic or in a Latin spelling they read back (`Iurii`)."""
        lower = _lower(name)
        if lower in self._forward_index(kind) or _russian_key(name) in self._reverse_index(kind):
            return True
        if kind is NameKind.GIVEN and lower in self._english:
            return True
        return detect_script(name) is Script.LATIN and bool(
            self.latin_readings(ascii_key(name), kind)
        )

    def given_names(self) -> list[str]:
        """Every given name the dictionaries know, in Ukrainian and Russian forms."""
        forms = self._forward_index(NameKind.GIVEN)
        return [*forms, *(r for _, russians in forms.items() for r in russians)]

    def equivalent(self, first: str, second: str, kind: NameKind) -> bool:
        """Whether two spellings, in any script, can be the same name."""
        return bool(self.keys(first, kind) & self.keys(second, kind))


def cache_dir() -> Path:
    """Where derived data is kept between runs (HOMEWARD_CACHE_DIR, else ~/.cache)."""
    configured = os.environ.get("HOMEWARD_CACHE_DIR")
    base = Path(configured) if configured else Path.home() / ".cache" / "homeward"
    return base


def compact_cached(name: str, build: Callable[[], dict[str, list[str]]]) -> CompactMapping:
    """Derived data kept as `<name>.npz` in the cache directory, built on first use. Any
    trouble with the copy (missing, damaged, a read-only home) falls back to building."""
    path = cache_dir() / f"{name}.npz"
    try:
        return CompactMapping.load(path)
    except (OSError, ValueError):
        pass
    built = CompactMapping.build(build())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        built.save(path)
    except OSError:
        pass
    return built


def json_cached(name: str, build: Callable[[], dict[str, list[str]]]) -> dict[str, list[str]]:
    """Derived data kept as `<name>.json` in the cache directory, built on first use."""
    path = cache_dir() / f"{name}.json"
    try:
        with path.open(encoding="utf-8") as handle:
            loaded = json.load(handle)
        if isinstance(loaded, dict):
            return loaded
    except (OSError, ValueError):
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(built, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home still works, only slower
    return built


def _array_cached(name: str, build: Callable[[], npt.NDArray[np.uint64]]) -> npt.NDArray[np.uint64]:
    """Derived data kept as `<name>.npy` in the cache directory, built on first use."""
    path = cache_dir() / f"{name}.npy"
    try:
        loaded = np.load(path, allow_pickle=False)
        if loaded.dtype == np.uint64 and loaded.ndim == 2:
            return np.asarray(loaded, dtype=np.uint64)
    except (OSError, ValueError):
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            np.save(handle, built, allow_pickle=False)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home still works, only slower
    return built


@cache
def name_equivalents() -> NameEquivalents:
    """The process-wide instance (the reverse indexes are built once, on first use)."""
    return NameEquivalents()
