"""Production settings: secrets only from the environment, `check --deploy` clean."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

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


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = _homeward(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        HOMEWARD_SECRET_KEY=secrets.token_urlsafe(60),
        HOMEWARD_ALLOWED_HOSTS="homeward.example.org",
        DATABASE_URL="postgres://homeward@db.internal:5432/homeward",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets() -> None:
    result = _homeward("check", HOMEWARD_ALLOWED_HOSTS="x", DATABASE_URL="postgres://h/db")
    assert result.returncode != 0
    assert "HOMEWARD_SECRET_KEY" in result.stderr
    result = _homeward("check", HOMEWARD_SECRET_KEY="k" * 60, HOMEWARD_ALLOWED_HOSTS="x")
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
