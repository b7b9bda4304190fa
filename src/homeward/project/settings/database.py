"""Database configuration from DATABASE_URL, with the embedded SQLite file as the default."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def database_from_env(default_sqlite: Path | None) -> dict[str, Any]:
    """The database DATABASE_URL names; without it, the SQLite file `default_sqlite`
    (None: DATABASE_URL is required, as in production)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    elif default_sqlite is None:
        raise ImproperlyConfigured("Set DATABASE_URL (see docs/operations.md).")
    else:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite)}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE transactions take the write lock up front, so two writers queue instead
        # of failing half-way with "database is locked"; the audit chain relies on it.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config
