"""Backups that restore (issue 21, point 7; ADR 41): `homeward backup` writes an encrypted
copy of the database while it runs; `homeward restore` brings it into an empty database,
on SQLite and on PostgreSQL, with every row and an intact audit trail."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def _homeward(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "homeward.project.settings.test",
    }
    return subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-m", "homeward.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


COUNT = (
    "import django; django.setup(); "
    "from homeward.apps.registry.models import Person; "
    "from homeward.apps.audit.models import AuditEntry; "
    "p = Person.objects.order_by('pk').first(); "
    "print(Person.objects.count(), AuditEntry.objects.count(), p.medical_notes)"
)


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database on the suite's server."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"homeward_restore_{uuid.uuid4().hex[:8]}"
    server = f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_an_empty_database(
    make_person: Callable[..., Person], empty_database: str, tmp_path: Path
) -> None:
    make_person(medical_notes="Fractured ribs.")
    make_person(surname="Мельник", given_name="Петро")
    file = tmp_path / "backups" / "homeward.backup"
    call_command("backup", str(file), stdout=io.StringIO())
    assert oct(file.stat().st_mode & 0o777) == "0o600"
    content = file.read_bytes()
    assert "Мельник".encode() not in content and b"Fractured" not in content
    persons, entries = Person.objects.count(), AuditEntry.objects.count()

    # The restore runs in a process of its own, as an operator's would (the suite's
    # SQLite database lives in this process's memory).
    restored = _homeward(empty_database, "restore", str(file))
    assert restored.returncode == 0, restored.stderr
    assert f"Audit trail intact: {entries} entries verified" in restored.stdout
    counted = subprocess.run(  # noqa: S603
        [sys.executable, "-c", COUNT],
        env={
            **os.environ,
            "DATABASE_URL": empty_database,
            "DJANGO_SETTINGS_MODULE": "homeward.project.settings.test",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert counted.stdout.split(maxsplit=2) == [str(persons), str(entries), "Fractured ribs.\n"]

    again = _homeward(empty_database, "restore", str(file))
    assert again.returncode != 0
    assert "the database is not empty" in again.stderr and "Nothing was restored" in again.stderr


def test_a_damaged_backup_restores_nothing(empty_database: str, tmp_path: Path) -> None:
    file = tmp_path / "homeward.backup"
    call_command("backup", str(file), stdout=io.StringIO())
    file.write_bytes(file.read_bytes()[:-100])
    restored = _homeward(empty_database, "restore", str(file))
    assert restored.returncode != 0
    assert "cut short" in restored.stderr or "altered" in restored.stderr


def test_restore_refuses_a_database_in_use(tmp_path: Path) -> None:
    file = tmp_path / "homeward.backup"
    call_command("backup", str(file), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(file), stdout=io.StringIO())
