"""The imports API: upload a list (checked, nothing imported), read it again, confirm, let
the real worker run it, read the summary; who may; what a bad file gets."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
import yaml
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from homeward.apps.audit.models import AuditEntry
from homeward.apps.intake import services
from homeward.apps.intake.models import ImportBatch, ImportedRecord, ImportStatus, ReviewTask
from homeward.apps.registry.models import Person, Source, SourceRecord
from tests.apps.intake import conftest as intake
from tests.apps.intake.conftest import counterpart_csv
from tests.conftest import ROLE_CODES

pytestmark = pytest.mark.django_db

# The intake tests' fixtures: messages in English, and a registry the lists speak of.
english = intake.english
registry = intake.registry

IMPORTERS = {"registrar", "exchange_officer", "family_liaison", "administrator"}
# The list's full-name column has a name no synonym knows: every row lacks a name until
# the column is mapped. Row 6 has a date that does not exist.
UNNAMED_HEADER = "№;Пленный;Дата рождения;Звание;Личный номер\n"
ROWS = (
    "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456",
    "2;ГНАТЮК Иван Петрович;;;",  # the father or the son: a reviewer decides
    "3;КОВАЛЕНКО Петр Иванович;01.01.1980;сержант;",
    "4;Коваленко Петр Иванович;01.01.1980;;",  # the same new man twice in the list
    "5;ИВАНОВ Иван Иванович;31.02.1990;;",
)


@pytest.fixture
def api(api_for: Callable[[str], APIClient]) -> Callable[[str], APIClient]:
    """An API client of the role whose messages come in English."""

    def make(role: str) -> APIClient:
        client = api_for(role)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def upload(client: APIClient, content: bytes | None, name: str = "list.csv", **data: Any) -> Any:
    form: dict[str, Any] = {"source_kind": "counterpart", "source_name": "Список 12", **data}
    if content is not None:
        form["file"] = SimpleUploadedFile(name, content)
    return client.post("/api/imports/", form, format="multipart")


def work() -> None:
    """The real worker, once through the queue, in this process (it sees the test database)."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def written() -> tuple[int, ...]:
    return (
        ImportBatch.objects.count(),
        Source.objects.count(),
        Person.objects.count(),
        SourceRecord.objects.count(),
        # The token's first use of the day is on the record however the request ends.
        AuditEntry.objects.exclude(action="token.use").count(),
    )


