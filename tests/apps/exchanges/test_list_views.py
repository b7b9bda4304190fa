"""The list pages: building our list, loading theirs, the spreadsheet, and need-to-know."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from homeward.apps.audit.models import AuditEntry
from homeward.apps.exchanges import lists
from homeward.apps.exchanges.models import Agreement, ListVersion
from homeward.apps.registry.models import Person
from tests.apps.exchanges.test_verification import HEADER, _file

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(officer: User) -> Client:
    client = Client()
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(agreement: Agreement, kind: str) -> str:
    return f"/exchanges/{agreement.pk}/lists/{kind}/"


def test_an_officer_builds_submits_and_agrees_our_request(
    officer_client: Client, agreement: Agreement, ours: list[Person]
) -> None:
    page = _page(agreement, "our_request")
    assert "No version yet" in officer_client.get(page).content.decode()
    response = officer_client.post(page + "new/")
    version = ListVersion.objects.get()
    assert response["Location"] == f"{page}?v=1"
    cases = f"{ours[0].case_number}, {ours[1].case_number.lower()}"
    officer_client.post(
        f"/exchanges/versions/{version.pk}/add/", {"case_numbers": cases, "priority": "2"}
    )
    officer_client.post(
        f"/exchanges/versions/{version.pk}/criteria/", {"unit": "", "reason": "усі"}
    )
    assert version.entries.count() == 4
    html = officer_client.get(f"{page}?v=1").content.decode()
    assert ours[3].case_number in html and "усі" in html
    first = version.entries.get(person=ours[0])
    response = officer_client.post(
        f"/exchanges/versions/{version.pk}/substitute/",
        {"entry": first.pk, "case_number": "HW-NOPE", "reason": "x"},
    )
    follow = officer_client.get(response["Location"]).content.decode()
    assert "No person has these case numbers: HW-NOPE" in follow
    for bogus in (
        officer_client.post(f"/exchanges/versions/{version.pk}/substitute/",
                            {"entry": "999999", "case_number": ours[3].case_number}),
        officer_client.post(f"/exchanges/versions/{version.pk}/import/", {"batch": "999999"}),
    ):  # fmt: skip
        assert bogus.status_code == 302
    assert officer_client.post("/exchanges/entries/999999/decide/").status_code == 404
    officer_client.post(
        f"/exchanges/versions/{version.pk}/remove/", {"entry": [first.pk], "reason": "помилка"}
    )
    assert version.entries.count() == 3
    officer_client.post(f"/exchanges/versions/{version.pk}/submit/")
    response = officer_client.post(f"/exchanges/versions/{version.pk}/agree/")
    follow = officer_client.get(response["Location"]).content.decode()
    assert "The version is agreed" in follow
    ours[1].refresh_from_db()
    assert ours[1].current_status == "on_exchange_list"
    detail = officer_client.get(f"/exchanges/{agreement.pk}/").content.decode()
    assert 'data-list="our_request"' in detail and "version 1" in detail
    # The page's title is the agreement's, and its lists appear once, in the page.
    assert f"<title>{agreement.title} · Homeward</title>" in detail
    assert detail.count('id="list-table"') == 1


def test_their_list_is_uploaded_verified_and_exported(
    officer_client: Client,
    agreement: Agreement,
    background: list[Person],
    make_person: Callable[..., Person],
) -> None:
    shevchenko = make_person()
    page = _page(agreement, "their_offer")
    content = _file(
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456;",
        "2;ПЕТРЕНКО Василий Сергеевич;11.11.1979;;;",
    )
    response = officer_client.post(
        page + "load/",
        {
            "file": SimpleUploadedFile("offer.csv", content),
            "default_category": "military",
            "note": "через МКЧХ",
        },
    )
    assert response["Location"] == f"{page}?v=1"
    html = officer_client.get(response["Location"]).content.decode()
    assert "Version 1 loaded and verified: 2 entries." in html
    assert shevchenko.case_number in html and "ПЕТРЕНКО Василий Сергеевич" in html
    assert "Unknown to us" in html and "Confirmed" in html
    version = ListVersion.objects.get()
    xlsx = officer_client.get(f"/exchanges/versions/{version.pk}/export.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(
        io.BytesIO(b"".join(xlsx.streaming_content if xlsx.streaming else [xlsx.content]))
    ).active
    assert sheet is not None
    rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:5] == [
        "Row",
        "Name as written",
        "Date of birth as written",
        "Service number as written",
        "Verdict",
    ]
    assert rows[1][1] == "ШЕВЧЕНКО Александр Николаевич" and rows[1][4] == "Confirmed"
    assert rows[1][5] == shevchenko.case_number and "Surname" in rows[1][9]
    assert rows[2][4] == "Unknown to us" and rows[2][5] == ""
    assert AuditEntry.objects.filter(action="list.export", object_id=str(version.pk)).exists()
    assert 'id="register-unknown"' in html
    registered = officer_client.post(f"/exchanges/versions/{version.pk}/register/")
    follow = officer_client.get(registered["Location"]).content.decode()
    assert "1 person registered as ours, confirmed in captivity by this list." in follow
    assert Person.objects.filter(surname="Петренко", current_status="confirmed_captive").exists()
    assert 'id="register-unknown"' not in follow


def test_a_bad_file_is_named_row_by_row_and_nothing_is_kept(
    officer_client: Client, agreement: Agreement
) -> None:
    page = _page(agreement, "their_request")
    bad = (HEADER + "1;;01.01.1990;;;\n").encode("cp1251")
    upload = SimpleUploadedFile("request-3.csv", bad)
    response = officer_client.post(page + "load/", {"file": upload, "default_category": "military"})
    html = officer_client.get(response["Location"]).content.decode()
    assert "request-3.csv, row 2, column" in html and "Nothing was loaded" in html
    assert not ListVersion.objects.exists()


def test_other_roles_see_that_lists_are_secret_and_cannot_change_them(
    client_for: Callable[[str], Client], officer: User, agreement: Agreement, ours: list[Person]
) -> None:
    version = lists.start_version(actor=officer, agreement=agreement, kind="our_request")
    for role in ("registrar", "communications", "medical_officer", "payments_officer"):
        client = client_for(role)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        detail = client.get(f"/exchanges/{agreement.pk}/").content.decode()
        assert "known only to exchange officers" in detail and "list-table" not in detail
        assert client.get(_page(agreement, "our_request")).status_code == 403
        assert client.get(f"/exchanges/versions/{version.pk}/export.xlsx").status_code == 403
        add = client.post(
            f"/exchanges/versions/{version.pk}/add/", {"case_numbers": ours[0].case_number}
        )
        assert add.status_code == 403
    assert not version.entries.exists()
    assert client_for("exchange_officer").get(_page(agreement, "nonsense")).status_code == 404


def test_a_completed_exchange_shows_its_lists_to_those_who_see_persons_only(
    client_for: Callable[[str], Client], officer: User, agreement: Agreement, ours: list[Person]
) -> None:
    version = lists.start_version(actor=officer, agreement=agreement, kind="our_request")
    lists.add_persons(actor=officer, version_id=version.pk, persons=ours[:1])
    Agreement.objects.filter(pk=agreement.pk).update(status="completed")
    registrar = client_for("registrar")
    registrar.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "list-table" in registrar.get(f"/exchanges/{agreement.pk}/").content.decode()
    page = registrar.get(_page(agreement, "our_request")).content.decode()
    assert f'data-case="{ours[0].case_number}"' in page
    # communications see the exchange's counts, never the persons on its lists
    communications = client_for("communications")
    communications.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    detail = communications.get(f"/exchanges/{agreement.pk}/").content.decode()
    assert "list-table" not in detail and _page(agreement, "our_request") not in detail
    assert "they are shown only to the roles that see persons" in detail
    assert communications.get(_page(agreement, "our_request")).status_code == 403
    export = communications.get(f"/exchanges/versions/{version.pk}/export.xlsx")
    assert export.status_code == 403


def test_only_the_entries_to_check_can_be_shown(
    officer_client: Client, officer: User, agreement: Agreement, background: list[Person],
    make_person: Callable[..., Person],
) -> None:  # fmt: skip
    shevchenko = make_person()
    lists.load_their_list(actor=officer, agreement=agreement, kind="their_offer",
                          file_name="offer.csv", content=_file(
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456;",
        "2;ПЕТРЕНКО Василий Сергеевич;11.11.1979;;;",
    ))  # fmt: skip
    page = _page(agreement, "their_offer")
    everything = officer_client.get(f"{page}?v=1").content.decode()
    assert shevchenko.case_number in everything and "Show only the 1 entry to check" in everything
    to_check = officer_client.get(f"{page}?v=1&check=1").content.decode()
    assert f'data-case="{shevchenko.case_number}"' not in to_check
    assert "ПЕТРЕНКО Василий Сергеевич" in to_check and "Show every entry" in to_check
    assert '<dd class="col-sm-9" id="entry-count">2</dd>' in to_check
