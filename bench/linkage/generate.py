"""Deterministic mixed-script record-linkage test data for the identity-resolution benchmark.

Usage (from the repository root)::

    .venv/bin/python bench/linkage/generate.py --registry-size 20000 --incoming-size 10000 \\
        --dedupe-size 20000 --seed 1 --out DIR
    .venv/bin/python bench/linkage/generate.py --registry-size 1000000 --registry-only --out DIR

The same seed gives byte-identical files. Each part (registry, incoming, dedupe) draws from
its own random stream, so `--registry-only` writes the same registry.csv as a full run and
changing `--incoming-size` does not change the registry.

Files written to DIR (UTF-8, header row, the csv module's default dialect):

- registry.csv: person_id,surname,given_name,patronymic,sex,date_of_birth,place_of_birth,
  unit,rank,service_number. The registry as staff keep it: Ukrainian, proper case, ISO
  dates (some year-only or empty).
- incoming.csv: record_id,source,full_name,surname,given_name,patronymic,sex,
  date_of_birth,unit,rank,service_number. Records about registry persons and about ~15%
  persons who are not in the registry, each in the habits of its source (family, unit,
  other_side, icrc, media; see `Sources`).
- truth.csv: record_id,person_id,attainable. person_id is empty for absent persons.
- dedupe.csv: record_id,full_name,surname,given_name,patronymic,sex,date_of_birth,
  place_of_birth,unit,rank,service_number, drawn from a fresh set of persons of whom about
  40% appear 2–4 times through different sources; dedupe_truth.csv: record_id,entity_id.
- meta.json: seed, sizes, counts per source, shares, generator version.

Attainable. A record is attainable when (1) it belongs to a registry person, (2) it
exposes at least a surname and a given name (full or initial) plus a date of birth (any
precision) or a service number, and (3) that person is the ONLY registry person whose true
values agree with the record's true (noise-free) values on every field the record exposes.
"Exposes" means the record's field is not empty, whatever noise it carries: a typo'd
surname exposes the true surname, a swapped or off-by-one date exposes the true date, a
mistyped service number the true number. Agreement is judged as follows: names by identity
of the underlying Ukrainian name (Александр, Oleksandr and Alexander all expose
Олександр); an initial by its first letter in the script the record uses (Russian А. agrees
with Олександр, Андрій, Олексій, Анатолій…); sex by equality; dates at the exposed
precision (a year-only record agrees with everyone born that year); service numbers
exactly. Unit, rank and place are ignored. Registry persons are compared on their true
values, not on what the registry row shows (a person whose row keeps only the year still
has a true full date of birth). In short: an attainable record could be linked correctly
by a perfect reader of names and dates; a non-attainable one could not without guessing.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import heapq
import json
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import iuliia
import translitua
from names_translator.dicts import default_dicts

from homeward.core.synthetic import uk_patronymic

try:
    import names_data as nd
except ModuleNotFoundError:  # imported as bench.linkage.generate rather than run as a script
    from bench.linkage import names_data as nd

VERSION = "1.0"

REGISTRY_COLUMNS = (
    "person_id",
    "surname",
    "given_name",
    "patronymic",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "unit",
    "rank",
    "service_number",
)
INCOMING_COLUMNS = (
    "record_id",
    "source",
    "full_name",
    "surname",
    "given_name",
    "patronymic",
    "sex",
    "date_of_birth",
    "unit",
    "rank",
    "service_number",
)
DEDUPE_COLUMNS = (
    "record_id",
    "full_name",
    "surname",
    "given_name",
    "patronymic",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "unit",
    "rank",
    "service_number",
)

INCOMING_SOURCES = {"family": 25, "unit": 20, "other_side": 25, "icrc": 15, "media": 15}
# The dedupe set also contains clean registry-style rows: deduplicating a registry that
# was filled from several lists is the task it models.
DEDUPE_SOURCES = {
    "registry": 18,
    "family": 20,
    "unit": 15,
    "other_side": 20,
    "icrc": 13,
    "media": 14,
}
ABSENT_SHARE = 0.15
# Share of absent persons who are a brother, father or son of a registry person: these are
# the dangerous near-matches (same surname and patronymic, often the same unit).
ABSENT_RELATIVE_SHARE = 0.25
# Per generated group: a pair of brothers, or a father and son with the same full name.
# With these, about 10% of persons have a brother and 2% a same-name father or son.
BROTHERS_GROUP = 0.054
FATHER_SON_GROUP = 0.011
# How far apart (in persons) relatives are placed in the registry, so that person_id
# order carries no hint of kinship.
RELATIVE_SPREAD = 5000

# Patronymics that `uk_patronymic`'s regular rule gets wrong.
PATRONYMIC_EXCEPTIONS = {
    "Федір": ("Федорович", "Федорівна"),
    "Яків": ("Якович", "Яківна"),
    "Григорій": ("Григорович", "Григорівна"),
}

# Per year: (ordinal of 1 January, days in the year), for fast uniform birth dates.
YEAR_SPANS = {
    y: (dt.date(y, 1, 1).toordinal(), (dt.date(y + 1, 1, 1) - dt.date(y, 1, 1)).days)
    for y in range(1900, 2031)
}

# Exposure modes of a name field.
NONE, FULL, INITIAL = 0, 1, 2
# Exposure modes of a date of birth.
DOB_NONE, DOB_YEAR, DOB_DAY = 0, 1, 2


def patronymic(father: str, sex: str) -> str:
    if father in PATRONYMIC_EXCEPTIONS:
        male, female = PATRONYMIC_EXCEPTIONS[father]
        return male if sex == "male" else female
    return uk_patronymic(father, sex)


def cumulative(weights: list[float] | tuple[float, ...]) -> list[float]:
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


class Weighted:
    """A weighted choice with precomputed cumulative weights (rng.choices is slower)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: tuple[str, ...] | list[str], weights: list[float]) -> None:
        self.items = tuple(items)
        self.cum = cumulative(weights)
        self.total = self.cum[-1]

    def index(self, rng: random.Random) -> int:
        return bisect.bisect_right(self.cum, rng.random() * self.total)

    def pick(self, rng: random.Random) -> str:
        return self.items[self.index(rng)]


