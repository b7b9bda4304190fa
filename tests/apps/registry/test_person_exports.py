"""Exports of persons as background jobs on the real queue: the database backend, run by
the real worker (`db_worker --batch`), in this process so that it sees the test database."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry import exports, person_exports
from homeward.apps.registry.choices import ExportStatus
from homeward.apps.registry.models import Person, PersonExport

# serialized_rollback: a flush would drop the roles that migrations create.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are read in English (the interface's default is Ukrainian)."""
    with translation.override("en"):
        yield


def _work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _rows(job: PersonExport) -> list[list[str]]:
    return list(csv.reader(io.StringIO(bytes(job.content).decode("utf-8-sig"))))


def test_the_worker_writes_the_file_in_the_language_it_was_asked_in(
    registrar: User, make_person: Callable[..., Person]
) -> None:
    make_person()
    make_person(surname="Бойко", side="held")
    with translation.override("uk"):
        job = person_exports.request_export(
            actor=registrar, file_format="csv", filters={"side": ["own"]}, purpose="test"
        )
    job.refresh_from_db()
    assert job.status == ExportStatus.QUEUED and job.task_id and job.language == "uk"
    _work()  # in English, as every test here
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.error
    rows = _rows(job)
    assert rows[0][:2] == ["Номер справи", "Прізвище"]
    assert [r[1] for r in rows[1:]] == ["Шевченко"]
    assert (job.rows, job.size, job.progress) == (1, len(bytes(job.content)), 1.0)
    assert job.expires_at == job.finished_at + dt.timedelta(hours=24)
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == "SUCCESSFUL" and task.return_value == {"rows": 1, "size": job.size}
    written = AuditEntry.objects.get(action="person.export_written")
    assert written.origin == "job" and written.after["rows"] == 1


def test_the_file_holds_whom_the_filters_find_when_it_is_written(
    registrar: User, make_person: Callable[..., Person]
) -> None:
    """The request's audit entry counts those found when asked; the file, and the audit
    entries of its writing and downloads, those found when written."""
    make_person()
    job = person_exports.request_export(
        actor=registrar, file_format="csv", filters={}, purpose="test"
    )
    make_person(surname="Бойко")
    _work()
    job.refresh_from_db()
    assert AuditEntry.objects.get(action="person.export").after["count"] == 1
    assert job.rows == 2 and len(_rows(job)) == 3
    downloaded = person_exports.download(actor=registrar, export_id=job.pk)
    assert AuditEntry.objects.get(action="person.export_download").after["rows"] == 2
    assert bytes(downloaded.content) == bytes(job.content)


def test_a_failed_job_says_why_and_keeps_no_file(
    registrar: User, person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = person_exports.request_export(
        actor=registrar, file_format="xlsx", filters={}, purpose="test"
    )

    def crash(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "to_xlsx", crash)
    _work()
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "disk full" in job.error
    assert bytes(job.content) == b"" and job.expires_at is None
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    with pytest.raises(ValidationError, match="not ready"):
        person_exports.download(actor=registrar, export_id=job.pk)


def test_only_those_who_may_export_ask_and_only_the_asker_downloads(
    registrar: User, person: Person, make_user: Callable[..., User]
) -> None:
    with pytest.raises(PermissionDenied):
        person_exports.request_export(
            actor=make_user("medical_officer"), file_format="csv", filters={}, purpose="test"
        )
    with pytest.raises(ValidationError, match="CSV or XLSX"):
        person_exports.request_export(
            actor=registrar, file_format="pdf", filters={}, purpose="test"
        )
    assert not PersonExport.objects.exists()
    job = person_exports.request_export(
        actor=registrar, file_format="csv", filters={}, purpose="test"
    )
    _work()
    with pytest.raises(PersonExport.DoesNotExist):
        person_exports.download(actor=make_user("administrator"), export_id=job.pk)
    assert person_exports.download(actor=registrar, export_id=job.pk).downloads == 1
    assert person_exports.download(actor=registrar, export_id=job.pk).downloads == 2
    assert AuditEntry.objects.filter(action="person.export_download").count() == 2


def test_files_past_their_time_are_erased_and_the_record_stays(
    registrar: User, person: Person
) -> None:
    old = person_exports.request_export(
        actor=registrar, file_format="csv", filters={}, purpose="test"
    )
    _work()
    PersonExport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    person_exports.request_export(
        actor=registrar, file_format="csv", filters={}, purpose="test"
    )  # purges
    old.refresh_from_db()
    assert bytes(old.content) == b"" and old.size == 0 and old.rows == 1
    with pytest.raises(ValidationError, match="erased"):
        person_exports.download(actor=registrar, export_id=old.pk)


def test_progress_is_reported_as_the_rows_are_written(
    registrar: User, make_person: Callable[..., Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    for surname in ("Бойко", "Ткачук", "Мельник"):
        make_person(surname=surname)
    job = person_exports.request_export(
        actor=registrar, file_format="csv", filters={}, purpose="test"
    )
    reported: list[float] = []
    report = PersonExport.report

    def spy(pk: int, **fields: object) -> None:
        reported.append(float(fields["progress"]))  # type: ignore[arg-type]
        report(pk, **fields)

    monkeypatch.setattr(person_exports, "REPORT_EVERY", 1)
    monkeypatch.setattr(PersonExport, "report", spy)
    person_exports.run_export(export_id=job.pk)
    job.refresh_from_db()
    assert reported == pytest.approx([1 / 3, 2 / 3, 0.99])  # capped until it is written
    assert (job.progress, job.rows) == (1.0, 3)