# serialized_rollback: a flush would drop the roles that migrations create.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_map_confirm_run_and_the_summary_adds_up(
    api: Callable[[str], APIClient], registry: dict[str, Person]
) -> None:
    client = api("registrar")
    persons = Person.objects.count()
    content = counterpart_csv(*ROWS, header=UNNAMED_HEADER)
    response = upload(client, content, encoding="windows-1251")
    assert response.status_code == 201, response.json()
    batch = response.json()
    url = f"/api/imports/{batch['id']}/"
    assert response["Location"].endswith(url) and batch["urls"]["self"].endswith(url)
    assert (batch["status"], batch["file_name"], batch["encoding"]) == (
        "ready",
        "list.csv",
        "cp1251",
    )
    assert {"header": "Пленный", "field": ""} in batch["headers"]
    assert {"header": "Дата рождения", "field": "date_of_birth"} in batch["headers"]
    # Every row lacks a name; none is shown as read, nothing is written.
    assert {p["row"] for p in batch["problems"]} == {2, 3, 4, 5, 6}
    assert all(p["reason"] for p in batch["problems"])
    assert batch["blocked"] and batch["preview"] == [] and batch["summary"] is None
    assert (Person.objects.count(), SourceRecord.objects.count()) == (persons, 0)
    assert AuditEntry.objects.filter(action="import.stage", origin="api").count() == 1

    refused = client.post(f"{url}confirm/")
    assert refused.status_code == 400
    assert "Some rows have problems" in refused.json()["detail"]

    mapped = client.patch(f"{url}reading/", {"mapping": {"Пленный": "full_name"}}, format="json")
    assert mapped.status_code == 200, mapped.json()
    batch = mapped.json()
    assert {"header": "Пленный", "field": "full_name"} in batch["headers"]
    assert [(p["row"], p["column"]) for p in batch["problems"]] == [(6, "Дата рождения")]
    assert batch["problems"][0]["reason"] == (
        "“31.02.1990” is not a real date: check the day and the month"
    )
    ukrainian = client.get(url, HTTP_ACCEPT_LANGUAGE="uk").json()["problems"][0]["reason"]
    assert ukrainian == "«31.02.1990» — такої дати не існує: перевірте день і місяць"
    first = batch["preview"][0]
    assert first["cells"]["Пленный"] == "ШЕВЧЕНКО Александр Николаевич"  # verbatim
    assert (first["fields"]["surname"], first["fields"]["given_name"]) == ("Шевченко", "Александр")
    assert len(batch["preview"]) == 4 and batch["blocked"]

    # Only what is given changes: the mapping stays as it was.
    skipping = client.post(f"{url}reading/", {"skip_bad_rows": True}, format="json").json()
    assert not skipping["blocked"] and skipping["mapping"]["Пленный"] == "full_name"

    queued = client.post(f"{url}confirm/")
    assert queued.status_code == 202, queued.json()
    assert queued.json()["status"] == "queued" and queued["Location"].endswith(url)
    again = client.post(f"{url}confirm/")
    assert again.status_code == 409 and "already queued" in again.json()["detail"]
    assert SourceRecord.objects.count() == 0  # nothing until the worker runs it

    work()
    done = client.get(url).json()
    assert (done["status"], done["stage"], done["progress"], done["error"]) == (
        "done",
        "done",
        1.0,
        "",
    )
    # As `homeward import-list` prints it; two rows of one new man make one new person.
    assert done["summary"] == {
        "rows": 5,
        "linked": 1,
        "review": 1,
        "new_rows": 2,
        "errors": 1,
        "new_persons": 1,
    }
    assert done["outcome"] == {"linked": 1, "review": 1, "new": 2, "skipped": 1}
    assert sum(done["outcome"].values()) == done["summary"]["rows"]
    # The numbers are the database's.
    db = ImportBatch.objects.get(pk=done["id"])
    records = ImportedRecord.objects.filter(batch=db)
    assert records.count() == SourceRecord.objects.count() == 4
    for decision, count in (("match", 1), ("review", 1), ("new", 2)):
        assert records.filter(decision=decision).count() == count
    assert ReviewTask.objects.filter(batch=db).count() == 1
    assert Person.objects.count() == persons + done["summary"]["new_persons"]
    assert SourceRecord.objects.get(external_id="1").person == registry["shevchenko"]
    assert not SourceRecord.objects.filter(external_id="5").exists()

    listed = client.get("/api/imports/").json()
    assert listed["count"] == 1 and listed["results"][0]["summary"] == done["summary"]
    assert "preview" not in listed["results"][0]
    assert client.post(f"{url}retry/").status_code == 409
    late = client.patch(f"{url}reading/", {"skip_bad_rows": False}, format="json")
    assert late.status_code == 409 and "already queued or imported" in late.json()["detail"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_import_is_retried(
    api: Callable[[str], APIClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = api("family_liaison")
    batch = upload(client, "id;ПІБ\n7;Бойко Іван Іванович\n".encode(), source_kind="family")
    url = batch.json()["urls"]["self"]
    not_yet = client.post(f"{url}retry/")
    assert not_yet.status_code == 409 and "confirm it" in not_yet.json()["detail"]

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("worker lost its database")

    monkeypatch.setattr(services, "_write", crash)
    assert client.post(f"{url}confirm/").status_code == 202
    work()
    failed = client.get(url).json()
    assert failed["status"] == "failed" and "lost its database" in failed["error"]
    assert failed["summary"] is None and not SourceRecord.objects.exists()
    monkeypatch.undo()
    assert client.post(f"{url}retry/").status_code == 202
    work()
    done = client.get(url).json()
    assert done["status"] == "done" and done["summary"]["new_persons"] == 1
    assert SourceRecord.objects.count() == 1


def test_xlsx_with_a_column_mapped_like_the_command_line(
    api: Callable[[str], APIClient],
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Особа", "Дата народження", "Примітка"])
    sheet.append(["Бондар Ігор Васильович", "12.05.1991", "з лікарні"])
    sheet.append(["Мельник Ольга Петрівна", "1988", ""])
    data = io.BytesIO()
    book.save(data)
    response = upload(
        api("exchange_officer"),
        data.getvalue(),
        name="list.xlsx",
        source_kind="unit",
        map=["Особа=full_name", "Примітка="],
        encoding="utf-8",  # means nothing for a spreadsheet
    )
    assert response.status_code == 201, response.json()
    batch = response.json()
    assert (batch["encoding"], batch["problems"], batch["blocked"]) == ("xlsx", [], False)
    assert batch["headers"] == [
        {"header": "Особа", "field": "full_name"},
        {"header": "Дата народження", "field": "date_of_birth"},
        {"header": "Примітка", "field": ""},
    ]
    assert [r["fields"]["surname"] for r in batch["preview"]] == ["Бондар", "Мельник"]
    assert batch["preview"][0]["fields"]["birth_date"] == "1991-05-12"
    assert batch["source"]["kind"] == "unit" and batch["rows"] == 2


@pytest.mark.parametrize(
    ("name", "content", "data", "field", "message"),
    [
        ("list.csv", None, {}, "file", "Attach the list as “file”"),
        ("list.csv", b"", {}, "file", "list.csv: the file is empty"),
        (
            "list.csv",
            counterpart_csv(),
            {},
            "file",
            "list.csv: the file has column names but no rows",
        ),
        ("list.xlsx", b"PK\x03\x04 not a workbook", {}, "file", "list.xlsx"),
        ("list.csv", counterpart_csv(*ROWS), {"source_kind": "martian"}, "source_kind", "martian"),
        ("list.csv", counterpart_csv(*ROWS), {"source_name": " "}, "source_name", ""),
        (
            "list.csv",
            counterpart_csv(*ROWS),
            {"mapping": '{"Пленный": "full_name"}'},
            "mapping",
            "list.csv has no column “Пленный”. Its columns: №, ФИО,",
        ),
        (
            "list.csv",
            counterpart_csv(*ROWS),
            {"map": ["ФИО=nickname"]},
            "map",
            "“nickname” is not a field",
        ),
        (
            "list.csv",
            counterpart_csv(*ROWS),
            {"map": ["ФИО=full_name", "Звание=full_name"]},
            "mapping",
            "“ФИО” and “Звание” are both read as full_name",
        ),
        ("list.csv", counterpart_csv(*ROWS), {"mapping": "[1, 2]"}, "mapping", "JSON object"),
        (
            "list.csv",
            counterpart_csv(*ROWS),
            {"encoding": "utf-8"},
            "encoding",
            "list.csv was read as cp1251, not utf-8",
        ),
        ("list.csv", counterpart_csv(*ROWS), {"encoding": "klingon"}, "encoding", "klingon"),
    ],
)
def test_bad_input_is_a_400_saying_what_to_do_and_nothing_is_kept(
    api: Callable[[str], APIClient],
    name: str,
    content: bytes | None,
    data: dict[str, Any],
    field: str,
    message: str,
) -> None:
    client = api("registrar")
    before = written()
    response = upload(client, content, name=name, **data)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert message in " ".join(errors[field]), errors
    assert written() == before


def test_a_file_too_big_is_refused_before_it_is_read(
    api: Callable[[str], APIClient], settings: Any
) -> None:
    settings.HOMEWARD_MAX_UPLOAD_MB = 1
    client = api("registrar")
    before = written()
    content = counterpart_csv(*ROWS) + b"\n" * (1024 * 1024)
    response = upload(client, content, name="big.csv")
    assert response.status_code == 400
    assert response.json()["file"] == [
        "big.csv: the file is larger than 1 MB. Split the list and import the parts."
    ]
    assert written() == before


def test_reading_refuses_a_column_the_file_does_not_have(
    api: Callable[[str], APIClient],
) -> None:
    client = api("registrar")
    url = upload(client, counterpart_csv(*ROWS[:2])).json()["urls"]["self"]
    stages = AuditEntry.objects.filter(action="import.stage").count()
    response = client.patch(f"{url}reading/", {"mapping": {"Имя": "given_name"}}, format="json")
    assert response.status_code == 400 and "no column “Имя”" in response.json()["mapping"][0]
    assert AuditEntry.objects.filter(action="import.stage").count() == stages
    # A column given a field another column had: that one is no longer read as it.
    moved = client.patch(f"{url}reading/", {"map": ["Звание=full_name"]}, format="json").json()
    assert moved["mapping"]["Звание"] == "full_name" and moved["mapping"]["ФИО"] == ""


@pytest.mark.parametrize("role", ROLE_CODES)
def test_only_importers_may_use_imports(
    api: Callable[[str], APIClient], registrar: User, role: str
) -> None:
    staged = services.stage_import(
        actor=registrar,
        file_name="list.csv",
        content=counterpart_csv(*ROWS),
        source_kind="counterpart",
        source_name="Список 12",
    )
    url = f"/api/imports/{staged.pk}/"
    client = api(role)
    before = written()
    calls = {
        "list": client.get("/api/imports/"),
        "detail": client.get(url),
        "reading": client.patch(f"{url}reading/", {"skip_bad_rows": True}, format="json"),
        "upload": upload(client, counterpart_csv(*ROWS[:1])),
    }
    if role in IMPORTERS:
        assert {k: r.status_code for k, r in calls.items()} == {
            "list": 200,
            "detail": 200,
            "reading": 200,
            "upload": 201,
        }
    else:
        assert {r.status_code for r in calls.values()} == {403}, role
        assert "Список" not in calls["list"].content.decode()
        assert client.post(f"{url}confirm/").status_code == 403
        assert written() == before
        staged.refresh_from_db()
        assert staged.status == ImportStatus.READY and not staged.skip_bad_rows


def test_anonymous_requests_get_401(registrar: User) -> None:
    client = APIClient()
    assert client.get("/api/imports/").status_code == 401
    assert upload(client, counterpart_csv(*ROWS)).status_code == 401
    assert not ImportBatch.objects.exists()


def test_a_missing_import_is_404(api: Callable[[str], APIClient]) -> None:
    client = api("registrar")
    assert client.get("/api/imports/999999/").status_code == 404
    assert client.post("/api/imports/999999/confirm/").status_code == 404
    assert client.get("/api/imports/abc/").status_code == 404


def test_the_schema_documents_the_imports(api: Callable[[str], APIClient]) -> None:
    schema = yaml.safe_load(api("registrar").get("/api/schema").content)
    paths = schema["paths"]
    assert {
        "/api/imports/",
        "/api/imports/{id}/",
        "/api/imports/{id}/reading/",
        "/api/imports/{id}/confirm/",
        "/api/imports/{id}/retry/",
    } <= set(paths)
    create = paths["/api/imports/"]["post"]
    assert set(create["requestBody"]["content"]) == {"multipart/form-data"}
    assert {"201", "400", "403"} <= set(create["responses"])
    assert {"202", "400", "409"} <= set(paths["/api/imports/{id}/confirm/"]["post"]["responses"])
    assert set(paths["/api/imports/{id}/reading/"]) >= {"patch", "post"}