@dataclass(frozen=True, slots=True)
class Unit:
    number: int  # 0 for units known only by their code
    name: str  # full Ukrainian name, empty for code-only units
    code: str  # "А1234" for the armed forces, "3057" for the National Guard
    abbrev: str
    ru: str
    en: str
    naval: bool


def build_units() -> tuple[list[Unit], list[float]]:
    """A few hundred units with skewed sizes; fixed, independent of the seed."""
    rng = random.Random(7)
    codes: set[str] = set()

    def code(national_guard: bool) -> str:
        while True:
            c = str(rng.randrange(3001, 3099)) if national_guard else f"А{rng.randrange(10000):04d}"
            if c not in codes:
                codes.add(c)
                return c

    units = []
    for numbers, name, abbrev, ru, en, naval in nd.UNIT_KINDS:
        ngu = "НГУ" in abbrev
        for n in numbers:
            full_en = f"{nd.ordinal_en(n)} {en}"
            units.append(
                Unit(n, f"{n} {name}", code(ngu), f"{n} {abbrev}", f"{n}-я {ru}", full_en, naval)
            )
    # Separate battalions and regiments that lists only name by their code. Most prisoners
    # come from the brigades, so these share a fifth of the people between them.
    coded = [Unit(0, "", code(False), "", "", "", False) for _ in range(170)]
    # The units most prisoners came from (the Mariupol garrison first) lead the ranking;
    # the others follow in a fixed random order.
    prominent = ("36 окрема бригада морської піхоти", "12 бригада оперативного призначення НГУ")
    rng.shuffle(units)
    units.sort(key=lambda u: prominent.index(u.name) if u.name in prominent else len(prominent))
    brigade_w = [1.0 / (rank + 5) for rank in range(len(units))]
    coded_w = [1.0 / (rank + 20) ** 0.8 for rank in range(len(coded))]
    weights = [0.8 * w / sum(brigade_w) for w in brigade_w]
    weights += [0.2 * w / sum(coded_w) for w in coded_w]
    return units + coded, weights


@dataclass(slots=True)
class Person:
    surname: str
    given: str
    patronymic: str
    sex: str
    year: int
    month: int
    day: int
    place: str
    unit: int  # index into the unit table, -1 for none
    unit_as_code: bool  # the registry row shows "в/ч А1234" rather than the unit's name
    rank: str
    service_number: str
    civilian: bool
    dob_shown: int  # what the registry row keeps: DOB_DAY, DOB_YEAR or DOB_NONE
    kin: str = ""  # "brother" or "father_son" when generated as part of a family
    pid: str = ""


