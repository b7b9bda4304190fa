from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils.translation import override

from homeward.apps.intake import services as intake
from homeward.apps.intake.models import ImportBatch
from homeward.apps.registry.models import Person


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are matched in English; the interface's default language is Ukrainian."""
    with override("en"):
        yield


def in_english(client: Client) -> Client:
    """A test client whose pages come in English (the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


COUNTERPART_HEADER = "№;ФИО;Дата рождения;Звание;Личный номер\n"


def counterpart_csv(
    *lines: str, header: str = COUNTERPART_HEADER, encoding: str = "cp1251"
) -> bytes:
    """A list as the other side sends it: Russian headers and forms of names, cp1251."""
    return (header + "".join(line + "\n" for line in lines)).encode(encoding)


def import_list(actor: User, content: bytes, **options: Any) -> ImportBatch:
    options.setdefault("source_kind", "counterpart")
    options.setdefault("source_name", "Список 12")
    return intake.import_file(actor=actor, file_name="list.csv", content=content, **options)


@pytest.fixture
def registry(make_person: Callable[..., Person], background: list[Person]) -> dict[str, Person]:
    """A few persons the tests' lists speak of, among the background."""
    return {
        "shevchenko": make_person(),
        "bro_a": make_person(surname="Ткачук", given_name="Андрій", patronymic="Вікторович",
                             birth_date=dt.date(1992, 6, 14), service_number="UA-700002",
                             unit="93 окрема механізована бригада"),
        "bro_d": make_person(surname="Ткачук", given_name="Дмитро", patronymic="Вікторович",
                             birth_date=dt.date(1995, 11, 2), service_number="UA-700003",
                             unit="93 окрема механізована бригада"),
        "father": make_person(surname="Гнатюк", given_name="Іван", patronymic="Петрович",
                              birth_date=dt.date(1968, 4, 12), service_number=""),
        "son": make_person(surname="Гнатюк", given_name="Іван", patronymic="Петрович",
                           birth_date=dt.date(1994, 9, 3), service_number=""),
    }  # fmt: skip
