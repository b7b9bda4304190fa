from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from homeward.apps.intake import services
from homeward.apps.intake.models import ImportBatch, ImportStatus, ReviewTask
from homeward.apps.intake.views import STAGE_LABELS
from homeward.apps.registry.models import Person
from tests.apps.intake.conftest import counterpart_csv, in_english

pytestmark = pytest.mark.django_db

LIST = counterpart_csv(
    "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456",
    "2;ГНАТЮК Иван Петрович;;;",
    "3;КОВАЛЕНКО Петр Иванович;01.01.1980;сержант;",
    "4;БОНДАРЕНКО Олег;31.02.1985;;",  # no such day
)


def _upload(client: Client, content: bytes = LIST, **extra: Any) -> Any:
    data = {
        "file": SimpleUploadedFile("список.csv", content, content_type="text/csv"),
        "source_kind": "counterpart",
        "source_name": "Список 12",
        "side": "own",
        "category": "military",
        **extra,
    }
    return client.post("/imports/new/", data)


@pytest.fixture
def registrar_client(registrar: User) -> Client:
    client = in_english(Client())
    client.force_login(registrar)
    return client


def test_upload_shows_the_reading_the_preview_and_the_problems(
    registrar_client: Client, registry: dict[str, Person]
) -> None:
    response = _upload(registrar_client)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/"
    page = registrar_client.get(response["Location"])
    html = page.content.decode()
    assert batch.status == ImportStatus.READY and batch.encoding == "cp1251"
    form = page.context["form"]
    assert [f.value() for f in form.column_fields()] == [
        "record_id", "full_name", "date_of_birth", "rank", "service_number"
    ]  # fmt: skip
    preview = page.context["preview"]
    assert preview["rows"][0]["cells"][1] == "ШЕВЧЕНКО Александр Николаевич"
    assert preview["rows"][0]["fields"][:3] == ["Шевченко", "Александр", "Николаевич"]
    assert "31.02.1985" in html and 'id="import-problems"' in html
    assert 'id="confirm-button" disabled' in html  # a problem blocks until rows are left out


