"""The import as a background job on the real queue: the database backend, run by the
real worker (`db_worker --batch`), in this process so that it sees the test database."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from homeward.apps.intake import duplicates, services
from homeward.apps.intake.models import ImportBatch, ImportStatus
from homeward.apps.registry.models import Person, SourceRecord

# serialized_rollback: a flush would drop the roles that migrations create.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _stage(registrar: User, content: bytes) -> ImportBatch:
    return services.stage_import(
        actor=registrar,
        file_name="list.csv",
        content=content,
        source_kind="family",
        source_name="Заяви",
    )


def _work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_a_queued_import_is_run_by_the_worker(registrar: User, background: list[Person]) -> None:
    batch = _stage(registrar, "id;ПІБ;Дата народження\n7;Бойко Іван Іванович;1990\n".encode())
    services.queue_import(actor=registrar, batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED and batch.task_id
    _work()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE, batch.error
    assert (batch.stage, batch.progress, batch.new) == ("done", 1.0, 1)
    assert SourceRecord.objects.get(external_id="7").person is not None
    task = DBTaskResult.objects.get(id=batch.task_id)
    assert task.status == "SUCCESSFUL" and task.return_value["new_persons"] == 1


def test_a_failed_job_says_why_and_can_be_retried(
    registrar: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _stage(registrar, "id;ПІБ\n7;Бойко Іван Іванович\n".encode())
    services.queue_import(actor=registrar, batch_id=batch.pk)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("worker lost its database")

    monkeypatch.setattr(services, "_write", crash)
    _work()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and "lost its database" in batch.error
    assert not SourceRecord.objects.exists()
    assert DBTaskResult.objects.get(id=batch.task_id).status == "FAILED"
    monkeypatch.undo()
    services.queue_import(actor=registrar, batch_id=batch.pk)  # retry
    _work()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE and SourceRecord.objects.count() == 1
    with pytest.raises(services.ImportError_, match="already"):
        services.queue_import(actor=registrar, batch_id=batch.pk)


def test_a_duplicate_search_is_run_by_the_worker(registrar: User, background: list[Person]) -> None:
    search = duplicates.start_duplicate_search(actor=registrar)
    _work()
    search.refresh_from_db()
    assert search.status == ImportStatus.DONE, search.error
    assert search.persons == len(background) and search.stage == "done"
    result = DBTaskResult.objects.get(id=search.task_id)
    assert result.status == "SUCCESSFUL" and result.return_value["tasks"] == search.tasks
