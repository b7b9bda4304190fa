"""Database configuration from DATABASE_URL, with the embedded SQLite file as the default."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def private_dir(path: Path) -> None:
    """A folder only its owner may list or enter (0700), made if missing."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def private_file(path: Path) -> None:
    """A file only its owner may read or write (0600), made empty if missing: the
    registry's SQLite database, the secret key. SQLite gives its journal and WAL files
    the database file's mode. A folder made for it is private; an existing one (the
    system's temporary folder) is left as it is: `private_dir` is for our own."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    path.chmod(0o600)


def database_from_env(default_sqlite: Path | None) -> dict[str, Any]:
    """The database DATABASE_URL names; without it, the SQLite file `default_sqlite`
    (None: DATABASE_URL is required, as in production)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    elif default_sqlite is None:
        raise ImproperlyConfigured("Set DATABASE_URL (see docs/operations.md).")
    else:
        private_file(default_sqlite)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite)}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if url and config["NAME"] and not str(config["NAME"]).startswith(("file:", ":memory:")):
            private_file(Path(config["NAME"]))  # a database named by URL is private too
        # IMMEDIATE transactions take the write lock up front, so two writers queue instead
        # of failing half-way with "database is locked"; the audit chain relies on it.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config