def test_reading_again_with_a_column_left_unread_and_bad_rows_left_out(
    registrar_client: Client, registry: dict[str, Person], django_capture_on_commit_callbacks: Any
) -> None:
    _upload(registrar_client)
    batch = ImportBatch.objects.get()
    response = registrar_client.post(
        f"/imports/{batch.pk}/reading/",
        {"column_0": "record_id", "column_1": "full_name", "column_2": "date_of_birth",
         "column_3": "", "column_4": "service_number", "skip_bad_rows": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.mapping["Звание"] == "" and batch.skip_bad_rows
    assert batch.preview[2]["fields"]["rank"] == ""  # the rank column is no longer read
    with django_capture_on_commit_callbacks(execute=True):
        registrar_client.post(f"/imports/{batch.pk}/confirm/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED and batch.task_id
    progress = registrar_client.get(f"/imports/{batch.pk}/progress.json").json()
    assert progress["status"] == "queued" and progress["progress"] == 0.0


def test_two_columns_read_as_one_field_are_refused(
    registrar_client: Client, registry: dict[str, Person]
) -> None:
    _upload(registrar_client)
    batch = ImportBatch.objects.get()
    response = registrar_client.post(
        f"/imports/{batch.pk}/reading/",
        {"column_0": "record_id", "column_1": "full_name", "column_2": "full_name"},
    )
    assert response.status_code == 400
    assert "already read as this field" in response.content.decode()
    batch.refresh_from_db()
    assert batch.mapping["Дата рождения"] == "date_of_birth"


def test_a_finished_import_shows_figures_that_add_up_and_a_failed_one_can_be_retried(
    registrar: User, registrar_client: Client, registry: dict[str, Person]
) -> None:
    _upload(registrar_client, skip_bad_rows="on")
    batch = ImportBatch.objects.get()
    registrar_client.post(
        f"/imports/{batch.pk}/reading/",
        {"column_0": "record_id", "column_1": "full_name", "column_2": "date_of_birth",
         "column_3": "rank", "column_4": "service_number", "skip_bad_rows": "on"},
    )  # fmt: skip
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.FAILED, error="killed")
    failed = registrar_client.get(f"/imports/{batch.pk}/").content.decode()
    assert "killed" in failed and "Try the import again" in failed
    services.run_import(actor=registrar, batch_id=batch.pk)
    page = registrar_client.get(f"/imports/{batch.pk}/")
    batch.refresh_from_db()
    figures = {k: batch.summary()[k] for k in ("rows", "linked", "review")}
    assert figures == {"rows": 4, "linked": 1, "review": 1}
    new_rows = page.context["new_records"]
    assert batch.linked + batch.review + new_rows + batch.skipped == batch.rows
    assert page.context["reviewed"] == {"open": 1, "same": 0, "new": 0, "different": 0}


def test_the_review_pages_claim_decide_and_move_on(
    registrar: User,
    registrar_client: Client,
    registry: dict[str, Person],
    make_user: Callable[..., User],
) -> None:
    services.import_file(
        actor=registrar,
        file_name="l.csv",
        content=counterpart_csv("1;ГНАТЮК Иван Петрович;;;", "2;Гнатюк Иван Петрович;;;"),
        source_kind="counterpart",
        source_name="Список 12",
    )
    queue = registrar_client.get("/review/")
    assert queue.context["page"].paginator.count == 2
    first = registrar_client.post("/review/next/")
    task = ReviewTask.objects.get(claimed_by=registrar)
    assert first["Location"] == f"/review/{task.pk}/"
    page = registrar_client.get(first["Location"])
    html = page.content.decode()
    columns = page.context["comparison"]["columns"]
    assert {c.person_id for c in columns} >= {registry["father"].pk, registry["son"].pk}
    assert 'value="same:' in html and 'data-key="n"' in html
    surname_row = page.context["comparison"]["rows"][0]
    assert surname_row.incoming == "Гнатюк" and surname_row.cells[0].tone == "for"

    # Another registrar sees the task but cannot decide it.
    other = in_english(Client())
    other.force_login(make_user("registrar", username="registrar2"))
    held = other.get(f"/review/{task.pk}/").content.decode()
    assert "registrar is deciding this task" in held and 'value="new"' not in held

    after = registrar_client.post(
        f"/review/{task.pk}/decide/", {"decision": f"same:{registry['son'].pk}"}
    )
    task.refresh_from_db()
    assert task.decision == "same" and task.record.person == registry["son"]
    next_task = ReviewTask.objects.get(status="open")
    assert after["Location"] == f"/review/{next_task.pk}/"
    skipped = registrar_client.post(f"/review/{next_task.pk}/decide/", {"decision": "skip"})
    assert skipped["Location"] == "/review/"
    done = registrar_client.post(f"/review/{next_task.pk}/decide/", {"decision": "new"})
    assert done.status_code == 302
    assert ReviewTask.objects.filter(status="open").count() == 0


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("exchange_officer", "/imports/", 200),
        ("exchange_officer", "/review/", 403),
        ("communications", "/imports/new/", 403),
        ("family_liaison", "/review/", 403),
    ],
)
def test_who_may_open_intake_pages(
    client_for: Callable[[str], Client], role: str, url: str, status: int
) -> None:
    assert client_for(role).get(url).status_code == status


def test_every_stage_of_the_progress_bar_speaks_ukrainian() -> None:
    """The labels were once under an alias makemessages does not know, and stayed English."""
    with translation.override("uk"):
        ukrainian = {stage: str(label) for stage, label in STAGE_LABELS.items()}
    with translation.override("en"):
        english = {stage: str(label) for stage, label in STAGE_LABELS.items()}
    assert [s for s in STAGE_LABELS if ukrainian[s] == english[s]] == []
