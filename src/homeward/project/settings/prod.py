"""Production settings: PostgreSQL from DATABASE_URL, every secret from the environment.

`homeward check --deploy` is clean under these settings; docs/operations.md lists the
variables.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from homeward.core import key_files
from homeward.project.settings.base import *  # noqa: F403
from homeward.project.settings.database import database_from_env


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} (see docs/operations.md).")
    return value


DEBUG = False
if os.environ.get("HOMEWARD_2FA_EXEMPT_ROLES", "").strip():
    raise ImproperlyConfigured(
        "HOMEWARD_2FA_EXEMPT_ROLES is set: in production every staff account signs in with "
        "two factors (docs/operations.md). Unset it."
    )
HOMEWARD_2FA_EXEMPT_ROLES = []
SECRET_KEY = _required("HOMEWARD_SECRET_KEY")
try:
    HOMEWARD_AUDIT_KEY_FILE = _required("HOMEWARD_AUDIT_KEY_FILE")
    HOMEWARD_AUDIT_KEYS = key_files.read(Path(HOMEWARD_AUDIT_KEY_FILE))
    HOMEWARD_DATA_KEY_FILE = _required("HOMEWARD_DATA_KEY_FILE")
    HOMEWARD_DATA_KEYS = key_files.read(Path(HOMEWARD_DATA_KEY_FILE), command="rotate-data-key")
except key_files.KeyFileError as exc:
    raise ImproperlyConfigured(str(exc)) from exc
ALLOWED_HOSTS = _required("HOMEWARD_ALLOWED_HOSTS").split(",")
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("HOMEWARD_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]
DATABASES = {"default": database_from_env(None)}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind N reverse proxies the client's address is in X-Forwarded-For; without this every
# sign-in would come from the proxy and one person could lock everyone out.
_PROXIES = int(os.environ.get("HOMEWARD_PROXY_COUNT", "0"))
if _PROXIES:
    AXES_IPWARE_PROXY_COUNT = _PROXIES
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
SECURE_SSL_REDIRECT = os.environ.get("HOMEWARD_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("HOMEWARD_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
