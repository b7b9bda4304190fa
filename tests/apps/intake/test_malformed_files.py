"""Malformed lists, through the upload page and through `stage_import`: each is either read
correctly or refused with a message that names the file and says what to do, and nothing
of it reaches the registry. (Empty, binary and header-only files through the service
alone, and the size limit with a lowered limit, are in test_services.py.)"""

from __future__ import annotations

import html
import io
import os
import zipfile
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from homeward.apps.audit.models import AuditEntry
from homeward.apps.common.request_size import upload_limit
from homeward.apps.intake import services
from homeward.apps.intake.models import ImportBatch, ImportedRecord, ImportStatus, ReviewTask
from homeward.apps.registry.models import Person, Source, SourceRecord
from tests.apps.intake.conftest import in_english

pytestmark = pytest.mark.django_db

LIST = "№;ФИО;Дата рождения\n1;Шевченко Александр Николаевич;21.03.1990\n2;Бойко Иван;1990\n"
MB = 1024 * 1024


def _zip_of_garbage() -> bytes:
    """A zip, as an XLSX is, whose parts are random bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", os.urandom(2000))
        archive.writestr("xl/workbook.xml", os.urandom(2000))
    return buffer.getvalue()


def _counts() -> dict[str, int]:
    """Everything a list could leave behind."""
    return {
        "batches": ImportBatch.objects.count(),
        "sources": Source.objects.count(),
        "records": SourceRecord.objects.count(),
        "imported": ImportedRecord.objects.count(),
        "review": ReviewTask.objects.count(),
        "persons": Person.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def _stage(registrar: User, name: str, content: bytes) -> ImportBatch:
    return services.stage_import(actor=registrar, file_name=name, content=content,
                                 source_kind="counterpart", source_name="Список 12")  # fmt: skip


def _upload(client: Client, name: str, content: bytes) -> Any:
    return client.post("/imports/new/", {
        "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        "source_kind": "counterpart", "source_name": "Список 12",
        "side": "own", "category": "military",
    })  # fmt: skip


@pytest.fixture
def registrar_client(registrar: User) -> Client:
    client = in_english(Client())
    client.force_login(registrar)
    return client


# (file name, content, what the message says: the problem, then what to do)
REFUSED: dict[str, tuple[str, Any, tuple[str, str]]] = {
    "no-encoding-fits": (
        "список.csv",
        b"id;name\n1;\x98\xff\xfe\x81\n",  # neither UTF-8 nor cp1251 (0x98 is unassigned)
        ("the encoding could not be recognised", "Save the list as UTF-8"),
    ),
    "empty": ("список.csv", b"", ("the file is empty", "Export the list again with its rows")),
    "only-headers": ("список.csv", "№;ФИО;Дата рождения\n".encode("cp1251"),
                     ("column names but no rows", "Export the list again with its rows")),
    "garbage-within-the-limit": (
        "список.csv",
        lambda: os.urandom(upload_limit()),
        ("not a text (CSV) file", "Save the list as CSV or XLSX and try again"),
    ),
    "text-noise": (
        "список.csv",
        # Printable bytes only: no NUL gives it away, and every byte is a letter in KOI8.
        bytes(0x20 + b % 0xE0 for b in os.urandom(MB)).replace(b"\x98", b""),
        ("neither Ukrainian nor Russian", "Save the list as UTF-8"),
    ),
    "garbage-named-xlsx": (
        "список.xlsx",
        lambda: os.urandom(upload_limit()),
        ("not a readable XLSX workbook", "save it again as XLSX, or save the list as CSV"),
    ),
    "xlsx-a-zip-of-garbage": (
        "список.xlsx",
        _zip_of_garbage,
        ("not a readable XLSX workbook", "save it again as XLSX, or save the list as CSV"),
    ),
    "csv-named-xlsx": (
        "список.xlsx",
        LIST.encode("cp1251"),
        ("named .xlsx but holds text (CSV)", "Rename it to .csv"),
    ),
    "over-the-limit": (
        "список.csv",
        lambda: os.urandom(upload_limit() + 1),
        ("larger than 50 MB", "Split the list and import the parts"),
    ),
}  # fmt: skip


def _content(case: str) -> tuple[str, bytes, tuple[str, str]]:
    name, content, says = REFUSED[case]
    return name, content() if callable(content) else content, says


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_malformed_file_is_refused_by_the_import_and_nothing_is_kept(
    case: str, registrar: User
) -> None:
    name, content, (problem, what_to_do) = _content(case)
    before = _counts()
    with pytest.raises(services.ImportError_) as refused:
        _stage(registrar, name, content)
    message = " ".join(refused.value.messages)
    assert message.startswith(f"{name}: ") and problem in message and what_to_do in message
    # Not even the source named with the list, nor an audit entry of it.
    assert _counts() == before


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_malformed_file_is_refused_on_the_upload_page_and_nothing_is_kept(
    case: str, registrar_client: Client
) -> None:
    name, content, (problem, what_to_do) = _content(case)
    before = _counts()
    response = _upload(registrar_client, name, content)
    assert response.status_code == 200  # the form again, not a batch's page
    errors = [str(e) for e in response.context["form"].errors.values() for e in e]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{name}: ") and problem in errors[0] and what_to_do in errors[0]
    assert errors[0] in html.unescape(response.content.decode())  # shown on the page
    assert _counts() == before


@pytest.mark.parametrize(
    ("encoding", "read_as"),
    [
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("cp1251", "cp1251"),
    ],
)
def test_a_list_in_another_encoding_is_read_correctly(
    encoding: str, read_as: str, registrar_client: Client
) -> None:
    # UTF-16 without a byte-order mark; Windows-1251 with all of its Ukrainian letters.
    text = "id;Прізвище;Ім'я;По батькові\n1;Ґонта;Євгеній;Її’нович\n2;Бойко;Іван;Іванович\n"
    before = _counts()
    response = _upload(registrar_client, "список.csv", text.encode(encoding))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/"
    assert batch.status == ImportStatus.READY and not batch.problems
    assert (batch.encoding, batch.rows, batch.headers[1]) == (read_as, 2, "Прізвище")
    assert batch.preview[0]["cells"] == {
        "id": "1", "Прізвище": "Ґонта", "Ім'я": "Євгеній", "По батькові": "Її’нович"
    }  # fmt: skip
    assert batch.preview[0]["fields"]["surname"] == "Ґонта"
    # Staged only: the batch and its audit entries, nothing in the registry yet.
    after = _counts()
    assert after["batches"] == before["batches"] + 1
    assert {k: after[k] for k in ("records", "imported", "review", "persons")} == {
        k: before[k] for k in ("records", "imported", "review", "persons")
    }


RAGGED = (
    "№;ФИО;Дата рождения\n"
    "1;Шевченко Александр Николаевич;21.03.1990\n"
    "2;Бойко Иван Иванович;1990;лишнее\n"  # one cell more than the header
    "3;Мельник Петр Петрович\n"  # one cell less: the date is missing, which is allowed
    "4;Ткачук;Андрей;01.01.1992;93 ОМБр\n"  # a separator inside the name
)


def test_ragged_rows_are_named_by_number_and_block_the_import(
    registrar: User, registrar_client: Client
) -> None:
    before = _counts()
    response = _upload(registrar_client, "список.csv", RAGGED.encode("cp1251"))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert batch.status == ImportStatus.READY and batch.rows == 4
    problems = {p["row"]: p["message"] for p in batch.problems}
    assert set(problems) == {3, 5}  # rows of the file, counting the header
    assert problems[3].startswith("more cells (4) than columns (3)") and "separator" in problems[3]
    assert problems[5].startswith("more cells (5) than columns (3)")
    # The short row is read, its missing cell empty.
    assert [r["id"] for r in batch.preview] == ["1", "3"]
    assert batch.preview[1]["cells"]["Дата рождения"] == ""
    page = html.unescape(registrar_client.get(response["Location"]).content.decode())
    assert "2 rows have problems" in page and "more cells (5) than columns (3)" in page
    assert 'id="confirm-button" disabled' in page
    # Confirming anyway is refused, and nothing reaches the registry.
    registrar_client.post(f"/imports/{batch.pk}/confirm/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.READY
    with pytest.raises(services.ImportError_, match="Some rows have problems"):
        services.queue_import(actor=registrar, batch_id=batch.pk)
    after = _counts()
    assert {k: after[k] for k in ("records", "imported", "review", "persons")} == {
        k: before[k] for k in ("records", "imported", "review", "persons")
    }


def test_problems_are_told_in_the_users_language(registrar: User) -> None:
    """The library words its problems in English; the page shows each in the language
    the registrar reads, the file-level refusal as well as the rows'."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    client.force_login(registrar)
    response = _upload(client, "список.csv", b"")
    [error] = [str(e) for e in response.context["form"].errors.values() for e in e]
    assert error == "список.csv: файл порожній. Експортуйте список ще раз разом із рядками."

    text = RAGGED.replace("21.03.1990", "31.02.1990")
    response = _upload(client, "список.csv", text.encode("cp1251"))
    batch = ImportBatch.objects.get()
    # Kept in English as well, for the command line and anything read without a language.
    assert {p["message"] for p in batch.problems} >= {
        "“31.02.1990” is not a real date: check the day and the month"
    }
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "«31.02.1990» — такої дати не існує: перевірте день і місяць" in page
    assert "клітинок більше (5), ніж стовпців (3)" in page
    assert "not a real date" not in page and "more cells" not in page

    in_english(client)
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "“31.02.1990” is not a real date" in page and "more cells (5) than columns (3)" in page


def test_problems_stored_before_they_had_templates_are_shown_as_they_were(
    registrar: User, registrar_client: Client
) -> None:
    batch = _stage(registrar, "список.csv", RAGGED.encode("cp1251"))
    batch.problems = [{"row": 3, "column": "", "message": "4 cells for 3 columns"}]
    batch.save(update_fields=["problems"])
    page = html.unescape(registrar_client.get(f"/imports/{batch.pk}/").content.decode())
    assert "4 cells for 3 columns" in page
