"""A worker killed in the middle of an import leaves no partial import, and the import can
be run again. The worker is a real process (`homeward db_worker --batch`) killed with
SIGKILL: no exception handler, no `finally`, no rollback of its own.

The worker must see the test database. On PostgreSQL it is one database that every
connection shares; pytest-django's SQLite test database lives in this process's memory, so
it is copied to a file for the worker and copied back once the worker is dead."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from homeward.apps.audit.models import AuditEntry
from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.intake import services
from homeward.apps.intake.models import (
    ImportBatch,
    ImportedRecord,
    ImportStatus,
    ReviewTask,
)
from homeward.apps.registry.models import Person, SourceRecord
from homeward.core.synthetic import Generator
from tests.apps.intake.conftest import in_english

# serialized_rollback: a flush would drop the roles that migrations create. transaction:
# the worker only sees what is committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

KNOWN = 300  # rows of the list that are persons of the registry (of the 400 in `background`)
NEW = 2700  # rows of persons the registry does not know
DEADLINE = 60.0  # seconds the worker may take to reach the moment it is killed in

# The worker of the "writing" case: the real command, paused once its transaction has
# inserted every row (source records, their imports, review tasks) and not yet committed.
PAUSED_WORKER = """
import pathlib, sys, time
import django
django.setup()
from django.core.management import call_command
from homeward.apps.common import bulk_insert
from homeward.apps.intake.models import ReviewTask

marker = pathlib.Path(sys.argv[1])
insert = bulk_insert.insert

def insert_then_wait(prepared):
    insert(prepared)
    if prepared.objects and isinstance(prepared.objects[0], ReviewTask):
        marker.write_text("inserted")
        time.sleep(600)

bulk_insert.insert = insert_then_wait
call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
"""


def _a_list(registry: list[Person]) -> bytes:
    """A few thousand rows: some persons of the registry, the rest persons it has never
    seen."""
    known = [(p.surname, p.given_name, p.patronymic, p.birth_date, p.unit)
             for p in registry[:KNOWN]]  # fmt: skip
    new = [(p.surname, p.given_name, p.patronymic, p.birth_date, p.unit)
           for p in Generator(seed=8).persons(NEW, held_share=0.0)]  # fmt: skip
    lines = ["id;Прізвище;Ім'я;По батькові;Дата народження;Військова частина"]
    for number, (surname, given, patronymic, birth, unit) in enumerate(known + new, start=1):
        born = birth.strftime("%d.%m.%Y") if birth else ""
        lines.append(f"{number};{surname};{given};{patronymic};{born};{unit}")
    return ("\n".join(lines) + "\n").encode()


class WorkerDatabase:
    """The test database as a worker process sees it."""

    def __init__(self, directory: Path) -> None:
        connection.ensure_connection()
        settings = connection.settings_dict
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            self.file = directory / "worker.sqlite3"
            self.url = f"sqlite:///{self.file}"
        else:
            user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
            host = f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
            self.url = f"postgres://{user}@{host}/{settings['NAME']}"

    def hand_over(self) -> None:
        """Make what this process has written visible to the worker."""
        if self.sqlite:
            self.file.unlink(missing_ok=True)
            with sqlite3.connect(self.file) as copy:
                connection.connection.backup(copy)
            copy.close()

    def take_back(self) -> None:
        """Make what the worker left (committed) visible to this process."""
        if self.sqlite:
            worker_file = sqlite3.connect(self.file)
            worker_file.backup(connection.connection)
            worker_file.close()

    def batch_stage(self, batch_id: int) -> tuple[str, str]:
        """The batch's status and stage as the worker has committed them."""
        if self.sqlite:
            reader = sqlite3.connect(self.file, timeout=20)
            try:
                row = reader.execute(
                    "SELECT status, stage FROM intake_importbatch WHERE id = ?", (batch_id,)
                ).fetchone()
            finally:
                reader.close()
            return row[0], row[1]
        status, stage = ImportBatch.objects.values_list("status", "stage").get(pk=batch_id)
        return status, stage

    def worker(self, *args: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "homeward.project.settings.test",
            "DATABASE_URL": self.url,
        }
        return subprocess.Popen([sys.executable, *args], env=env, stderr=subprocess.PIPE)  # noqa: S603


@pytest.fixture
def worker_db(tmp_path: Path) -> WorkerDatabase:
    return WorkerDatabase(tmp_path)


