"""A registrar brings the other side's list in, in a real browser: upload a cp1251 file,
read it, leave a bad row out, confirm; the real worker imports it; review what the engine
could not decide, by keyboard; merge the duplicate that made, and split it again."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from homeward.apps.common.workers import this_worker
from homeward.apps.intake import services
from homeward.apps.intake.models import ImportBatch, ImportStatus, ReviewTask
from homeward.apps.registry.models import Person, PersonMerge
from tests.apps.intake.conftest import counterpart_csv, registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
__all__ = ["registry"]  # a fixture this module uses

LIST = counterpart_csv(
    "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456",
    "2;ГНАТЮК Иван Петрович;;;",
    "3;БОНДАРЕНКО Олег;31.02.1985;;",
)


def test_upload_review_merge_split(
    sign_in: Callable[[User], Page], registrar: User, registry: dict[str, Person], live_server: Any
) -> None:
    page = sign_in(registrar)
    page.click("#nav-imports")
    page.click("#import-new")
    page.set_input_files(
        "#id_file", files=[{"name": "spisok.csv", "mimeType": "text/csv", "buffer": LIST}]
    )
    page.select_option("#id_source_kind", "counterpart")
    page.fill("#id_source_name", "Список 12")
    page.click("#upload-button")

    # Checked, not written: the reading, the first rows, the bad row.
    expect(page.locator("#batch-status")).to_have_attribute("data-status", "ready")
    expect(page.locator("#import-preview")).to_contain_text("Шевченко")
    expect(page.locator("#import-problems")).to_contain_text("31.02.1985")
    expect(page.locator("#confirm-button")).to_be_disabled()
    page.check("#id_skip_bad_rows")
    page.click("#reread-button")
    page.click("#confirm-button")
    expect(page.locator("#import-progress")).to_be_visible()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)  # the real worker
    summary = page.locator("#import-summary")
    expect(summary).to_be_visible(timeout=15_000)  # the page polls and reloads when done
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.DONE
    figures = {k: summary.locator(f"[data-figure={k}]").inner_text() for k in ("rows", "linked")}
    assert figures == {"rows": "3", "linked": "1"}
    assert (
        batch.linked + batch.review + batch.records.filter(decision="new").count() + (batch.skipped)
        == batch.rows
    )

    # Review: the father or the son? Neither: a new man, chosen with the keyboard.
    page.click("#review-batch")
    page.click("#review-start")
    expect(page.locator("#comparison")).to_contain_text("Гнатюк")
    page.keyboard.press("n")
    expect(page.locator("#review-count")).to_be_visible()
    task = ReviewTask.objects.get()
    assert task.decision == "new" and task.decided_by == registrar
    duplicate = task.decided_person
    assert duplicate is not None

    # He was the son after all: merge the new record into the son, then split it again.
    son = registry["son"]
    page.goto(f"{live_server.url}/persons/{son.pk}/")
    page.fill("#merge-duplicate", duplicate.case_number)
    page.fill("#merge-reason", "same man")
    page.click("#merge-button")
    expect(page.locator("#merges .merge-item")).to_have_count(1)
    assert Person.objects.get(pk=duplicate.pk).merged_into == son
    assert son.source_records.count() == 1

    page.fill(".split-form input[name=reason]", "not him")
    page.click(".split-button")
    expect(page.locator("#merges .merge-item")).to_contain_text(registrar.username)
    assert Person.objects.get(pk=duplicate.pk).merged_into is None
    assert not PersonMerge.objects.get().active
    assert son.source_records.count() == 0


def test_an_import_whose_worker_dies_says_so_without_a_reload(
    sign_in: Callable[[User], Page], registrar: User, live_server: Any
) -> None:
    content = counterpart_csv("1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456")
    batch = services.stage_import(actor=registrar, file_name="spisok.csv", content=content,
                                  source_kind="counterpart", source_name="Список 12")  # fmt: skip
    running = ImportBatch.objects.filter(pk=batch.pk)
    running.update(status=ImportStatus.RUNNING, stage="linking", worker=this_worker(),
                   heartbeat=timezone.now())  # fmt: skip
    page = sign_in(registrar)
    page.goto(f"{live_server.url}/imports/{batch.pk}/")
    expect(page.locator("#import-progress")).to_be_visible()
    expect(page.locator("#import-stalled")).to_have_count(0)

    # The worker's process ends (a process of this machine that has exited).
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    running.update(worker=f"{socket.gethostname()}:{ended.stdout.strip()}")
    expect(page.locator("#import-stalled")).to_be_visible(timeout=10_000)
    expect(page.locator("#import-progress")).to_have_count(0)
    expect(page.locator("#confirm-button")).to_be_enabled()
