"""The demo's exchange under negotiation, and the other side's offer for it as a file for
an exchange officer to load and verify: our people written as the other side writes them
(Russian forms of given names and patronymics, the surname in capitals, one "ФИО" column,
dates as DD.MM.YYYY, Windows-1251), with the mistakes their lists carry: a man already home,
a man written twice, a date of birth a year off, and men we do not know."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.contrib.auth.models import User

from homeward.apps.exchanges import services
from homeward.apps.exchanges.models import Agreement
from homeward.apps.registry.models import Person
from homeward.core.names.equivalents import NameKind, name_equivalents
from homeward.core.synthetic import Generator

TITLE = "Обмін (переговори, грудень 2026)"
HEADER = ["№", "ФИО", "Дата рождения", "Звание", "Личный номер"]
# The make-up of the other side's offer.
IN_CAPTIVITY, ALREADY_HOME, UNKNOWN = 40, 3, 4


def _russian(name: str, kind: NameKind) -> str:
    forms = name_equivalents().russian_forms(name, kind) if name else []
    return forms[0] if forms else name


def _row(person: Person, *, birth_shift: int = 0) -> list[str]:
    given = _russian(person.given_name, NameKind.GIVEN)
    patronymic = _russian(person.patronymic, NameKind.PATRONYMIC)
    born = ""
    if person.birth_date and person.birth_date_precision == "day":
        day = person.birth_date.replace(year=person.birth_date.year + birth_shift)
        born = day.strftime("%d.%m.%Y")
    elif person.birth_date:
        born = str(person.birth_date.year)
    rank = person.rank.names_ru[0] if person.rank and person.rank.names_ru else ""
    surname = _russian(person.surname, NameKind.SURNAME).upper()
    name = " ".join(p for p in (surname, given, patronymic) if p)
    return [name, born, rank, person.service_number]


def their_offer_rows(seed: int = 12) -> list[list[str]]:
    """The rows of their offer (without the header): persons of ours still in captivity,
    some already home, some unknown to the registry, one twice and one with a wrong year
    of birth."""
    rng = random.Random(seed)
    ours = Person.objects.filter(side="own", merged_into__isnull=True).order_by("pk")
    captive = list(ours.filter(current_status="confirmed_captive")[:2000])
    home = list(ours.filter(current_status="returned")[:500])
    chosen = rng.sample(captive, min(IN_CAPTIVITY, len(captive)))
    rows = [_row(p) for p in chosen]
    rows += [_row(p) for p in rng.sample(home, min(ALREADY_HOME, len(home)))]
    if chosen:
        rows.append(_row(chosen[0]))  # the same man twice
        rows[1] = _row(chosen[1], birth_shift=1)  # a year off
    strangers = Generator(seed * 1000 + 7, today=dt.date(2026, 11, 1)).persons(UNKNOWN, 0.0)
    for s in strangers:
        given = _russian(s.given_name, NameKind.GIVEN)
        patronymic = _russian(s.patronymic, NameKind.PATRONYMIC)
        born = s.birth_date.strftime("%d.%m.%Y") if s.birth_date else ""
        surname = _russian(s.surname, NameKind.SURNAME).upper()
        rows.append([f"{surname} {given} {patronymic}".strip(), born, "", ""])
    rng.shuffle(rows)
    return [[str(n), *row] for n, row in enumerate(rows, start=1)]


def write_their_offer(path: Path, seed: int = 12) -> Path:
    """Their offer as the other side sends it: semicolons, Windows-1251."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [";".join(HEADER), *(";".join(row) for row in their_offer_rows(seed))]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    return path


def negotiation_demo_loaded() -> bool:
    return Agreement.objects.filter(title=TITLE).exists()


def load_negotiation_demo(*, officer: User) -> Agreement:
    """The next exchange, agreed in principle and waiting for its lists and stages."""
    return services.create_agreement(
        actor=officer, title=TITLE, formula="n_for_n", total=IN_CAPTIVITY,
        mediator="Об'єднані Арабські Емірати", venue="Абу-Дабі",
        negotiated_on=dt.date(2026, 11, 27),
        notes="Списки узгоджуються; їхню пропозицію отримано через посередника.",
        status="negotiating",
    )  # fmt: skip