class Population:
    """Draws persons and families. Shares the issued service numbers across instances."""

    def __init__(self, rng: random.Random, issued: set[str]) -> None:
        self.rng = rng
        self.issued = issued
        self.surnames = Weighted(*nd.surname_table())
        self.male_by_cohort = [
            Weighted([n[0] for n in nd.MALE_NAMES], [n[col] for n in nd.MALE_NAMES])
            for col in (1, 2, 3)
        ]
        self.fathers = Weighted([n for n, _ in nd.FATHER_NAMES], [w for _, w in nd.FATHER_NAMES])
        self.female = Weighted([n for n, _ in nd.FEMALE_NAMES], [w for _, w in nd.FEMALE_NAMES])
        self.places = Weighted([n for n, _ in nd.BIRTH_PLACES], [w for _, w in nd.BIRTH_PLACES])
        self.ranks = Weighted([n for n, _ in nd.RANKS], [w for _, w in nd.RANKS])
        self.units, unit_weights = build_units()
        self.unit_pick = Weighted([u.code for u in self.units], unit_weights)

    # -- single attributes -------------------------------------------------------------

    def birth_year(self) -> int:
        # Most soldiers are 25–45; the clamp keeps everyone adult in 2024 and under 65.
        return min(2006, max(1960, round(self.rng.gauss(1987, 9))))

    def date_in(self, year: int) -> tuple[int, int, int]:
        start, days = YEAR_SPANS[year]
        # int(random() * n) rather than randrange: a million persons make the difference.
        d = dt.date.fromordinal(start + int(self.rng.random() * days))
        return year, d.month, d.day

    def given_name(self, sex: str, year: int) -> str:
        if sex == "female":
            return self.female.pick(self.rng)
        cohort = 0 if year < 1978 else 1 if year <= 1991 else 2
        return self.male_by_cohort[cohort].pick(self.rng)

    def service_number(self, civilian: bool) -> str:
        rng = self.rng
        if rng.random() >= (0.1 if civilian else 0.74):
            return ""
        while True:
            if civilian or rng.random() < 0.45:
                number = str(1_000_000_000 + int(rng.random() * 9_000_000_000))
            else:
                letters = nd.SERIES_LETTERS
                series = letters[int(rng.random() * len(letters))]
                series += letters[int(rng.random() * len(letters))]
                number = f"{series}{int(rng.random() * 1_000_000):06d}"
            if number not in self.issued:
                self.issued.add(number)
                return number

    def person(
        self,
        *,
        surname: str | None = None,
        father: str | None = None,
        given: str | None = None,
        year: int | None = None,
        sex: str | None = None,
        civilian: bool | None = None,
    ) -> Person:
        rng = self.rng
        if civilian is None:
            civilian = rng.random() < 0.06
        if sex is None:
            sex = "female" if rng.random() < (0.35 if civilian else 0.06) else "male"
        if year is None:
            year = self.birth_year()
        y, m, d = self.date_in(year)
        base_surname = surname or self.surnames.pick(rng)
        father = father or self.fathers.pick(rng)
        unit = -1 if civilian or rng.random() < 0.03 else self.unit_pick.index(rng)
        rank = ""
        if not civilian and rng.random() < 0.95:
            rank = self.ranks.pick(rng)
            if unit >= 0 and self.units[unit].naval:
                rank = nd.NAVAL_RANKS.get(rank, rank)
        shown = rng.random()
        return Person(
            surname=nd.feminine_surname(base_surname) if sex == "female" else base_surname,
            given=given or self.given_name(sex, year),
            patronymic=PATRONYMICS[father, sex],
            sex=sex,
            year=y,
            month=m,
            day=d,
            place="" if rng.random() < 0.08 else self.places.pick(rng),
            unit=unit,
            unit_as_code=unit >= 0 and (not self.units[unit].name or rng.random() < 0.25),
            rank=rank,
            service_number=self.service_number(civilian),
            civilian=civilian,
            dob_shown=DOB_DAY if shown < 0.92 else DOB_YEAR if shown < 0.97 else DOB_NONE,
        )

    # -- families ----------------------------------------------------------------------

    def brother_of(self, p: Person, taken: tuple[str, ...] = ()) -> Person:
        rng = self.rng
        father = _father_of(p)
        year = p.year + rng.choice((-1, 1)) * rng.randint(1, 8)
        year = min(2006, max(1960, year))
        b = self.person(surname=p.surname, father=father, year=year, sex="male")
        while b.given == p.given or b.given in taken:
            b.given = self.given_name("male", b.year)
        # Brothers often volunteer or are called up together.
        if p.unit >= 0 and not b.civilian and rng.random() < 0.6:
            b.unit, b.unit_as_code = p.unit, p.unit_as_code
        if rng.random() < 0.85:
            b.place = p.place
        b.kin = p.kin = "brother"
        return b

    def same_name_pair(self) -> tuple[Person, Person]:
        """A father and son both named like Іван Іванович (the grandfather was Іван too)."""
        rng = self.rng
        name = self.fathers.pick(rng)
        father_year = rng.randint(1960, 1981)
        son_year = min(2006, father_year + rng.randint(20, 30))
        father = self.person(father=name, given=name, year=father_year, sex="male")
        son = self.person(
            surname=father.surname, father=name, given=name, year=son_year, sex="male"
        )
        if rng.random() < 0.8:
            son.place = father.place
        father.kin = son.kin = "father_son"
        return father, son

    def relative_of(self, p: Person) -> Person:
        """A brother, father or son of `p` who is not in the registry himself."""
        rng = self.rng
        if p.sex == "male" and rng.random() < 0.7:
            return self.brother_of(p)
        father_name = _father_of(p)
        if p.year >= 1985:
            # p's father: same surname, and p's patronymic is his given name.
            year = min(p.year - rng.randint(20, 30), 1981)
            return self.person(surname=_male_surname(p), given=father_name, year=year, sex="male")
        given = p.given if p.sex == "male" else father_name
        year = min(2006, p.year + rng.randint(20, 30))
        father = given if p.sex == "male" else None
        return self.person(surname=_male_surname(p), given=given, father=father, year=year)

    def group(self) -> list[Person]:
        r = self.rng.random()
        if r < FATHER_SON_GROUP:
            return list(self.same_name_pair())
        if r < FATHER_SON_GROUP + BROTHERS_GROUP:
            first = self.person(sex="male")
            members = [first, self.brother_of(first)]
            if self.rng.random() < 0.1:
                members.append(self.brother_of(first, taken=(members[1].given,)))
            return members
        return [self.person()]

    def stream(self, size: int, spread: int = RELATIVE_SPREAD) -> Iterator[Person]:
        """`size` persons; relatives are spread apart instead of sitting next to each other."""
        pending: list[tuple[int, int, Person]] = []  # (position due, tiebreak, person)
        emitted = tiebreak = 0
        while emitted < size:
            if pending and (pending[0][0] <= emitted or emitted + len(pending) >= size):
                yield heapq.heappop(pending)[2]
                emitted += 1
                continue
            members = self.group()
            room = size - emitted - len(pending)
            members = members[:room]
            yield members[0]
            emitted += 1
            for member in members[1:]:
                tiebreak += 1
                # Near the end the spread shrinks, or the last rows would all be relatives
                # flushed from the queue.
                due = emitted + self.rng.randint(1, max(1, min(spread, (size - emitted) // 3)))
                heapq.heappush(pending, (due, tiebreak, member))


def _father_of(p: Person) -> str:
    """The father's given name, recovered from the patronymic."""
    return FATHER_BY_PATRONYMIC[p.patronymic]


def _male_surname(p: Person) -> str:
    return MALE_SURNAME.get(p.surname, p.surname) if p.sex == "female" else p.surname


PATRONYMICS = {
    (n, sex): patronymic(n, sex) for n, *_ in nd.MALE_NAMES for sex in ("male", "female")
}
FATHER_BY_PATRONYMIC: dict[str, str] = {}
for _name, *_ in nd.MALE_NAMES:
    FATHER_BY_PATRONYMIC[patronymic(_name, "male")] = _name
    FATHER_BY_PATRONYMIC[patronymic(_name, "female")] = _name
MALE_SURNAME: dict[str, str] = {}
for _surname in (*nd.HEAD_SURNAMES, *nd.tail_surnames()):
    MALE_SURNAME.setdefault(nd.feminine_surname(_surname), _surname)


# -- spelling: Russian forms, Latin forms, typos -------------------------------------------

UKRAINIAN_ONLY = set("іїєґІЇЄҐ'’")
UA_SCHEMES: tuple[tuple[str, object, int], ...] = (
    ("kmu", translitua.UkrainianKMU, 45),
    ("passport2007", translitua.UkrainianPassport2007, 8),
    ("bgn", translitua.UkrainianBGN, 8),
    ("national1996", translitua.UkrainianNational1996, 5),
    ("german", translitua.UkrainianGerman, 3),
    ("french", translitua.UkrainianFrench, 3),
)
RU_SCHEMES: tuple[tuple[str, object, int], ...] = (
    ("icao", iuliia.ICAO_DOC_9303, 14),
    ("bgn_pcgn", iuliia.BGN_PCGN, 4),
    ("wikipedia", iuliia.WIKIPEDIA, 5),
    ("mosmetro", iuliia.MOSMETRO, 3),
    ("gost_52535", iuliia.GOST_52535, 2),
)


def _neighbours(rows: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for row in rows:
        for i, ch in enumerate(row):
            near = row[max(0, i - 1) : i] + row[i + 1 : i + 2]
            out[ch] = near
            out[ch.upper()] = near.upper()
    return out


class Spelling:
    """Cached name forms: Russian (names_translator, else a letter mapping) and Latin."""

    def __init__(self) -> None:
        self.dicts = default_dicts()
        self.cache: dict[tuple[str, str], str] = {}
        self.keyboards = {
            "uk": _neighbours(nd.UK_KEYBOARD),
            "ru": _neighbours(nd.RU_KEYBOARD),
            "lat": _neighbours(nd.LATIN_KEYBOARD),
        }
        self.ua_schemes = {name: table for name, table, _ in UA_SCHEMES}
        self.ru_schemes = {name: schema for name, schema, _ in RU_SCHEMES}

    @staticmethod
    def by_letters(text: str) -> str:
        """What a Russian clerk types for a Ukrainian name no dictionary knows."""
        return "".join(nd.UK_TO_RU_LETTERS.get(ch, ch) for ch in text)

    def ru(self, text: str, kind: str) -> str:
        """Russian form of a Ukrainian name; kind is "first", "patronymic" or "last"."""
        key = (text, kind)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        form = ""
        if kind == "first" and text in nd.RU_GIVEN_OVERRIDES:
            form = nd.RU_GIVEN_OVERRIDES[text]
        else:
            candidates = [
                c for c in self.dicts.lookup(text.lower(), kind) if not UKRAINIAN_ONLY & set(c)
            ]
            if candidates:
                form = candidates[0]
        if not form and kind == "patronymic" and text.endswith("на"):
            male = self.ru(FEMALE_TO_MALE_PATRONYMIC.get(text, text), "patronymic")
            if male.endswith("ич") and male != text:
                form = male[:-2] + "на"
        if not form:
            form = self.by_letters(text)
        self.cache[key] = form
        return form

    def latin(self, text: str, scheme: str) -> str:
        """Latin form: Ukrainian schemes transliterate the Ukrainian text itself, Russian
        schemes (prefixed "ru:") transliterate its given Russian form."""
        key = (text, scheme)
        hit = self.cache.get(key)
        if hit is None:
            if scheme.startswith("ru:"):
                hit = self.ru_schemes[scheme[3:]].translate(text)
            else:
                hit = translitua.translit(text, self.ua_schemes[scheme])
            self.cache[key] = hit
        return hit

    def typo(self, rng: random.Random, text: str, keyboard: str) -> str:
        """One slip of the hand: a letter dropped, doubled, swapped or hit next door."""
        if len(text) < 3:
            return text
        i = rng.randrange(1, len(text))
        op = rng.random()
        if op < 0.25 and len(text) > 4:
            return text[:i] + text[i + 1 :]
        if op < 0.45:
            return text[:i] + text[i] + text[i:]
        if op < 0.7:
            i = min(i, len(text) - 2)
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        near = self.keyboards[keyboard].get(text[i], "")
        return text[:i] + rng.choice(near) + text[i + 1 :] if near else text


FEMALE_TO_MALE_PATRONYMIC = {
    patronymic(n, "female"): patronymic(n, "male") for n, *_ in nd.MALE_NAMES
}


# -- sources -------------------------------------------------------------------------------


@dataclass(slots=True)
class Exposure:
    """What a record shows about its person, judged on true values (see module docstring)."""

    surname: bool = False
    given: int = NONE
    given_script: str = "uk"
    patronymic: int = NONE
    patronymic_script: str = "uk"
    sex: bool = False
    dob: int = DOB_NONE
    service_number: bool = False


def _dot(y: int, m: int, d: int) -> str:
    return f"{d:02d}.{m:02d}.{y}"


def _iso(y: int, m: int, d: int) -> str:
    return f"{y}-{m:02d}-{d:02d}"


def _slash(y: int, m: int, d: int) -> str:
    return f"{d:02d}/{m:02d}/{y}"


def _apostrophe(rng: random.Random, text: str) -> str:
    """Lists mix the ASCII apostrophe with the typographic ones."""
    if "'" in text and rng.random() < 0.3:
        return text.replace("'", rng.choice(("’", "ʼ")))
    return text


class Sources:
    """Turns a person into a record in the habits of one source."""

    def __init__(self, population: Population, spelling: Spelling) -> None:
        self.units = population.units
        self.sp = spelling
        self.ua_schemes = Weighted([n for n, _, _ in UA_SCHEMES], [w for *_, w in UA_SCHEMES])
        self.ru_schemes = Weighted(
            ["ru:" + n for n, _, _ in RU_SCHEMES], [w for *_, w in RU_SCHEMES]
        )
        ua_total = sum(w for *_, w in UA_SCHEMES)
        self.ua_share = ua_total / (ua_total + sum(w for *_, w in RU_SCHEMES))
        self.make: dict[str, Callable[[random.Random, Person], tuple[dict[str, str], Exposure]]]
        self.make = {
            "registry": self.registry,
            "family": self.family,
            "unit": self.unit,
            "other_side": self.other_side,
            "icrc": self.icrc,
            "media": self.media,
        }

    # -- field helpers -----------------------------------------------------------------

    def registry_unit(self, p: Person) -> str:
        if p.unit < 0:
            return ""
        u = self.units[p.unit]
        return f"в/ч {u.code}" if p.unit_as_code else u.name

    def registry_dob(self, p: Person) -> str:
        if p.dob_shown == DOB_DAY:
            return _iso(p.year, p.month, p.day)
        return str(p.year) if p.dob_shown == DOB_YEAR else ""

    def service_number(self, rng: random.Random, p: Person, habit: str) -> str:
        sn = p.service_number
        digits_only = sn.isdigit()
        r = rng.random()
        if habit == "latin":
            if not digits_only:
                sn = self.sp.latin(sn[:2], "kmu").upper() + sn[2:]
        elif habit == "sloppy":
            if r < 0.12:
                sn = f"{sn[:4]} {sn[4:7]} {sn[7:]}" if digits_only else f"{sn[:2]} {sn[2:]}"
            elif r < 0.2:
                sn = f"{sn[:4]}-{sn[4:]}" if digits_only else f"{sn[:2]}-{sn[2:]}"
            elif r < 0.25 and not digits_only:
                sn = sn[:2].lower() + sn[2:]
            elif r < 0.33 and not digits_only:
                # Typed on the Latin layout: АВ and AB look the same but do not compare equal.
                sn = "".join(nd.HOMOGLYPHS.get(ch, ch) for ch in sn[:2]) + sn[2:]
            if rng.random() < 0.04:
                sn = _digit_typo(rng, sn)
        elif habit == "spaced" and r < 0.2:
            sn = f"{sn[:2]} {sn[2:]}" if not digits_only else f"{sn[:4]} {sn[4:]}"
        return sn

    def named_typo(self, rng: random.Random, text: str, share: float, keyboard: str) -> str:
        return self.sp.typo(rng, text, keyboard) if text and rng.random() < share else text

    # -- the sources -------------------------------------------------------------------

    def registry(self, rng: random.Random, p: Person) -> tuple[dict[str, str], Exposure]:
        """A clean registry-style row (dedupe only: it is how staff type people in)."""
        row = {
            "surname": p.surname,
            "given_name": p.given,
            "patronymic": p.patronymic,
            "sex": p.sex,
            "date_of_birth": self.registry_dob(p),
            "place_of_birth": p.place,
            "unit": self.registry_unit(p),
            "rank": p.rank,
            "service_number": p.service_number,
        }
        return row, Exposure()

    def family(self, rng: random.Random, p: Person) -> tuple[dict[str, str], Exposure]:
        """Relatives: accurate Ukrainian, full dates; units in their own words."""
        e = Exposure(surname=True, given=FULL)
        surname = _apostrophe(rng, self.named_typo(rng, p.surname, 0.02, "uk"))
        given = p.given
        patr = p.patronymic if rng.random() < 0.94 else ""
        e.patronymic = FULL if patr else NONE
        if rng.random() < 0.01:
            given, e.given = "", NONE
        sex = p.sex if rng.random() < 0.85 else ""
        e.sex = bool(sex)
        r = rng.random()
        if r < 0.93:
            dob, e.dob = _dot(p.year, p.month, p.day), DOB_DAY
        elif r < 0.96:
            dob, e.dob = str(p.year), DOB_YEAR
        else:
            dob = ""
        unit = ""
        if p.unit >= 0 and rng.random() < 0.45:
            unit = self.unit_in_words(rng, p)
        rank = p.rank if p.rank and rng.random() < 0.25 else ""
        sn = ""
        if p.service_number and rng.random() < 0.08:
            sn = self.service_number(rng, p, "spaced")
            e.service_number = True
        place = p.place if rng.random() < 0.6 else ""
        row = {
            "surname": surname,
            "given_name": given,
            "patronymic": patr,
            "sex": sex,
            "date_of_birth": dob,
            "place_of_birth": place,
            "unit": unit,
            "rank": rank,
            "service_number": sn,
        }
        return row, e

    def unit_in_words(self, rng: random.Random, p: Person) -> str:
        u = self.units[p.unit]
        if not u.name:
            return rng.choice((f"в/ч {u.code}", f"військова частина {u.code}", u.code))
        kind = u.name.split(" ", 1)[1]
        return rng.choice(
            (
                f"{u.number} бригада",
                u.abbrev,
                f"служив у {u.abbrev}",
                f"{u.number}-а бригада",
                u.name.lower(),
                f"в/ч {u.code}",
                f"{u.number} {kind.replace('окрема ', '')}",
            )
        )

    def unit(self, rng: random.Random, p: Person) -> tuple[dict[str, str], Exposure]:
        """Unit lists: Ukrainian, hurried typing, service numbers, formal units and ranks."""
        e = Exposure(surname=True, given=FULL)
        surname = self.named_typo(rng, p.surname, 0.15, "uk")
        if rng.random() < 0.4:
            surname = surname.upper()
        given = self.named_typo(rng, p.given, 0.15, "uk")
        patr = ""
        if rng.random() < 0.9:
            patr = self.named_typo(rng, p.patronymic, 0.15, "uk")
            e.patronymic = FULL
        if rng.random() < 0.01:
            given, e.given = "", NONE
        sex = p.sex if rng.random() < 0.6 else ""
        e.sex = bool(sex)
        dob = ""
        if rng.random() < 0.88:
            fmt = _dot if rng.random() < 0.6 else _iso
            dob, e.dob = fmt(p.year, p.month, p.day), DOB_DAY
        unit = ""
        if p.unit >= 0 and rng.random() < 0.95:
            u = self.units[p.unit]
            r = rng.random()
            if u.name and r < 0.6:
                unit = u.name
            elif u.name and r < 0.85:
                unit = u.abbrev
            else:
                unit = f"в/ч {u.code}"
        rank = p.rank if rng.random() < 0.95 else ""
        sn = ""
        if p.service_number and rng.random() < 0.88:
            sn = self.service_number(rng, p, "sloppy")
            e.service_number = True
        row = {
            "surname": _apostrophe(rng, surname),
            "given_name": given,
            "patronymic": patr,
            "sex": sex,
            "date_of_birth": dob,
            "place_of_birth": p.place if rng.random() < 0.15 else "",
            "unit": unit,
            "rank": rank,
            "service_number": sn,
        }
        return row, e

    def other_side(self, rng: random.Random, p: Person) -> tuple[dict[str, str], Exposure]:
        """The other side's lists: Russian forms in one ФИО field, shaky dates."""
        sp = self.sp
        e = Exposure(surname=True, given=FULL, given_script="ru", patronymic_script="ru")
        surname = sp.ru(p.surname, "last")
        given = sp.ru(p.given, "first")
        if rng.random() < 0.08:
            # Copied from a Ukrainian document letter by letter: Сергий, Андрий, Олександр.
            given = sp.by_letters(p.given)
        patr = sp.ru(p.patronymic, "patronymic") if rng.random() < 0.95 else ""
        e.patronymic = FULL if patr else NONE
        surname = self.named_typo(rng, surname, 0.05, "ru")
        given = self.named_typo(rng, given, 0.03, "ru")
        patr = self.named_typo(rng, patr, 0.04, "ru")
        full_name = ""
        style = rng.random()
        row_surname = row_given = row_patr = ""
        if style < 0.75:
            full_name = " ".join(x for x in (surname.upper(), given, patr) if x)
        elif style < 0.87:
            # Initials come from the canonical Russian form, never the letter-by-letter one.
            gi = sp.ru(p.given, "first")[0]
            pi = sp.ru(p.patronymic, "patronymic")[0] if patr else ""
            gap = " " if rng.random() < 0.65 else ""
            initials = f"{gi}.{gap}{pi}." if pi else f"{gi}."
            name = surname.upper() if rng.random() < 0.3 else surname
            full_name = f"{name} {initials}"
            e.given = INITIAL
            e.patronymic = INITIAL if pi else NONE
        else:
            row_surname, row_given, row_patr = surname, given, patr
        dob = ""
        if rng.random() < 0.92:
            y, m, d = p.year, p.month, p.day
            if d <= 12 and d != m and rng.random() < 0.13:
                m, d = d, m
            if rng.random() < 0.03:
                y += rng.choice((-1, 1))
            dob, e.dob = _dot(y, m, d), DOB_DAY
        sex = p.sex if rng.random() < 0.2 else ""
        e.sex = bool(sex)
        unit = ""
        if p.unit >= 0 and rng.random() < 0.3:
            u = self.units[p.unit]
            r = rng.random()
            if u.name and r < 0.4:
                unit = f"{u.abbrev} ВСУ"
            elif u.name and r < 0.8:
                unit = u.ru
            else:
                unit = f"в/ч {u.code}"
        rank = nd.RU_RANKS.get(p.rank, "") if rng.random() < 0.6 else ""
        sn = ""
        if p.service_number and rng.random() < 0.1:
            sn = self.service_number(rng, p, "sloppy")
            e.service_number = True
        place = ""
        if p.place and rng.random() < 0.3:
            place = nd.RU_PLACES.get(p.place) or sp.by_letters(p.place)
        row = {
            "full_name": full_name,
            "surname": row_surname,
            "given_name": row_given,
            "patronymic": row_patr,
            "sex": sex,
            "date_of_birth": dob,
            "place_of_birth": place,
            "unit": unit,
            "rank": rank,
            "service_number": sn,
        }
        return row, e

    def icrc(self, rng: random.Random, p: Person) -> tuple[dict[str, str], Exposure]:
        """ICRC-style lists: Latin, transliterated by whichever scheme the writer knew."""
        sp = self.sp
        e = Exposure(surname=True, given=FULL)
        if rng.random() < self.ua_share:
            scheme = self.ua_schemes.pick(rng)
            names = (p.surname, p.given, p.patronymic)
        else:
            scheme = self.ru_schemes.pick(rng)
            names = (
                sp.ru(p.surname, "last"),
                sp.ru(p.given, "first"),
                sp.ru(p.patronymic, "patronymic"),
            )
        surname, given, patr = (sp.latin(n, scheme) for n in names)
        surname = self.named_typo(rng, surname, 0.03, "lat")
        if rng.random() < 0.45:
            surname = surname.upper()
        if rng.random() < 0.45:
            patr = ""
        e.patronymic = FULL if patr else NONE
        r = rng.random()
        dob = ""
        if r < 0.85:
            fmt = _iso if rng.random() < 0.5 else _slash
            dob, e.dob = fmt(p.year, p.month, p.day), DOB_DAY
        elif r < 0.9:
            dob, e.dob = str(p.year), DOB_YEAR
        sex = p.sex if rng.random() < 0.7 else ""
        e.sex = bool(sex)
        sn = ""
        if p.service_number and rng.random() < 0.3:
            sn = self.service_number(rng, p, "latin")
            e.service_number = True
        unit = ""
        if p.unit >= 0 and rng.random() < 0.25:
            u = self.units[p.unit]
            unit = u.en if u.en else f"military unit {sp.latin(u.code, 'kmu')}"
        rank = nd.EN_RANKS.get(p.rank, "") if rng.random() < 0.2 else ""
        place = sp.latin(p.place, "kmu") if p.place and rng.random() < 0.3 else ""
        row = {
            "surname": surname,
            "given_name": given,
            "patronymic": patr,
            "sex": sex,
            "date_of_birth": dob,
            "place_of_birth": place,
            "unit": unit,
            "rank": rank,
            "service_number": sn,
        }
        return row, e

    def media(self, rng: random.Random, p: Person) -> tuple[dict[str, str], Exposure]:
        """English-language media: "Given Surname", English given names, a year at most."""
        sp = self.sp
        e = Exposure(surname=True, given=FULL)
        english = nd.EN_GIVEN.get(p.given)
        if english and rng.random() < 0.7:
            given = english
        else:
            given = sp.latin(p.given, "kmu" if rng.random() < 0.8 else "bgn")
        r = rng.random()
        if r < 0.8:
            surname = sp.latin(p.surname, "kmu")
        elif r < 0.92:
            surname = sp.latin(p.surname, "bgn")
        else:
            surname = sp.latin(sp.ru(p.surname, "last"), "ru:icao")
        dob = ""
        if rng.random() < 0.4:
            dob, e.dob = str(p.year), DOB_YEAR
        unit = ""
        if p.unit >= 0 and self.units[p.unit].en and rng.random() < 0.3:
            unit = self.units[p.unit].en
        rank = nd.EN_RANKS.get(p.rank, "") if rng.random() < 0.1 else ""
        row = {
            "full_name": f"{given} {surname}",
            "date_of_birth": dob,
            "unit": unit,
            "rank": rank,
        }
        return row, e


def _digit_typo(rng: random.Random, sn: str) -> str:
    positions = [i for i, ch in enumerate(sn) if ch.isdigit()]
    if len(positions) < 2:
        return sn
    i = rng.choice(positions[:-1])
    if rng.random() < 0.5 and sn[i + 1].isdigit() and sn[i] != sn[i + 1]:
        return sn[:i] + sn[i + 1] + sn[i] + sn[i + 2 :]
    return sn[:i] + str((int(sn[i]) + rng.randint(1, 9)) % 10) + sn[i + 1 :]


# -- attainability ---------------------------------------------------------------------------


class RegistryIndex:
    """Dict indexes over the registry's true values, for the uniqueness test."""

    def __init__(self, persons: list[Person], spelling: Spelling) -> None:
        self.sp = spelling
        self.by_name: dict[tuple[str, str], list[Person]] = {}
        self.by_surname: dict[str, list[Person]] = {}
        self.by_number: dict[str, list[Person]] = {}
        for p in persons:
            self.by_name.setdefault((p.surname, p.given), []).append(p)
            self.by_surname.setdefault(p.surname, []).append(p)
            if p.service_number:
                self.by_number.setdefault(p.service_number, []).append(p)

    def initial(self, name: str, kind: str, script: str) -> str:
        return (self.sp.ru(name, kind) if script == "ru" else name)[:1]

    def agrees(self, q: Person, p: Person, e: Exposure) -> bool:
        if e.surname and q.surname != p.surname:
            return False
        if e.given == FULL and q.given != p.given:
            return False
        if e.given == INITIAL and self.initial(q.given, "first", e.given_script) != self.initial(
            p.given, "first", e.given_script
        ):
            return False
        if e.patronymic == FULL and q.patronymic != p.patronymic:
            return False
        if e.patronymic == INITIAL and self.initial(
            q.patronymic, "patronymic", e.patronymic_script
        ) != self.initial(p.patronymic, "patronymic", e.patronymic_script):
            return False
        if e.sex and q.sex != p.sex:
            return False
        if e.dob == DOB_DAY and (q.year, q.month, q.day) != (p.year, p.month, p.day):
            return False
        if e.dob == DOB_YEAR and q.year != p.year:
            return False
        return not (e.service_number and q.service_number != p.service_number)

    def attainable(self, p: Person, e: Exposure) -> bool:
        if not e.surname or e.given == NONE:
            return False
        if e.dob == DOB_NONE and not e.service_number:
            return False
        if e.service_number:
            candidates = self.by_number.get(p.service_number, [])
        elif e.given == FULL:
            candidates = self.by_name.get((p.surname, p.given), [])
        else:
            candidates = self.by_surname.get(p.surname, [])
        matches = [q for q in candidates if self.agrees(q, p, e)]
        return len(matches) == 1 and matches[0] is p


# -- writing ---------------------------------------------------------------------------------


def _stream_rng(seed: int, part: str) -> random.Random:
    # A string seed is hashed with SHA-512 by `random`, so it is stable across runs.
    return random.Random(f"homeward-linkage:{seed}:{part}")


def _pick_source(rng: random.Random, weights: dict[str, int], civilian: bool) -> str:
    names = [s for s in weights if not (civilian and s == "unit")]
    return rng.choices(names, weights=[weights[s] for s in names])[0]


def _records_per_person(rng: random.Random) -> int:
    return rng.choices((1, 2, 3), weights=(65, 25, 10))[0]


def write_registry(
    path: Path, persons: Iterator[Person], size: int, sources: Sources, keep: bool
) -> tuple[list[Person], Counter[str], int]:
    """Write registry.csv from the stream; return the persons if `keep`, counts and the
    number of distinct surnames."""
    kept: list[Person] = []
    counts: Counter[str] = Counter()
    surnames: set[str] = set()
    width = max(6, len(str(size)))
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(REGISTRY_COLUMNS)
        rows = []
        for i, p in enumerate(persons, 1):
            p.pid = f"P{i:0{width}d}"
            counts["persons"] += 1
            surnames.add(p.surname)
            counts["female"] += p.sex == "female"
            counts["civilian"] += p.civilian
            counts["with_service_number"] += bool(p.service_number)
            if p.kin:
                counts[f"kin_{p.kin}"] += 1
            rows.append(
                (
                    p.pid,
                    p.surname,
                    p.given,
                    p.patronymic,
                    p.sex,
                    sources.registry_dob(p),
                    p.place,
                    sources.registry_unit(p),
                    p.rank,
                    p.service_number,
                )
            )
            if len(rows) >= 50_000:
                w.writerows(rows)
                rows.clear()
            if keep:
                kept.append(p)
        w.writerows(rows)
    return kept, counts, len(surnames)


def generate(
    out: Path,
    registry_size: int = 20_000,
    incoming_size: int = 10_000,
    dedupe_size: int = 20_000,
    seed: int = 1,
    registry_only: bool = False,
) -> dict[str, object]:
    out.mkdir(parents=True, exist_ok=True)
    issued: set[str] = set()
    population = Population(_stream_rng(seed, "registry"), issued)
    spelling = Spelling()
    sources = Sources(population, spelling)
    meta: dict[str, object] = {
        "generator": "bench/linkage/generate.py",
        "version": VERSION,
        "seed": seed,
        "sizes": {
            "registry": registry_size,
            "incoming": 0 if registry_only else incoming_size,
            "dedupe": 0 if registry_only else dedupe_size,
        },
    }
    persons, counts, distinct_surnames = write_registry(
        out / "registry.csv",
        population.stream(registry_size),
        registry_size,
        sources,
        keep=not registry_only,
    )
    n = max(1, counts["persons"])
    meta["registry"] = {
        "persons": counts["persons"],
        "distinct_surnames": distinct_surnames,
        "female_share": round(counts["female"] / n, 4),
        "civilian_share": round(counts["civilian"] / n, 4),
        "service_number_share": round(counts["with_service_number"] / n, 4),
        "with_brother_share": round(counts["kin_brother"] / n, 4),
        "same_name_father_son_share": round(counts["kin_father_son"] / n, 4),
    }
    if not registry_only:
        meta["incoming"] = write_incoming(
            out, persons, issued, sources, spelling, seed, incoming_size
        )
        if dedupe_size > 0:
            meta["dedupe"] = write_dedupe(out, sources, seed, dedupe_size)
    (out / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return meta


def write_incoming(
    out: Path,
    persons: list[Person],
    issued: set[str],
    sources: Sources,
    spelling: Spelling,
    seed: int,
    size: int,
) -> dict[str, object]:
    rng = _stream_rng(seed, "incoming")
    # Absent persons come from the same distributions (their own stream) and share the
    # registry's issued service numbers, so no stranger carries a registered man's number.
    strangers = Population(_stream_rng(seed, "absent"), issued)
    absent_target = round(size * ABSENT_SHARE) if persons else size
    plan: list[tuple[Person, bool, str]] = []  # (person, in registry, source)
    while len(plan) < size - absent_target:
        p = persons[rng.randrange(len(persons))]
        for _ in range(min(_records_per_person(rng), size - absent_target - len(plan))):
            plan.append((p, True, _pick_source(rng, INCOMING_SOURCES, p.civilian)))
    while len(plan) < size:
        if persons and rng.random() < ABSENT_RELATIVE_SHARE:
            group = [strangers.relative_of(persons[rng.randrange(len(persons))])]
        else:
            group = strangers.group()
        for p in group:
            for _ in range(min(_records_per_person(rng), size - len(plan))):
                plan.append((p, False, _pick_source(rng, INCOMING_SOURCES, p.civilian)))
    rng.shuffle(plan)

    index = RegistryIndex(persons, spelling)
    per_source: Counter[str] = Counter()
    attainable_by_source: Counter[str] = Counter()
    present_by_source: Counter[str] = Counter()
    present = attainable = 0
    with (
        (out / "incoming.csv").open("w", newline="", encoding="utf-8") as fi,
        (out / "truth.csv").open("w", newline="", encoding="utf-8") as ft,
    ):
        wi, wt = csv.writer(fi), csv.writer(ft)
        wi.writerow(INCOMING_COLUMNS)
        wt.writerow(("record_id", "person_id", "attainable"))
        for i, (p, registered, source) in enumerate(plan, 1):
            rid = f"R{i:06d}"
            row, exposure = sources.make[source](rng, p)
            ok = registered and index.attainable(p, exposure)
            per_source[source] += 1
            if registered:
                present += 1
                present_by_source[source] += 1
                attainable += ok
                attainable_by_source[source] += ok
            wi.writerow([rid, source, *(row.get(c, "") for c in INCOMING_COLUMNS[2:])])
            wt.writerow((rid, p.pid if registered else "", int(ok)))
    total = max(1, len(plan))
    return {
        "records": len(plan),
        "per_source": dict(sorted(per_source.items())),
        "absent_records": len(plan) - present,
        "absent_share": round((len(plan) - present) / total, 4),
        "attainable_records": attainable,
        "attainable_share_of_all": round(attainable / total, 4),
        "attainable_share_of_present": round(attainable / max(1, present), 4),
        "attainable_share_of_present_by_source": {
            s: round(attainable_by_source[s] / max(1, present_by_source[s]), 4)
            for s in sorted(present_by_source)
        },
        "distinct_registry_persons": len({p.pid for p, registered, _ in plan if registered}),
    }


def write_dedupe(out: Path, sources: Sources, seed: int, size: int) -> dict[str, object]:
    rng = _stream_rng(seed, "dedupe")
    population = Population(_stream_rng(seed, "dedupe-persons"), set())
    entries: list[tuple[str, Person, str]] = []  # (entity id, person, source)
    entities = multi = 0
    # Rows are shuffled below, so relatives need not be spread apart in the stream.
    for p in population.stream(size, spread=1):
        if len(entries) >= size:
            break
        entities += 1
        eid = f"E{entities:06d}"
        count = 1
        if rng.random() < 0.4:
            count = rng.choices((2, 3, 4), weights=(55, 30, 15))[0]
            multi += 1
        names = [s for s in DEDUPE_SOURCES if not (p.civilian and s == "unit")]
        weights = [DEDUPE_SOURCES[s] for s in names]
        for _ in range(min(count, size - len(entries), len(names))):
            # Different sources for the same person: sample without replacement.
            source = rng.choices(names, weights=weights)[0]
            k = names.index(source)
            del names[k], weights[k]
            entries.append((eid, p, source))
    rng.shuffle(entries)
    per_source: Counter[str] = Counter()
    with (
        (out / "dedupe.csv").open("w", newline="", encoding="utf-8") as fd,
        (out / "dedupe_truth.csv").open("w", newline="", encoding="utf-8") as ft,
    ):
        wd, wt = csv.writer(fd), csv.writer(ft)
        wd.writerow(DEDUPE_COLUMNS)
        wt.writerow(("record_id", "entity_id"))
        for i, (eid, p, source) in enumerate(entries, 1):
            rid = f"D{i:06d}"
            row, _ = sources.make[source](rng, p)
            per_source[source] += 1
            wd.writerow([rid, *(row.get(c, "") for c in DEDUPE_COLUMNS[1:])])
            wt.writerow((rid, eid))
    return {
        "records": len(entries),
        "entities": entities,
        "entities_with_several_records_share": round(multi / max(1, entities), 4),
        "per_source": dict(sorted(per_source.items())),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry-size", type=int, default=20_000)
    parser.add_argument("--incoming-size", type=int, default=10_000)
    parser.add_argument("--dedupe-size", type=int, default=20_000, help="0 skips the dedupe set")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--registry-only", action="store_true", help="write registry.csv (and meta.json) only"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    meta = generate(
        args.out,
        registry_size=args.registry_size,
        incoming_size=args.incoming_size,
        dedupe_size=args.dedupe_size,
        seed=args.seed,
        registry_only=args.registry_only,
    )
    print(json.dumps(meta, ensure_ascii=False, indent=2))
    print(f"written to {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
