"""A statement from the data to the public page in a real browser: drafted on a period by
one communications officer, approved by another, read without signing in; and a partner
export downloaded with its recipient and purpose."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry.models import Person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_statement_on_a_period_is_drafted_approved_and_published(
    sign_in: Callable[[User], Page], make_user: Callable[..., User],
    make_person: Callable[..., Person], received: Callable[..., Any], live_server: Any,
) -> None:  # fmt: skip
    for n in range(6):
        received(make_person(surname=f"Бондар{n}", service_number=f"UA-8{n}"),
                 on=dt.date(2025, 5, 24))  # fmt: skip
    writer, second = make_user("communications", "writer"), make_user("communications", "second")
    page = sign_in(writer)
    page.click("#nav-statements")
    page.fill("#id_period_start", "2025-05-24")
    page.fill("#id_period_end", "2025-05-24")
    page.click("#draft-period-button")
    expect(page.locator("#statement-state")).to_have_attribute("data-state", "draft")
    # "людей": each came home in a stage of one, too small to say who they are
    expect(page.locator("#id_title_uk")).to_have_value(
        "24 травня 2025 року з полону повернулися 6 людей"
    )
    page.context.clear_cookies()

    page = sign_in(second)
    page.click("#nav-statements")
    page.click("#statement-table tbody a")
    page.click("#approve-button")
    expect(page.locator("#statement-state")).to_have_attribute("data-state", "published")
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/statements/")
    expect(page.get_by_text("24 травня 2025 року з полону повернулися 6 людей")).to_be_visible()


def test_a_pfif_export_is_downloaded_as_a_disclosure(
    sign_in: Callable[[User], Page], registrar: User, make_person: Callable[..., Person],
) -> None:  # fmt: skip
    make_person(surname="Кравець")
    page = sign_in(registrar)
    page.click("#nav-exports")
    page.click("#export-pfif")
    page.fill("#id_recipient", "Дошка пошуку")
    page.fill("#id_purpose", "Пошук родинами")
    with page.expect_download() as download:
        page.click("#export-button")
    assert download.value.suggested_filename.endswith(".xml")
    entry = AuditEntry.objects.get(action="disclosure.export")
    assert entry.after["kind"] == "pfif" and entry.after["recipient"] == "Дошка пошуку"
