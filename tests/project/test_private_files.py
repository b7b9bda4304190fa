"""Files only for their owner (issue 21, point 6): the embedded database, the secret key
and their folder are made 0600 and 0700, and an existing database left readable by
others by an earlier version is closed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from homeward.project.settings.database import private_file


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_private_file_and_the_folder_made_for_it(tmp_path: Path) -> None:
    database = tmp_path / "var" / "homeward.sqlite3"
    private_file(database)
    assert _mode(database) == 0o600
    assert _mode(database.parent) == 0o700
    database.chmod(0o644)  # as an earlier version left it
    private_file(database)
    assert _mode(database) == 0o600


def test_an_existing_shared_folder_is_left_as_it_is(tmp_path: Path) -> None:
    tmp_path.chmod(0o1777)  # like /tmp
    private_file(tmp_path / "homeward-test.sqlite3")
    assert _mode(tmp_path) == 0o1777


def test_the_demo_settings_make_var_the_owners_alone(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "homeward.project.settings.dev",
        "HOMEWARD_VAR_DIR": str(var),
    }
    code = "import django; django.setup(); from django.db import connection as c; c.connect()"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)  # noqa: S603
    assert _mode(var) == 0o700
    assert _mode(var / "secret_key") == 0o600
    assert _mode(var / "homeward.sqlite3") == 0o600
    assert {p.name for p in var.iterdir() if _mode(p) & 0o077} == set()  # WAL files too
