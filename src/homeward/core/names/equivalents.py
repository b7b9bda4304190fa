"""Ukrainian ↔ Russian ↔ English equivalents of names, which no letter mapping finds.

`Олександр` is `Александр` on the other side's lists and `Alexander` in English media;
`Миколайович` is `Николаевич`. The Ukrainian → Russian dictionaries come from the
names-translator package (about 11,000 given names, 17,000 patronymics and 120,000
surnames with ranked Russian forms); this module indexes them in the reverse direction
too, and adds the English forms of common given names. `NameEquivalents.keys()` gives the
ASCII search keys of every spelling of a name under the established transliteration
tables, so two spellings are equivalent when their key sets meet.
"""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path

from names_translator.dicts import default_dicts
from translitua import (
    RussianDriverLicense,
    RussianICAO,
    RussianInternationalPassport1997,
    UkrainianBGN,
    UkrainianKMU,
    UkrainianPassport2007,
    translit,
)

from homeward.core.names.normalize import Script, detect_script, normalize_text
from homeward.core.names.search import ascii_key

_VERSION = version("names-translator")


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

_UKRAINIAN_TABLES = (UkrainianKMU, UkrainianPassport2007, UkrainianBGN)
_RUSSIAN_TABLES = (RussianInternationalPassport1997, RussianICAO, RussianDriverLicense)


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def _lower(word: str) -> str:
    return normalize_text(word).lower()


class NameEquivalents:
    """Equivalents of one name part in both directions; dictionaries load on first use."""

    def __init__(self) -> None:
        self._dicts = default_dicts()
        self._reverse: dict[NameKind, dict[str, list[str]]] = {}
        # names-translator rebuilds a whole dictionary from its DAWG on every as_dict()
        # call (25 ms): read each once.
        self._forward: dict[NameKind, dict[str, list[str]]] = {}
        # A list repeats the same names thousands of times; each key set costs six tables.
        self._keys: dict[tuple[str, NameKind], frozenset[str]] = {}
        self._english: dict[str, set[str]] = {}
        for ukrainian, forms in ENGLISH_GIVEN_NAMES.items():
            for form in forms:
                self._english.setdefault(form.lower(), set()).add(ukrainian)

    def russian_forms(self, ukrainian: str, kind: NameKind) -> list[str]:
        """Ranked Russian forms of a Ukrainian name (the name itself when they agree)."""
        return [_title(f) for f in self._dicts.lookup(_lower(ukrainian), kind.value)]

    def ukrainian_forms(self, russian: str, kind: NameKind) -> list[str]:
        """Ukrainian names whose Russian form this is."""
        return [_title(f) for f in self._reverse_index(kind).get(_lower(russian), [])]

    def _forward_index(self, kind: NameKind) -> dict[str, list[str]]:
        if kind not in self._forward:
            self._forward[kind] = _cached_dictionary(kind, self._dicts.as_dict)
        return self._forward[kind]

    def _reverse_index(self, kind: NameKind) -> dict[str, list[str]]:
        if kind not in self._reverse:
            reverse: dict[str, list[str]] = {}
            for ukrainian, russians in self._forward_index(kind).items():
                for russian in russians:
                    reverse.setdefault(russian.lower(), []).append(ukrainian)
            self._reverse[kind] = reverse
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

    def keys(self, name: str, kind: NameKind) -> frozenset[str]:
        """ASCII keys of every spelling: the variants under the Ukrainian and Russian
        transliteration tables, the English forms, and the name itself if it is Latin."""
        cached = self._keys.get((name, kind))
        if cached is None:
            cached = self._keys[(name, kind)] = self._compute_keys(name, kind)
        return cached

    def _compute_keys(self, name: str, kind: NameKind) -> frozenset[str]:
        keys: set[str] = set()
        if detect_script(name) is Script.LATIN:
            keys.add(ascii_key(name))
        for variant in self.cyrillic_variants(name, kind):
            script = detect_script(variant)
            tables = (
                _RUSSIAN_TABLES
                if script is Script.RUSSIAN
                else (*_UKRAINIAN_TABLES, *_RUSSIAN_TABLES)
            )
            keys.update(ascii_key(str(translit(variant, table))) for table in tables)
            if kind is NameKind.GIVEN:
                keys.update(ascii_key(e) for e in ENGLISH_GIVEN_NAMES.get(variant, ()))
        keys.discard("")
        return frozenset(keys)

    def is_known(self, name: str, kind: NameKind) -> bool:
        """Whether the dictionaries (or the English forms, for given names) know this name."""
        lower = _lower(name)
        if lower in self._forward_index(kind) or lower in self._reverse_index(kind):
            return True
        return kind is NameKind.GIVEN and lower in self._english

    def given_names(self) -> list[str]:
        """Every given name the dictionaries know, in Ukrainian and Russian forms."""
        forms = self._forward_index(NameKind.GIVEN)
        return [*forms, *(r for russians in forms.values() for r in russians)]

    def equivalent(self, first: str, second: str, kind: NameKind) -> bool:
        """Whether two spellings, in any script, can be the same name."""
        return bool(self.keys(first, kind) & self.keys(second, kind))


def cache_dir() -> Path:
    """Where derived data is kept between runs (HOMEWARD_CACHE_DIR, else ~/.cache)."""
    configured = os.environ.get("HOMEWARD_CACHE_DIR")
    base = Path(configured) if configured else Path.home() / ".cache" / "homeward"
    return base


def _cached_dictionary(
    kind: NameKind, read: Callable[[str], dict[str, list[str]]]
) -> dict[str, list[str]]:
    """One names-translator dictionary as a plain dict. Reading it out of the package's
    DAWG takes 1.6 s for surnames; a JSON copy, made on first use and named after the
    package version, loads in a tenth of that. Any trouble with the copy falls back to
    the package."""
    path = cache_dir() / f"names-translator-{_VERSION}-{kind.value}.json"
    try:
        with path.open(encoding="utf-8") as handle:
            loaded = json.load(handle)
        if isinstance(loaded, dict):
            return loaded
    except (OSError, ValueError):
        pass
    forward = {k: list(v) for k, v in read(kind.value).items()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(forward, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home still works, only slower
    return forward


@cache
def name_equivalents() -> NameEquivalents:
    """The process-wide instance (the reverse indexes are built once, on first use)."""
    return NameEquivalents()