@pytest.fixture
def killed_worker() -> Iterator[Callable[[subprocess.Popen[bytes]], None]]:
    """Kill a worker process (and make sure none outlives the test)."""
    started: list[subprocess.Popen[bytes]] = []

    def kill(process: subprocess.Popen[bytes]) -> None:
        started.append(process)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    yield kill
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _wait_for(what: str, ready: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not ready():
        if process.poll() is not None:
            _out, err = process.communicate()
            pytest.fail(f"the worker ended before {what}:\n{err.decode()[-3000:]}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the worker did not reach {what} in {DEADLINE:.0f} s")
        time.sleep(0.005)


@pytest.mark.parametrize("moment", ["linking", "writing"])
def test_a_worker_killed_mid_import_leaves_nothing_and_the_import_runs_again(
    moment: str,
    registrar: User,
    background: list[Person],
    worker_db: WorkerDatabase,
    killed_worker: Callable[[subprocess.Popen[bytes]], None],
    tmp_path: Path,
) -> None:
    content = _a_list(background)
    batch = services.stage_import(actor=registrar, file_name="список.csv", content=content,
                                  source_kind="family", source_name="Заяви")  # fmt: skip
    assert batch.rows == KNOWN + NEW and not batch.problems
    services.queue_import(actor=registrar, batch_id=batch.pk)  # enqueued: autocommit
    persons_before, audit_before = Person.objects.count(), AuditEntry.objects.count()
    worker_db.hand_over()

    seen: list[str] = []  # the stages the worker was seen in
    if moment == "linking":
        # The plain worker, killed while the engine links the rows.
        process = worker_db.worker("-m", "homeward.manage", "db_worker", "--batch",
                                   "--no-startup-delay")  # fmt: skip

        def linking() -> bool:
            status, stage = worker_db.batch_stage(batch.pk)
            seen.append(stage)
            return stage in ("linking", "grouping") or status == ImportStatus.DONE

        _wait_for("the linking stage", linking, process)
    else:
        # Killed inside the write transaction, every row inserted, nothing committed.
        marker = tmp_path / "inserted"
        process = worker_db.worker("-c", PAUSED_WORKER, str(marker))
        _wait_for("the write", marker.exists, process)
        assert worker_db.batch_stage(batch.pk) == (ImportStatus.RUNNING, "writing")
    killed_worker(process)
    assert process.returncode == -signal.SIGKILL
    worker_db.take_back()

    batch.refresh_from_db()
    if batch.status == ImportStatus.DONE:
        pytest.fail(f"the worker was killed after the import had committed (stages seen: "
                    f"{seen}): the list is too short to catch it in the act")  # fmt: skip
    # Killed before its commit: while linking, or (at the latest) in the write.
    assert batch.status == ImportStatus.RUNNING
    assert batch.stage in (("linking", "grouping", "writing") if moment == "linking" else
                           ("writing",))  # fmt: skip
    # Nothing of the list was written: no record, no person, no review task, no audit entry.
    assert not ImportedRecord.objects.filter(batch=batch).exists()
    assert not SourceRecord.objects.filter(source=batch.source).exists()
    assert not ReviewTask.objects.filter(batch=batch).exists()
    assert Person.objects.count() == persons_before
    assert AuditEntry.objects.count() == audit_before

    # The worker was a process of this machine: its death is known at once. The page
    # polling the progress is told so, and the registrar is offered to run it again.
    client = in_english(Client())
    client.force_login(registrar)
    progress = client.get(f"/imports/{batch.pk}/progress.json").json()
    assert (progress["status"], progress["stalled"]) == (ImportStatus.RUNNING, True)
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'id="import-stalled"' in page and 'id="import-progress"' not in page
    assert 'id="confirm-form"' in page and "Try the import again" in page
    # The queue's own record of the killed task says running until the import is retried.
    killed_task = DBTaskResult.objects.get(id=batch.task_id)
    assert killed_task.status == TaskResultStatus.RUNNING
    client.post(f"/imports/{batch.pk}/confirm/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED, batch.error
    killed_task.refresh_from_db()
    assert killed_task.status == TaskResultStatus.FAILED and killed_task.finished_at
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE, batch.error
    imported = ImportedRecord.objects.filter(batch=batch)
    new_rows = imported.filter(decision="new").count()
    assert batch.rows == batch.linked + batch.review + new_rows + batch.skipped == KNOWN + NEW
    assert batch.linked >= KNOWN * 0.9  # the registry's persons were found again
    # Every row exactly once.
    rows = list(imported.values_list("row", flat=True))
    assert sorted(rows) == list(range(2, KNOWN + NEW + 2))
    ids = SourceRecord.objects.filter(source=batch.source).values_list("external_id", flat=True)
    assert sorted(ids, key=int) == [str(n) for n in range(1, KNOWN + NEW + 1)]
    assert ReviewTask.objects.filter(batch=batch).count() == batch.review
    assert Person.objects.count() == persons_before + batch.new
    assert AuditEntry.objects.filter(action="import.run", object_id=str(batch.pk)).count() == 1
    assert verify_audit_trail().broken is None
