"""Production settings: secrets only from the environment, `check --deploy` clean."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from homeward.core import key_files

PROD = "homeward.project.settings.prod"


def _homeward(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Only what a production host would have: no test settings, no browser-test switches.
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HOMEWARD_", "DATABASE", "DJANGO_"))
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "homeward.manage", *args],
        env={**base, "DJANGO_SETTINGS_MODULE": PROD, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _key_file(folder: Path, name: str = "audit-keys") -> str:
    path = folder / name
    key_files.append_new(path)
    return str(path)


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    result = _homeward(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        HOMEWARD_SECRET_KEY=secrets.token_urlsafe(60),
        HOMEWARD_AUDIT_KEY_FILE=_key_file(tmp_path),
        HOMEWARD_DATA_KEY_FILE=_key_file(tmp_path, "data-keys"),
        HOMEWARD_ALLOWED_HOSTS="homeward.example.org",
        DATABASE_URL="postgres://homeward@db.internal:5432/homeward",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets(tmp_path: Path) -> None:
    result = _homeward("check", HOMEWARD_ALLOWED_HOSTS="x", DATABASE_URL="postgres://h/db")
    assert result.returncode != 0
    assert "HOMEWARD_SECRET_KEY" in result.stderr
    secret = {"HOMEWARD_SECRET_KEY": "k" * 60, "HOMEWARD_ALLOWED_HOSTS": "x"}
    result = _homeward("check", DATABASE_URL="postgres://h/db", **secret)
    assert result.returncode != 0
    assert "HOMEWARD_AUDIT_KEY_FILE" in result.stderr
    missing = str(tmp_path / "nowhere")
    result = _homeward("check", HOMEWARD_AUDIT_KEY_FILE=missing, **secret)
    assert result.returncode != 0
    assert f"{missing} does not exist" in result.stderr
    secret["HOMEWARD_AUDIT_KEY_FILE"] = _key_file(tmp_path)
    result = _homeward("check", **secret)
    assert result.returncode != 0
    assert "HOMEWARD_DATA_KEY_FILE" in result.stderr
    result = _homeward("check", HOMEWARD_DATA_KEY_FILE=_key_file(tmp_path, "data-keys"), **secret)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_hyphenated_command_names_work() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "homeward.manage", "verify-audit", "--help"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "homeward.project.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and "hash chain" in result.stdout
