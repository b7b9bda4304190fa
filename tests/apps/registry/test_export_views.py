"""Exports of the person list on the pages: asked for from the list, written by the
worker's part (called here; the real worker runs in test_person_exports), downloaded by
the user who asked and nobody else."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry import person_exports
from homeward.apps.registry.models import Person, PersonExport

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


def _ask(client: Client, fmt: str, **params: str | list[str]) -> PersonExport:
    query = "&".join(
        f"{key}={value}"
        for key, values in params.items()
        for value in ([values] if isinstance(values, str) else values)
    )
    response = client.post(f"/persons/export.{fmt}?{query}", {"purpose": "ICRC visit"}, headers=EN)
    assert response.status_code == 302 and response["Location"] == "/persons/exports/"
    return PersonExport.objects.latest("id")


def _export(client: Client, fmt: str, **params: str | list[str]) -> bytes:
    job = _ask(client, fmt, **params)
    person_exports.run_export(export_id=job.pk)
    response = client.get(f"/persons/exports/{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{job.file_name}"'
    return response.content


def test_csv_export_follows_filters_neutralises_formulas_and_is_audited(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    make_person(unit='=HYPERLINK("http://x")')
    make_person(surname="Бойко", unit="+380", side="held")
    body = _export(client_for("registrar"), "csv", side="own").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Case number"  # in the language of the request
    assert len(rows) == 2 and rows[1][1] == "Шевченко"
    assert rows[1][rows[0].index("Unit")] == '\'=HYPERLINK("http://x")'
    entry = AuditEntry.objects.get(action="person.export")
    assert entry.after["count"] == 1 and entry.after["filters"] == {"side": ["own"]}
    download = AuditEntry.objects.get(action="person.export_download")
    assert download.after == {"format": "csv", "rows": 1, "download": 1}


def test_xlsx_export_is_a_real_workbook(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    make_person(unit="@SUM(A1)")
    workbook = load_workbook(io.BytesIO(_export(client_for("registrar"), "xlsx")))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[1][1] == "Шевченко"
    assert rows[1][rows[0].index("Unit")] == "'@SUM(A1)"


def test_export_needs_the_export_permission_and_a_post(
    client_for: Callable[[str], Client], person: Person
) -> None:
    job = _ask(client_for("registrar"), "csv")
    person_exports.run_export(export_id=job.pk)
    medic = client_for("medical_officer")
    assert medic.post("/persons/export.csv").status_code == 403
    assert medic.get("/persons/exports/").status_code == 403
    assert medic.get(f"/persons/exports/{job.pk}/progress/").status_code == 403
    assert medic.get(f"/persons/exports/{job.pk}/download/").status_code == 403
    assert Client().get(f"/persons/exports/{job.pk}/download/").status_code == 302
    assert client_for("registrar").get("/persons/export.csv").status_code == 405
    assert AuditEntry.objects.filter(action="person.export").count() == 1  # the registrar's
    assert PersonExport.objects.count() == 1
    assert not AuditEntry.objects.filter(action="person.export_download").exists()


def test_export_records_every_value_of_a_repeated_filter_and_unknown_formats_write_nothing(
    client_for: Callable[[str], Client], person: Person
) -> None:
    client = client_for("registrar")
    assert client.post("/persons/export.pdf").status_code == 404
    assert not AuditEntry.objects.filter(action="person.export").exists()
    _export(client, "csv", status=["missing", "none"])
    entry = AuditEntry.objects.get(action="person.export")
    assert entry.after["filters"] == {"status": ["missing", "none"]}


def test_bad_filters_are_refused_and_nothing_is_queued(
    client_for: Callable[[str], Client], person: Person
) -> None:
    client = client_for("registrar")
    response = client.post(
        "/persons/export.csv?side=nowhere", {"purpose": "ICRC visit"}, headers=EN, follow=True
    )
    assert "Fix the filters before exporting." in response.content.decode()
    assert not PersonExport.objects.exists()
    assert not AuditEntry.objects.filter(action="person.export").exists()


def test_the_page_lists_only_ones_own_exports_and_others_cannot_download_them(
    client_for: Callable[[str], Client], person: Person
) -> None:
    registrar, officer = client_for("registrar"), client_for("exchange_officer")
    job = _ask(registrar, "csv")
    page = registrar.get("/persons/exports/", headers=EN).content.decode()
    assert f'id="export-{job.pk}" data-state="queued"' in page and "data-progress-url" in page
    assert registrar.get(f"/persons/exports/{job.pk}/progress/").json()["status"] == "queued"
    person_exports.run_export(export_id=job.pk)
    page = registrar.get("/persons/exports/", headers=EN).content.decode()
    assert f'id="export-{job.pk}" data-state="done"' in page and "Download" in page
    assert f'id="export-{job.pk}"' not in officer.get("/persons/exports/").content.decode()
    assert officer.get(f"/persons/exports/{job.pk}/download/").status_code == 404
    assert officer.get(f"/persons/exports/{job.pk}/progress/").status_code == 404
    assert not AuditEntry.objects.filter(action="person.export_download").exists()


def test_a_file_not_ready_or_past_its_time_is_not_given(
    client_for: Callable[[str], Client], person: Person
) -> None:
    client = client_for("registrar")
    job = _ask(client, "csv")
    response = client.get(f"/persons/exports/{job.pk}/download/", headers=EN, follow=True)
    assert "The file is not ready" in response.content.decode()
    person_exports.run_export(export_id=job.pk)
    PersonExport.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert 'data-state="erased"' in client.get("/persons/exports/").content.decode()
    response = client.get(f"/persons/exports/{job.pk}/download/", headers=EN, follow=True)
    assert "The file has been erased: it is kept for 24 hours." in response.content.decode()
    assert not AuditEntry.objects.filter(action="person.export_download").exists()


def test_the_page_names_the_filters_as_the_list_does(
    client_for: Callable[[str], Client], person: Person
) -> None:
    client = client_for("registrar")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _ask(client, "csv", side="held", status=["missing", "none"], q="")
    _ask(client, "xlsx")
    page = client.get("/persons/exports/").content.decode()
    assert "Side: Held (the other side&#x27;s, in our custody)" in page
    assert "Status: Missing, No status reported" in page
    assert "everyone you may see" in page  # the export without filters


def test_an_export_without_its_purpose_is_refused_and_the_purpose_is_recorded(
    client_for: Callable[[str], Client], person: Person
) -> None:
    client = client_for("registrar")
    response = client.post("/persons/export.csv", {"purpose": "  "}, headers=EN, follow=True)
    assert "Say what the file is for" in response.content.decode()
    assert not PersonExport.objects.exists()
    job = _ask(client, "csv")
    assert job.purpose == "ICRC visit"
    entry = AuditEntry.objects.get(action="person.export")
    assert entry.after["purpose"] == "ICRC visit"
    page = client.get("/persons/exports/", headers=EN).content.decode()
    assert "ICRC visit" in page
