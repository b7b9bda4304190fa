"""The statistics page charts an agreement's stages and who came home in each."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from homeward.apps.exchanges.demo import load_exchange_demo
from homeward.apps.registry.demo import DEMO_SOURCES
from homeward.apps.registry.services import create_source
from tests.apps.exchanges.test_demo import SMALL

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(make_user: Callable[..., User], registrar: User) -> None:
    for kind, (name, reliability) in DEMO_SOURCES.items():
        create_source(actor=registrar, kind=kind, name=name, reliability=reliability)
    load_exchange_demo(officer=make_user("exchange_officer"), registrar=registrar,
                       confirmer=make_user("administrator"), stages=SMALL)  # fmt: skip


def series_of(html: str) -> dict[str, object]:
    start = html.index('<script id="series" type="application/json">') + len(
        '<script id="series" type="application/json">'
    )
    return dict(json.loads(html[start : html.index("</script>", start)]))


def test_the_stages_and_their_composition_are_charted(
    demo: None, make_user: Callable[..., User]
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_user("communications"))
    html = client.get("/statistics/").content.decode()
    data = series_of(html)
    stages = data["stages"]
    assert isinstance(stages, list)
    assert [(s["number"], s["received"], s["received_so_far"]) for s in stages] == [
        (1, 5, 5), (2, 3, 8)]  # fmt: skip
    second = stages[1]["composition"]
    assert second["sex"] == [["Male", 3]]
    assert ["Defenders of Mariupol", 1] in second["groups"]
    assert 'id="stages-chart"' in html and "vendor/chartjs/chart.umd.min.js" in html


def test_roles_without_exchanges_do_not_see_the_page(
    demo: None, make_user: Callable[..., User]
) -> None:
    client = Client()
    client.force_login(make_user("auditor"))
    assert client.get("/statistics/").status_code == 403
