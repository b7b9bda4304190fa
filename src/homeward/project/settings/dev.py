"""Embedded settings for `make demo` and development: SQLite under var/, DEBUG off by
default so the demo behaves like the product (set HOMEWARD_DEBUG=1 while developing)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from homeward.core import key_files
from homeward.project.settings.base import *  # noqa: F403
from homeward.project.settings.base import ROLES_BUT_ADMINISTRATOR, VAR_DIR
from homeward.project.settings.database import database_from_env, private_dir, private_file


def _local_secret_key() -> str:
    """A key generated once per installation and kept in var/, never in the repository."""
    path = VAR_DIR / "secret_key"
    private_file(path)  # 0600 before anything is written to it
    if not path.read_text().strip():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


# var/ holds the database, the key and the demo's files: its owner's alone.
private_dir(VAR_DIR)
DEBUG = os.environ.get("HOMEWARD_DEBUG") == "1"
SECRET_KEY = os.environ.get("HOMEWARD_SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
DATABASES = {"default": database_from_env(VAR_DIR / "homeward.sqlite3")}

# The demo is tried with the passwords it prints: roles other than administrators sign in
# without a second factor here (never in production, which refuses an exemption).
HOMEWARD_2FA_EXEMPT_ROLES = os.environ.get(
    "HOMEWARD_2FA_EXEMPT_ROLES", ",".join(ROLES_BUT_ADMINISTRATOR)
).split(",")

# Passkeys at the demo's address by name (browsers refuse them at http://127.0.0.1:8000).
HOMEWARD_PASSKEY_ORIGIN = os.environ.get("HOMEWARD_PASSKEY_ORIGIN", "http://localhost:8000")
OTP_WEBAUTHN_ALLOWED_ORIGINS = [HOMEWARD_PASSKEY_ORIGIN] if HOMEWARD_PASSKEY_ORIGIN else []
SILENCED_SYSTEM_CHECKS = [] if OTP_WEBAUTHN_ALLOWED_ORIGINS else ["otp_webauthn.E030"]

# The audit chain's keys and the data keys: made once under var/ (0600) unless
# HOMEWARD_AUDIT_KEY_FILE and HOMEWARD_DATA_KEY_FILE name files of the operator's.
HOMEWARD_AUDIT_KEY_FILE = os.environ.get("HOMEWARD_AUDIT_KEY_FILE") or str(VAR_DIR / "audit-keys")
HOMEWARD_AUDIT_KEYS = key_files.read(Path(HOMEWARD_AUDIT_KEY_FILE), create=True)
HOMEWARD_DATA_KEY_FILE = os.environ.get("HOMEWARD_DATA_KEY_FILE") or str(VAR_DIR / "data-keys")
HOMEWARD_DATA_KEYS = key_files.read(
    Path(HOMEWARD_DATA_KEY_FILE), create=True, command="rotate-data-key"
)
