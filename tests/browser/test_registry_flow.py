"""A registrar's day in a real browser: sign in, search in both scripts, open a person,
add a status event, switch language."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from homeward.apps.registry.models import Person, PersonExport

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people(make_person: Callable[..., Person]) -> dict[str, Person]:
    return {
        "shevchenko": make_person(),
        "boyko": make_person(surname="Бойко", given_name="Сергій", patronymic="Петрович"),
    }


def test_wrong_password_is_refused(live_server: Any, page: Page, registrar: User) -> None:
    page.goto(f"{live_server.url}/persons/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/persons/")
    page.fill("#id_username", "registrar")
    page.fill("#id_password", "not-the-password")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#form-errors")).to_be_visible()


@pytest.mark.parametrize("query", ["shevchenko", "Шевченко", "ШЕВЧЕНКО"])
def test_search_in_both_scripts(
    sign_in: Callable[[User], Page], registrar: User, people: dict[str, Person], query: str
) -> None:
    page = sign_in(registrar)
    page.click("a.nav-link[href='/persons/']")
    page.fill("#id_q", query)
    page.click("#search-button")
    rows = page.locator("#person-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("ШЕВЧЕНКО Олександр Миколайович")
    expect(rows.first).to_contain_text("SHEVCHENKO Oleksandr Mykolaiovych")


def test_search_by_the_engine_ranks_with_the_probability(
    sign_in: Callable[[User], Page],
    registrar: User,
    people: dict[str, Person],
    background: list[Person],
) -> None:
    """English order, the Russian form of the given name and only a year of birth."""
    page = sign_in(registrar)
    page.click("a.nav-link[href='/persons/']")
    page.fill("#id_q", "Aleksandr Shevchenko 1990")
    page.click("#search-button")
    first = page.locator("#person-table tbody tr").first
    expect(first).to_contain_text("ШЕВЧЕНКО Олександр Миколайович")
    expect(first.locator(".match-probability")).to_contain_text("%")
    expect(first.locator(".match-explanation")).to_contain_text("Shevchenko / Шевченко")


def test_open_a_person_and_add_a_status_event(
    sign_in: Callable[[User], Page], registrar: User, people: dict[str, Person]
) -> None:
    page = sign_in(registrar)
    page.goto(f"{page.url.rsplit('/', 1)[0]}/persons/?q=Бойко")
    page.click("a.person-link")
    expect(page.locator("#person-name")).to_have_text("БОЙКО Сергій Петрович")
    page.click("#add-status")
    # Submitting without evidence shows the message at the field and saves nothing.
    page.select_option("#id_status", "confirmed_captive")
    page.fill("#id_effective", "12.03.2024")
    page.click("#save-status")
    expect(page.locator("[data-field=document]")).to_be_visible()
    page.fill("#id_document", "Повідомлення МКЧХ № 4411")
    page.click("#save-status")
    expect(page.locator("#current-status")).to_have_text("Перебування в полоні підтверджено")
    expect(page.locator("#status-timeline")).to_contain_text("Повідомлення МКЧХ № 4411")
    expect(page.locator("#change-history")).to_contain_text("Додано повідомлення про статус")


def test_switch_language(
    sign_in: Callable[[User], Page], registrar: User, people: dict[str, Person]
) -> None:
    page = sign_in(registrar)
    expect(page.locator("nav")).to_contain_text("Особи")
    page.click("#language-form button[value=en]")
    expect(page.locator("nav")).to_contain_text("Persons")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click("#language-form button[value=uk]")
    expect(page.locator("nav")).to_contain_text("Особи")


def test_edit_conflict_is_refused_in_the_browser(
    sign_in: Callable[[User], Page], registrar: User, people: dict[str, Person]
) -> None:
    from homeward.apps.registry import services

    person = people["shevchenko"]
    page = sign_in(registrar)
    base = page.url.rsplit("/", 1)[0]
    page.goto(f"{base}/persons/{person.pk}/edit/")
    # Somebody else saves while this form is open.
    services.update_person(
        actor=registrar, person_id=person.pk, expected_version=1, fields={"unit": "elsewhere"}
    )
    page.fill("#id_unit", "mine")
    page.click("#save-person")
    expect(page.locator("#form-errors")).to_be_visible()
    person.refresh_from_db()
    assert person.unit == "elsewhere"


def test_pages_load_everything_they_ask_for(
    live_server: Any,
    page: Page,
    sign_in: Callable[[User], Page],
    registrar: User,
    people: dict[str, Person],
) -> None:
    """No page asks the server for something it does not have (a missing icon, script or
    style shows up as an error in the browser's console)."""
    failed: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(registrar)
    for path in ("/", "/persons/", f"/persons/{people['boyko'].pk}/", "/statements/"):
        page.goto(f"{live_server.url}{path}", wait_until="networkidle")
    assert failed == [] and errors == []


def test_an_export_is_written_in_the_background_and_downloaded(
    sign_in: Callable[[User], Page], registrar: User, people: dict[str, Person]
) -> None:
    page = sign_in(registrar)
    page.click("a.nav-link[href='/persons/']")
    page.fill("#id_q", "Бойко")
    page.click("#search-button")
    page.fill("#export-purpose", "Список для візиту МКЧХ")
    page.click("#export-xlsx")
    job = PersonExport.objects.get()
    row = page.locator(f"#export-{job.pk}")
    expect(row).to_have_attribute("data-state", "queued")
    expect(row.locator("[data-progress-url]")).to_be_visible()

    # The page polls the job; on SQLite's shared in-memory test database a poll served
    # while the worker takes its exclusive lock fails the worker ("table is locked"), so
    # the page is left while the real worker runs in this process.
    exports_page = page.url
    page.goto("about:blank")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.goto(exports_page)
    expect(row).to_have_attribute("data-state", "done")
    with page.expect_download() as download:
        row.locator("[data-download]").click()
    assert download.value.suggested_filename == f"homeward-persons-{job.pk}.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Бойко"]
