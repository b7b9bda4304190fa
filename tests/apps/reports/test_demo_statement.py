"""The issue's acceptance on the demo exchange itself (the seeds' three stages, 1000 for
1000): the statement on the second day in both languages, and the dashboard's three
stages. It runs the whole demo exchange, about half a minute."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from homeward.apps.exchanges.demo import load_exchange_demo
from homeward.apps.registry.demo import DEMO_SOURCES
from homeward.apps.registry.services import create_source
from tests.apps.reports.test_dashboard import series_of

pytestmark = pytest.mark.django_db


def statement(*args: str) -> str:
    out = StringIO()
    call_command("statement", *args, stdout=out)
    return out.getvalue()


def test_the_seeds_statement_and_the_three_stages_from_the_demo(
    make_user: Callable[..., User], registrar: User
) -> None:
    for kind, (name, reliability) in DEMO_SOURCES.items():
        create_source(actor=registrar, kind=kind, name=name, reliability=reliability)
    load_exchange_demo(officer=make_user("exchange_officer"), registrar=registrar,
                       confirmer=make_user("administrator"))  # fmt: skip

    en = statement("--stage", "2", "--lang", "en")
    assert en.startswith("307 defenders returned home from captivity")
    assert "It is the second day of the 1000-for-1000 exchange" in en
    assert "So far, 697 people have been brought home in this exchange" in en
    assert "All 307 are men, privates and sergeants." in en
    assert "Among them are 27 Defenders of Mariupol." in en
    assert (
        "They fought in the Donetsk, Kherson, Kharkiv, Zaporizhzhia and Luhansk directions." in en
    )
    assert "Servicemen of the Armed Forces of Ukraine (" in en
    assert "The third stage of the exchange will take place on 25 May." in en

    uk = statement("--stage", "2", "--lang", "uk")
    assert uk.startswith("З полону повернулися 307 захисників")
    assert "Це другий день обміну «1000 на 1000»." in uk
    assert "Загалом у межах обміну вже повернуто 697 людей із 1\u00a0000 домовлених." in uk
    assert "Усі 307 — чоловіки, рядові і сержанти." in uk
    assert "Серед звільнених: Захисники Маріуполя — 27." in uk
    assert ("Вони воювали на напрямках: Донецький, Херсонський, Харківський, Запорізький і "
            "Луганський.") in uk  # fmt: skip
    assert "Повернулися військовослужбовці: Збройні Сили України (" in uk
    assert "Третій етап обміну відбудеться 25 травня." in uk

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_user("communications"))
    stages = series_of(client.get("/statistics/").content.decode())["stages"]
    assert isinstance(stages, list)
    assert [(s["number"], s["received"], s["received_so_far"]) for s in stages] == [
        (1, 390, 390), (2, 307, 697), (3, 303, 1000)]  # fmt: skip
