"""Full names as lists write them, split into surname, given name and patronymic.

Handles `ШЕВЧЕНКО Олександр Миколайович` (surname in capitals), `Шевченко Олександр
Миколайович`, `Олександр Миколайович Шевченко`, `Alexander Shevchenko` (English order),
`Шевченко О. М.`, `О.М. Шевченко` and `Шевченко Олександр М.` (initials). Patronymics
are recognised by their suffix in Ukrainian, Russian and Latin spellings; given names by
the name dictionaries, in Cyrillic or in any table's Latin spelling (`Iurii`, `Andriy`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from homeward.core.names.equivalents import (
    ENGLISH_GIVEN_NAMES,
    NameKind,
    dictionaries_version,
    json_cached,
    name_equivalents,
)
from homeward.core.names.normalize import Script, detect_script, normalize_text
from homeward.core.names.search import name_search_key

# Ukrainian, Russian and Latin spellings (Ілліч and Кузьмич end in -іч / -ич).
_MALE_PATRONYMIC = ("ович", "евич", "йович", "ьович", "ич", "іч",
                    "ovych", "ovich", "evych", "evich", "ych", "ich")  # fmt: skip
# Bumped when name_search_key changes (the name of the cached given-name keys).
_KEYS_FORMAT = 2
_FEMALE_PATRONYMIC = ("івна", "ївна", "овна", "евна", "ьевна", "ична", "инична",
                      "ivna", "yivna", "ovna", "evna", "ychna", "ichna")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ParsedName:
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    given_is_initial: bool = False
    patronymic_is_initial: bool = False

    @property
    def given_initial(self) -> str:
        return self.given_name[:1].upper()

    @property
    def patronymic_initial(self) -> str:
        return self.patronymic[:1].upper()


def patronymic_sex(word: str) -> str:
    """ "male" or "female" when the word is a patronymic by its suffix, else ""."""
    lower = word.lower()
    if len(lower) <= 4:
        return ""
    if lower.endswith(_FEMALE_PATRONYMIC):
        return "female"
    return "male" if lower.endswith(_MALE_PATRONYMIC) else ""


def is_patronymic(word: str) -> bool:
    return bool(patronymic_sex(word))


def _is_initial(word: str) -> bool:
    # Normalisation turns "О.М." into "О М": an initial is a one-letter word.
    return len(word) == 1 and word.isalpha()


def _is_capitals(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


@cache
def _given_name_keys() -> frozenset[str]:
    """ASCII keys of every known given name in Ukrainian, Russian and English forms; kept
    between runs, as computing them takes a third of a second."""

    def build() -> dict[str, list[str]]:
        keys = {name_search_key(name) for name in name_equivalents().given_names()}
        keys.update(name_search_key(e) for forms in ENGLISH_GIVEN_NAMES.values() for e in forms)
        keys.discard("")
        return {"keys": sorted(keys)}

    english = hashlib.blake2b(repr(sorted(ENGLISH_GIVEN_NAMES.items())).encode(), digest_size=6)
    name = f"given-name-keys-{_KEYS_FORMAT}-{dictionaries_version()}-{english.hexdigest()}"
    return frozenset(json_cached(name, build)["keys"])


def is_known_given_name(word: str) -> bool:
    # The search keys cover Cyrillic and the national Latin spelling (`Yurii`); the
    # dictionaries' Latin readings cover the other tables' (`Iurii` of the 2007 passports,
    # `Yuriy` of BGN/PCGN), which would otherwise read `Shevchenko Iurii` as given-first.
    return name_search_key(word) in _given_name_keys() or name_equivalents().is_known(
        word, NameKind.GIVEN
    )


def _is_surname(word: str) -> bool:
    return name_equivalents().is_known(word, NameKind.SURNAME)


def parse_full_name(text: str) -> ParsedName:
    """Split a full name written in any of the common orders. Unknown parts stay empty."""
    words = normalize_text(text).split()
    if not words:
        return ParsedName()
    if len(words) == 1:
        return ParsedName(surname=words[0])
    return (
        _with_initials(words)
        or _by_capitals(words)
        or _by_patronymic(words)
        or _by_given_name(words)
    )


def _with_initials(words: list[str]) -> ParsedName | None:
    initials = [w for w in words if _is_initial(w)]
    if not initials:
        return None
    names = [w for w in words if not _is_initial(w)]
    if len(initials) == 1 and len(names) == 2:
        # A full given name with the patronymic's initial (`Шевченко Олександр М.`,
        # `Oleksandr M. Shevchenko`): the given name tells which of the two it is.
        parsed = _by_given_name(names)
        if is_known_given_name(parsed.given_name):
            return ParsedName(parsed.surname, parsed.given_name, initials[0], False, True)
        # The given name's initial with a full patronymic (`ТКАЧУК А. Викторович`).
        patronymics = [w for w in names if is_patronymic(w)]
        if len(patronymics) == 1:
            surname = next(w for w in names if w != patronymics[0])
            return ParsedName(surname, initials[0], patronymics[0], True, False)
    surname = " ".join(names)
    patronymic = initials[1] if len(initials) > 1 else ""
    return ParsedName(surname, initials[0], patronymic, True, bool(patronymic))


def _by_capitals(words: list[str]) -> ParsedName | None:
    capitals = [i for i, w in enumerate(words) if _is_capitals(w)]
    if len(capitals) != 1 or len(words) > 4:
        return None
    surname = words[capitals[0]]
    rest = [w for i, w in enumerate(words) if i != capitals[0]]
    return _given_and_patronymic(surname, rest)


def _given_and_patronymic(surname: str, rest: list[str]) -> ParsedName:
    if len(rest) >= 2:
        return ParsedName(surname, rest[0], " ".join(rest[1:]))
    return ParsedName(surname, rest[0] if rest else "")


def _by_patronymic(words: list[str]) -> ParsedName | None:
    if len(words) != 3:
        return None
    first, middle, last = words
    if not (is_patronymic(middle) or is_patronymic(last)):
        return None
    # Surnames end in -ич too (Бабич, Мацкевич, Кузьмич), and the dictionaries list a few
    # patronymics as given names (Ілліч): each order counts the parts that the dictionaries
    # and the patronymic suffix confirm, and a tie keeps the registry's order.
    registry = sum((_is_surname(first), is_known_given_name(middle), is_patronymic(last)))
    given_first = sum((is_known_given_name(first), is_patronymic(middle), _is_surname(last)))
    if given_first > registry:  # Given Patronymic Surname
        return ParsedName(last, first, middle)
    return ParsedName(first, middle, last)  # Surname Given Patronymic


def _by_given_name(words: list[str]) -> ParsedName:
    first, last = words[0], words[-1]
    middle = " ".join(words[1:-1])
    first_known, last_known = is_known_given_name(first), is_known_given_name(last)
    latin = detect_script(" ".join(words)) is Script.LATIN
    # English media write "Given Surname"; Ukrainian and Russian lists "Surname Given".
    given_first = (first_known and not last_known) or (latin and first_known == last_known)
    if given_first:
        return ParsedName(surname=last, given_name=first, patronymic=middle)
    if middle:
        return ParsedName(surname=first, given_name=words[1], patronymic=" ".join(words[2:]))
    return ParsedName(surname=first, given_name=last)
