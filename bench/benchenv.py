"""What the database benchmarks share: a snapshot of the code and a fresh database to run
it on (removed afterwards, also on SIGTERM), and the facts recorded with every result
(git commit, machine, versions, database size). Imported by bench/registry_bench.py and
bench/intake/import_bench.py."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/{}"
SETTINGS_MODULE = "homeward.project.settings.dev"
REPO = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def fresh_environment(
    database: str, *, pg_database: str, prefix: str, extra: Sequence[str] = ()
) -> Iterator[Path]:
    """Point the dev settings at a new, empty database (SQLite under a temporary
    HOMEWARD_VAR_DIR, or the PostgreSQL database `pg_database`, dropped first) and run a
    copy of src/homeward taken now, so that edits made to the tree during a run of
    minutes cannot break it. `extra` folders of the repository are copied beside it under
    their last name. Everything is removed afterwards."""
    var_dir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        (var_dir / "static").mkdir()  # STATIC_ROOT; WhiteNoise warns when it is missing
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO / "src" / "homeward", var_dir / "src" / "homeward", ignore=ignore)
        for folder in extra:
            shutil.copytree(REPO / folder, var_dir / Path(folder).name, ignore=ignore)
        sys.path.insert(0, str(var_dir / "src"))
        os.environ["PYTHONPATH"] = str(var_dir / "src")  # for processes the run starts
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
        os.environ["HOMEWARD_VAR_DIR"] = str(var_dir)
        os.environ.pop("HOMEWARD_DEBUG", None)
        os.environ.pop("HOMEWARD_SECRET_KEY", None)
        if database == "postgres":
            _pg_recreate(pg_database)
            os.environ["DATABASE_URL"] = PG_URL.format(pg_database)
        else:
            os.environ.pop("DATABASE_URL", None)
        yield var_dir
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if database == "postgres":
            _pg_drop(pg_database)
        shutil.rmtree(var_dir, ignore_errors=True)


def clean_up_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so the clean-up in `fresh_environment` runs."""

    def terminated(signum: int, _frame: Any) -> None:
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)


def _pg_admin(statement: Any) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(statement)


def _pg_drop(name: str) -> None:
    from psycopg import sql

    _pg_admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _pg_recreate(name: str) -> None:
    from psycopg import sql

    _pg_drop(name)
    _pg_admin(
        sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
            sql.Identifier(name)
        )
    )


def source_state() -> dict[str, Any]:
    """The git commit and how many files under src/ differ from it (at snapshot time)."""
    git = shutil.which("git")
    if git is None:
        return {}
    try:
        commit = subprocess.run(  # noqa: S603
            [git, "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(  # noqa: S603
            [git, "status", "--porcelain", "--", "src"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return {}
    return {"git_commit": commit, "src_files_modified": len(changed)}


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb: float | None = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "system": platform.platform(),
    }


def versions() -> dict[str, str]:
    import django
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        db = f"SQLite {sqlite3.sqlite_version}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
    return {"python": platform.python_version(), "django": django.get_version(), "database": db}


def database_size() -> int | None:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        name = Path(settings.DATABASES["default"]["NAME"])
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(p.stat().st_size for p in name.parent.glob(name.name + "*"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        row = cursor.fetchone()
    return int(row[0]) if row else None


def write_results(path: Path | None, results: Any) -> None:
    """Every figure of a run as JSON, when asked for (`--out`)."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {path}", file=sys.stderr, flush=True)
