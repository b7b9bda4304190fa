"""`make screenshots`: the main pages over demo data, saved under docs/screenshots/.

Deselected from the ordinary run (pyproject's addopts); it still asserts what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from homeward.apps.audit.context import audit_context
from homeward.apps.registry.demo import load_demo
from homeward.apps.registry.models import Person

pytestmark = [
    pytest.mark.screenshots,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_save_screenshots(sign_in: Callable[[User], Page], make_user: Callable[..., User]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    registrar, admin = make_user("registrar"), make_user("administrator")
    with audit_context("command"):
        load_demo(count=400, registrar=registrar, confirmer=admin)
    page = sign_in(admin)
    base = page.url.rstrip("/")
    expect(page.locator("#count-total")).to_have_text("400")
    page.screenshot(path=OUT / "home.png", full_page=True)

    page.goto(f"{base}/persons/?q=shevchenko")
    expect(page.locator("#person-table tbody tr").first).to_contain_text("ШЕВЧЕНКО")
    page.screenshot(path=OUT / "person-list.png")

    person = (
        Person.objects.filter(side="own", current_status="returned")
        .exclude(unit="")
        .order_by("id")
        .first()
    )
    assert person is not None
    page.goto(f"{base}/persons/{person.pk}/")
    expect(page.locator("#status-timeline li")).to_have_count(person.status_events.count())
    page.screenshot(path=OUT / "person-detail.png", full_page=True)

    page.click("#language-form button[value=en]")
    expect(page.locator("#current-status")).to_have_text("Returned")
    page.screenshot(path=OUT / "person-detail-en.png", full_page=True)

    page.goto(f"{base}/audit/")
    expect(page.locator("#audit-table tbody tr")).to_have_count(50)
    page.screenshot(path=OUT / "audit.png")
