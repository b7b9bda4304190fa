"""The statistics page draws its charts in a real browser, from files served locally."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from homeward.apps.exchanges.demo import load_exchange_demo
from homeward.apps.registry.demo import DEMO_SOURCES
from homeward.apps.registry.services import create_source
from tests.apps.exchanges.test_demo import SMALL

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_stages_are_charted(
    sign_in: Callable[[User], Page], make_user: Callable[..., User], registrar: User
) -> None:
    for kind, (name, reliability) in DEMO_SOURCES.items():
        create_source(actor=registrar, kind=kind, name=name, reliability=reliability)
    load_exchange_demo(officer=make_user("exchange_officer"), registrar=registrar,
                       confirmer=make_user("administrator"), stages=SMALL)  # fmt: skip
    page = sign_in(make_user("communications"))
    page.click("#nav-statistics")
    expect(page.locator("#stages-table tbody tr")).to_have_count(2)
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas')].map(c => Chart.getChart(c) ? "
        "Chart.getChart(c).data.datasets.length : 0)"
    )
    assert drawn[0] == 3 and all(n == 2 for n in drawn[1:]), drawn
