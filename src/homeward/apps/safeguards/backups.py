"""Backups that restore (issue 21, point 7; ADR 41): the whole database, copied while
Homeward runs (SQLite's online backup API; pg_dump's consistent snapshot), encrypted
under the data key (core.sealed_stream), and restored only into an empty database.

The data key file (HOMEWARD_DATA_KEY_FILE) must be kept apart from the backups: a backup
is worth nothing to whoever has it without the key, and nothing to the headquarters if
the key is lost.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import connections

from homeward.apps.common.encrypted import fernet
from homeward.core.sealed_stream import seal, unseal


class BackupError(Exception):
    """Said to the operator as it is: what went wrong and what to do."""


def _private_temp(folder: Path) -> Path:
    descriptor, name = tempfile.mkstemp(dir=folder, prefix=".homeward-", suffix=".part")
    os.close(descriptor)  # mkstemp makes it 0600
    return Path(name)


def _pg_env(config: Mapping[str, Any]) -> dict[str, str]:
    env = {**os.environ}
    for key, name in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if config.get(key):
            env[name] = str(config[key])
    return env


def _run(command: list[str], env: Mapping[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def backup(target: Path, alias: str = "default") -> int:
    """Write an encrypted copy of the database to `target` (0600); returns its size."""
    connection = connections[alias]
    target.parent.mkdir(parents=True, exist_ok=True)
    plain = _private_temp(target.parent)
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(plain) as copy:
                connection.connection.backup(copy)
            copy.close()
        elif connection.vendor == "postgresql":
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={plain}"],
                _pg_env(connection.settings_dict),
            )
        else:
            raise BackupError(f"no backup for a {connection.vendor} database")
        sealed = _private_temp(target.parent)
        with plain.open("rb") as source, sealed.open("wb") as out:
            seal(source, out, fernet())
        sealed.replace(target)  # whole or not at all
    finally:
        plain.unlink(missing_ok=True)
    return target.stat().st_size


def restore(source: Path, alias: str = "default") -> None:
    """Restore `source` into the database `alias`, which must be empty (no tables)."""
    connection = connections[alias]
    if connection.introspection.table_names():
        raise BackupError(
            "the database is not empty. Restore into a new, empty database (created with "
            "createdb, or a new SQLite file), then point DATABASE_URL at it."
        )
    plain = _private_temp(Path(tempfile.gettempdir()))
    try:
        with source.open("rb") as sealed, plain.open("wb") as out:
            unseal(sealed, out, fernet())
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(plain) as copy:
                copy.backup(connection.connection)
            copy.close()
        elif connection.vendor == "postgresql":
            connection.close()  # pg_restore works in its own session
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={connection.settings_dict['NAME']}",
                    str(plain),
                ],
                _pg_env(connection.settings_dict),
            )
        else:
            raise BackupError(f"no restore for a {connection.vendor} database")
    finally:
        plain.unlink(missing_ok=True)
