"""Test settings: SQLite by default, PostgreSQL when DATABASE_URL is set (see .ci/run)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from homeward.project.settings.base import *  # noqa: F403
from homeward.project.settings.base import ROLES_BUT_ADMINISTRATOR
from homeward.project.settings.database import database_from_env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": database_from_env(Path(tempfile.gettempdir()) / "homeward-test.sqlite3")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Lock-out is tested on its own (tests/apps/accounts); elsewhere repeated bad logins are fine.
AXES_ENABLED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One per database: `make test` runs the SQLite and PostgreSQL passes side by side, and the
# demo's tests collect static files here while the other pass's WhiteNoise reads them.
STATIC_ROOT = Path(tempfile.gettempdir()) / "-".join(
    part
    for part in (
        "homeward-test-static",
        "postgres" if os.environ.get("DATABASE_URL") else "",
        os.environ.get("PYTEST_XDIST_WORKER", ""),  # each of pytest-xdist's workers
    )
    if part
)
# As in the demo, roles other than administrators are exempt from the second factor unless a
# test says otherwise (tests/apps/accounts/test_second_factor.py); a forced sign-in passes
# it (tests/conftest.py).
HOMEWARD_2FA_EXEMPT_ROLES = ROLES_BUT_ADMINISTRATOR
# Passkeys at the test client's address, so that the permission matrix reaches them; the
# browser tests bind them to their live server's. The package accepts plain HTTP for
# localhost only, and the test client's host is "testserver".
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://testserver"]
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E031"]

# A fixed audit key (ADR 38); tests of rotation and of the file give their own.
HOMEWARD_AUDIT_KEYS = [("test1", bytes(range(32)))]
HOMEWARD_DATA_KEYS = [("data1", bytes(range(32, 64)))]
# pytest-django empties the database between tests that commit, which the audit tables'
# triggers would refuse: SQLite asks this setting, PostgreSQL this session setting (for a
# superuser only). tests/apps/audit/test_sealed_tables.py turns both off.
HOMEWARD_AUDIT_REWRITABLE = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c homeward.audit_rewrite=on"
