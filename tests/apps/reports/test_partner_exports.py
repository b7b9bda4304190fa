"""The Art. 122 minimal set for the ICRC: exactly the convention's fields, on the persons
we hold, and each export a disclosure with its recipient and purpose."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry.models import Person
from homeward.apps.registry.services import add_status_event, confirm_status_event
from homeward.apps.reports.checks import check_settings
from homeward.apps.reports.partner_exports import art122_fields
from homeward.core.dates import PartialDate, Precision
from homeward.core.pfif import NAMESPACE

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
    in_ukrainian = Client(HTTP_ACCEPT_LANGUAGE="uk")  # the partner's format is in English
    in_ukrainian.force_login(registrar)
    response = in_ukrainian.post("/exports/icrc/", {
        "recipient": "ICRC Central Tracing Agency", "purpose": "Art. 122 notification",
        "file_format": "csv"})  # fmt: skip
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # streamed
    rows = list(csv.reader(io.StringIO(text)))
    assert set(rows[0]) >= CONVENTION and tuple(rows[0]) == art122_fields()
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Surname"], row["First names"]) == ("Иванов", "Сергей Петрович")
    assert row["State of health"] == "Slightly wounded" and row["Date of capture"] == "2024-08-10"
    assert "Not for the ICRC list." not in text
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


def _status(person: Person, status: str, day: dt.date, registrar: User) -> None:
    add_status_event(actor=registrar, person=person, status=status, reliability="B",
                     effective=PartialDate(day, Precision.DAY), document="Лист")  # fmt: skip


@pytest.fixture
def ours(
    make_person: Callable[..., Person], registrar: User, administrator: User
) -> dict[str, Person]:
    """One of ours per status a board may or may not see, and one we hold."""
    persons = {
        "missing": make_person(surname="Коваленко", given_name="Оксана", patronymic="Іванівна",
                               sex="female",
                               birth_date=dt.date(1990, 3, 21), birth_date_precision="day",
                               other_spellings=["Коваленко Ксенія"], unit="Секретна частина"),
        "captive": make_person(surname="Бондар", given_name="Іван"),
        "listed": make_person(surname="Ткаченко", given_name="Петро"),
        "returned": make_person(surname="Мороз", given_name="Андрій"),
        "dead": make_person(surname="Лисенко", given_name="Павло"),
        "held": make_person(side="held", surname="Иванов", given_name="Сергей"),
        "unreported": make_person(surname="Кравець", given_name="Ігор"),
    }  # fmt: skip
    _status(persons["missing"], "missing", dt.date(2024, 5, 1), registrar)
    _status(persons["captive"], "confirmed_captive", dt.date(2024, 6, 1), registrar)
    _status(persons["listed"], "on_exchange_list", dt.date(2025, 5, 1), registrar)
    _status(persons["returned"], "returned", dt.date(2025, 5, 24), registrar)
    dead = add_status_event(actor=registrar, person=persons["dead"], status="deceased",
                            reliability="A", effective=PartialDate(dt.date(2024, 7, 1),
                            Precision.DAY), document="Акт")  # fmt: skip
    confirm_status_event(actor=administrator, event_id=dead.pk)
    return {k: Person.objects.get(pk=p.pk) for k, p in persons.items()}


NS = {"pfif": NAMESPACE}
PFIF_FORM = {"recipient": "Board", "purpose": "Families' search", "expires_in_days": "30",
             "include_home": "on"}  # fmt: skip


def _streamed(response: Any) -> bytes:
    """The PFIF export is streamed, a person at a time."""
    return b"".join(response.streaming_content)


def _records(content: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(content)  # noqa: S314 (our own output)
    return {str(p.findtext("pfif:family_name", namespaces=NS)): p
            for p in root.findall("pfif:person", NS)}  # fmt: skip


def test_pfif_gives_boards_our_people_and_only_what_they_need(
    ours: dict[str, Person], registrar: User
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(registrar)
    page = client.get("/exports/pfif/").content.decode()
    assert "PFIF 1.4 records of 5 of our people" in page
    refused = client.post("/exports/pfif/", {**PFIF_FORM, "recipient": ""})
    assert refused["Content-Type"].startswith("text/html")
    assert not AuditEntry.objects.filter(action="disclosure.export").exists()

    response = client.post("/exports/pfif/", PFIF_FORM)
    assert response["Content-Type"] == "application/pfif+xml; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="pfif-')
    content = _streamed(response)
    records = _records(content)
    # the held, and the dead, are never sent
    assert set(records) == {"Коваленко", "Бондар", "Ткаченко", "Мороз", "Кравець"}
    missing = records["Коваленко"]
    assert missing.findtext("pfif:person_record_id", namespaces=NS) == (
        f"homeward.local/person.{ours['missing'].case_number}")  # fmt: skip
    assert missing.findtext("pfif:full_name", namespaces=NS) == (
        "Коваленко Оксана Іванівна\nKovalenko Oksana Ivanivna")  # fmt: skip
    assert missing.findtext("pfif:alternate_names", namespaces=NS) == "Коваленко Ксенія"
    assert missing.findtext("pfif:sex", namespaces=NS) == "female"
    assert missing.findtext("pfif:date_of_birth", namespaces=NS) == "1990"  # the year only
    entry = dt.datetime.fromisoformat(str(missing.findtext("pfif:entry_date", namespaces=NS)))
    expiry = dt.datetime.fromisoformat(str(missing.findtext("pfif:expiry_date", namespaces=NS)))
    assert expiry - entry == dt.timedelta(days=30)
    assert missing.findtext("pfif:note/pfif:status", namespaces=NS) == "believed_missing"
    assert missing.findtext("pfif:note/pfif:text", namespaces=NS) == (
        "Зникла безвісти (2024-05-01). / Missing (2024-05-01).")  # fmt: skip
    assert "Секретна" not in content.decode()  # no unit, nothing beyond the set
    unreported = records["Кравець"]
    assert unreported.findtext("pfif:note/pfif:status", namespaces=NS) == "information_sought"
    assert unreported.findtext("pfif:note/pfif:text", namespaces=NS) == (
        "Розшукується. / Being sought.")  # fmt: skip
    unreported = records["Кравець"]
    assert unreported.findtext("pfif:note/pfif:status", namespaces=NS) == "information_sought"
    assert unreported.findtext("pfif:note/pfif:text", namespaces=NS) == (
        "Розшукується. / Being sought.")  # fmt: skip
    listed = records["Ткаченко"].findtext("pfif:note/pfif:text", namespaces=NS)
    assert listed == "Перебування в полоні підтверджено. / Confirmed in captivity."
    returned = records["Мороз"]
    assert returned.findtext("pfif:note/pfif:author_made_contact", namespaces=NS) == "true"
    assert returned.findtext("pfif:note/pfif:text", namespaces=NS) == (
        "Повернувся з полону (2025-05-24). / Returned from captivity (2025-05-24).")  # fmt: skip

    entry_row = AuditEntry.objects.get(action="disclosure.export")
    assert entry_row.after["kind"] == "pfif" and entry_row.after["recipient"] == "Board"
    sent = ("missing", "captive", "listed", "returned", "unreported")
    assert sorted(entry_row.after["persons"]) == sorted(ours[k].case_number for k in sent)

    sought = client.post("/exports/pfif/", {**PFIF_FORM, "include_home": ""})
    assert set(_records(_streamed(sought))) == {"Коваленко", "Бондар", "Ткаченко", "Кравець"}


def test_a_domain_pfif_cannot_use_stops_homeward_at_start(settings: Any) -> None:
    settings.HOMEWARD_PFIF_DOMAIN = "Homeward HQ"
    errors = check_settings()
    assert [e.id for e in errors] == ["homeward.E001"]
    assert "lower-case domain name" in errors[0].msg


def test_the_exports_page_lists_both_exports(ours: dict[str, Person], registrar: User) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(registrar)
    page = client.get("/exports/").content.decode()
    assert "on 1 person we hold" in page and "on 4 of our people still sought" in page
    assert 'href="/exports/pfif/"' in page and 'href="/exports/icrc/"' in page
