"""The Art. 122 minimal set for the ICRC: exactly the convention's fields, on the persons
we hold, and each export a disclosure with its recipient and purpose."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry.models import Person
from homeward.apps.reports.partner_exports import FIELDS

pytestmark = pytest.mark.django_db

# Art. 122 with Art. 17 (DOMAIN.md): what the bureau forwards about each prisoner.
CONVENTION = {
    "Surname", "First names", "Rank", "Army, regimental, personal or serial number",
    "Date of birth", "Place of birth", "Power on which the prisoner depends",
    "Father's first name", "Mother's maiden name", "Person to be informed",
    "Address of the person to be informed", "Address for correspondence",
}  # fmt: skip


@pytest.fixture
def held(make_person: Callable[..., Person]) -> Person:
    make_person()  # one of ours: never in this list
    return make_person(
        side="held", surname="Иванов", given_name="Сергей", patronymic="Петрович",
        service_number="RU-1", birth_place="Курск", citizenship="Російська Федерація",
        father_name="Петр", mother_maiden_name="Смирнова", next_of_kin="Иванова Анна",
        next_of_kin_contacts="Курск, ул. Ленина 1", correspondence_address="Курск",
        capture_date=dt.date(2024, 8, 10), capture_date_precision="day",
        detention_place="Табір 1", health_state="slightly_wounded",
        medical_notes="Not for the ICRC list.",
    )  # fmt: skip


def test_the_export_has_the_conventions_fields_and_is_a_disclosure(
    held: Person, registrar: User
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(registrar)
    page = client.get("/exports/icrc/").content.decode()
    assert "on 1 person we hold" in page
    refused = client.post("/exports/icrc/", {"recipient": "ICRC", "purpose": " ",
                                             "file_format": "csv"})  # fmt: skip
    assert refused["Content-Type"].startswith("text/html")
    assert not AuditEntry.objects.filter(action="disclosure.export").exists()
    response = client.post("/exports/icrc/", {
        "recipient": "ICRC Central Tracing Agency", "purpose": "Art. 122 notification",
        "file_format": "csv"})  # fmt: skip
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert set(rows[0]) >= CONVENTION and tuple(rows[0]) == FIELDS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Surname"], row["First names"]) == ("Иванов", "Сергей Петрович")
    assert row["State of health"] == "Slightly wounded" and row["Date of capture"] == "2024-08-10"
    assert "Not for the ICRC list." not in response.content.decode("utf-8-sig")
    entry = AuditEntry.objects.get(action="disclosure.export")
    assert entry.after["persons"] == [held.case_number]
    assert (entry.after["recipient"], entry.after["purpose"]) == (
        "ICRC Central Tracing Agency", "Art. 122 notification")  # fmt: skip
    xlsx = client.post("/exports/icrc/", {"recipient": "ICRC", "purpose": "Notification",
                                          "file_format": "xlsx"})  # fmt: skip
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == 2


def test_roles_that_may_not_export_are_refused(
    held: Person, make_user: Callable[..., User]
) -> None:
    client = Client()
    client.force_login(make_user("family_liaison"))
    assert client.get("/exports/icrc/").status_code == 403
