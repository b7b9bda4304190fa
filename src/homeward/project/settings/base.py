"""Settings shared by every environment. Nothing secret lives here."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
# Where the embedded database and the generated secret live; overridable for deployments.
VAR_DIR = Path(os.environ.get("HOMEWARD_VAR_DIR", Path.cwd() / "var"))

INSTALLED_APPS = [
    # First: its `createsuperuser` replaces Django's (superusers need a second
    # administrator's approval; ADR 34), and the commands of earlier apps win.
    "homeward.apps.safeguards",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "homeward.apps.audit",
    "homeward.apps.accounts",
    "homeward.apps.registry",
    "homeward.apps.intake",
    "homeward.apps.exchanges",
    "homeward.apps.returns",
    "homeward.apps.payments",
    "homeward.apps.reports",
    "homeward.apps.api",
]

# Background jobs (imports, duplicate searches) on the database: no broker to run, the
# same on SQLite and PostgreSQL; `homeward db_worker` runs them (ADR 0014).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "homeward.apps.common.request_size.RequestSizeMiddleware",
    "homeward.apps.common.out_of_range.OutOfRangeMiddleware",
    "homeward.apps.common.nul_characters.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "homeward.apps.audit.middleware.AuditContextMiddleware",
    "homeward.apps.audit.middleware.ReadLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "homeward.apps.accounts.sessions.SessionTimeoutMiddleware",
    "homeward.apps.accounts.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "homeward.project.urls"
WSGI_APPLICATION = "homeward.project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# ASVS V2.1: at least 12 characters, not a common password, not like the user's names.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
# Homeward's own catalogue first; then the Ukrainian of packages that ship none.
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "locale_packages"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "accounts:login"
# A session ends after this long without a request, and after this many hours in any case.
HOMEWARD_SESSION_IDLE_MINUTES = int(os.environ.get("HOMEWARD_SESSION_IDLE_MINUTES", "30"))
HOMEWARD_SESSION_MAX_HOURS = int(os.environ.get("HOMEWARD_SESSION_MAX_HOURS", "8"))
SESSION_COOKIE_AGE = HOMEWARD_SESSION_MAX_HOURS * 60 * 60
LOGIN_REDIRECT_URL = "registry:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Every page, the public ones and the admin included, may load only what the site itself
# serves: no inline script or style, no plug-ins, no framing, forms posted only here
# (ASVS V14.4; ADR 31). Scripts set styles through the DOM, which the policy allows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# The browser features no page uses are refused to every page and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Failed sign-ins: five failures for one user name from one address lock it for 15 minutes;
# HOMEWARD_ADDRESS_FAILURE_LIMIT failures from one address, whatever the user names, lock
# the address for as long (apps/accounts/lockout.py).
AXES_HANDLER = "homeward.apps.accounts.lockout.UserAndAddressHandler"
HOMEWARD_ADDRESS_FAILURE_LIMIT = int(os.environ.get("HOMEWARD_ADDRESS_FAILURE_LIMIT", "20"))
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

OTP_TOTP_ISSUER = "Homeward"
# Passkeys (WebAuthn) as a second factor (ADR 36): bound to one address, the origin the
# staff open Homeward at; unset, passkeys are off and the authenticator app serves alone.
HOMEWARD_PASSKEY_ORIGIN = os.environ.get("HOMEWARD_PASSKEY_ORIGIN", "").strip().rstrip("/")
OTP_WEBAUTHN_ALLOWED_ORIGINS = [HOMEWARD_PASSKEY_ORIGIN] if HOMEWARD_PASSKEY_ORIGIN else []
OTP_WEBAUTHN_RP_ID_CALLABLE = "homeward.apps.accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME = "Homeward"
OTP_WEBAUTHN_HELPER_CLASS = "homeward.apps.accounts.passkeys.Helper"
# The password stays the first factor: its policy and lock-out guard every account.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Off is a valid configuration, which the package's check would call an error.
SILENCED_SYSTEM_CHECKS = [] if OTP_WEBAUTHN_ALLOWED_ORIGINS else ["otp_webauthn.E030"]
# Every staff account signs in with two factors (ADR 33). Only the development and demo
# settings (and the tests') may exempt roles, never administrators; production refuses to
# start with an exemption.
HOMEWARD_2FA_EXEMPT_ROLES: list[str] = []
# What the development, demo and test settings exempt: every role but administrators.
ROLES_BUT_ADMINISTRATOR = [
    "registrar",
    "exchange_officer",
    "return_coordinator",
    "medical_officer",
    "payments_officer",
    "communications",
    "family_liaison",
    "auditor",
]

# The largest file a user may send; a larger request is refused before it is read (ADR 37).
HOMEWARD_MAX_UPLOAD_MB = int(os.environ.get("HOMEWARD_MAX_UPLOAD_MB", "50"))
# A list's file is refused unread past these (ADR 37): rows, columns, and what an XLSX or
# ODS file unpacks to (a zip bomb is refused from its directory, before any parsing).
HOMEWARD_IMPORT_MAX_ROWS = int(os.environ.get("HOMEWARD_IMPORT_MAX_ROWS", "300000"))
HOMEWARD_IMPORT_MAX_COLUMNS = int(os.environ.get("HOMEWARD_IMPORT_MAX_COLUMNS", "500"))
HOMEWARD_IMPORT_MAX_UNPACKED_MB = int(os.environ.get("HOMEWARD_IMPORT_MAX_UNPACKED_MB", "500"))

# The audit chain's keys (ADR 38): a file outside the database, one `ID:HEX` key a line,
# the last signing new entries. Development and the demo make one under var/; production
# requires HOMEWARD_AUDIT_KEY_FILE (settings/prod.py).
HOMEWARD_AUDIT_KEY_FILE = os.environ.get("HOMEWARD_AUDIT_KEY_FILE", "")
HOMEWARD_AUDIT_KEYS: list[tuple[str, bytes]] = []
# The keys that encrypt secrets at rest (ADR 40): medical notes and findings, bank accounts,
# taxpayer numbers. Same file format; the last line encrypts, every line decrypts.
HOMEWARD_DATA_KEY_FILE = os.environ.get("HOMEWARD_DATA_KEY_FILE", "")
HOMEWARD_DATA_KEYS: list[tuple[str, bytes]] = []
# Only the test settings set this: their database is emptied between tests, which the audit
# tables' triggers refuse otherwise (ADR 38).
HOMEWARD_AUDIT_REWRITABLE = False

# Counts from 1 to this minus one are withheld from everything that leaves the staff
# (public statements, statistics exported for publication): see core.disclosure.
HOMEWARD_PUBLIC_MIN_COUNT = int(os.environ.get("HOMEWARD_PUBLIC_MIN_COUNT", "5"))
# How long a file of persons a user exported is kept for them to download; then its
# content is erased (a copy of personal data kept no longer than its purpose needs).
HOMEWARD_EXPORT_KEEP_HOURS = int(os.environ.get("HOMEWARD_EXPORT_KEEP_HOURS", "24"))
# Reading persons is limited per user per clock hour: distinct persons shown by pages and the API,
# by role (a user with several roles gets the most generous). Past it the reader gets 429
# and is told to ask for an export, and the auditors an alert (ADR 30). Override with
# HOMEWARD_READ_LIMITS="registrar=500,family_liaison=200".
HOMEWARD_READ_LIMITS = {
    "registrar": 500,
    "exchange_officer": 3000,  # an exchange's lists hold a thousand persons each
    "return_coordinator": 500,
    "medical_officer": 300,
    "payments_officer": 1000,  # a payment batch covers a stage
    "family_liaison": 200,
    "administrator": 500,
}
HOMEWARD_READ_LIMITS.update(
    {
        role.strip(): int(number)
        for role, _sep, number in (
            item.partition("=")
            for item in os.environ.get("HOMEWARD_READ_LIMITS", "").split(",")
            if item.strip()
        )
    }
)
HOMEWARD_READ_LIMIT_DEFAULT = int(os.environ.get("HOMEWARD_READ_LIMIT_DEFAULT", "200"))
# The domain name PFIF record ids begin with ("<domain>/person.HW-…"): the deployment's own.
HOMEWARD_PFIF_DOMAIN = os.environ.get("HOMEWARD_PFIF_DOMAIN", "homeward.local")

# API tokens (ADR 32): django-rest-knox keeps the digest only; a token lasts
# HOMEWARD_TOKEN_DAYS unless made shorter, and HOMEWARD_TOKEN_MAX_DAYS at most.
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model's name)
# knox's own migrations would create its swapped-out token table anyway, whose foreign key
# to auth_user then stops PostgreSQL from emptying the users (a test's flush): knox gets no
# migrations, and no table.
MIGRATION_MODULES = {"knox": None}
HOMEWARD_TOKEN_DAYS = int(os.environ.get("HOMEWARD_TOKEN_DAYS", "30"))
HOMEWARD_TOKEN_MAX_DAYS = int(os.environ.get("HOMEWARD_TOKEN_MAX_DAYS", "90"))
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(days=HOMEWARD_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    # Secret scanners recognise the project's tokens by it.
    "TOKEN_PREFIX": "hw_",
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "homeward.apps.accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "homeward.apps.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "homeward.apps.api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Homeward API",
    "DESCRIPTION": "Registry of persons missing or held, their sources and status events.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "homeward.apps.registry.choices.StatusChoice",
        "ReliabilityEnum": "homeward.apps.registry.choices.ReliabilityChoice",
        "PersonCategoryEnum": "homeward.apps.registry.choices.CategoryChoice",
        "HealthStateEnum": "homeward.apps.registry.choices.HealthChoice",
        "RankCategoryEnum": "homeward.apps.registry.choices.RankCategoryChoice",
        "ExchangeCategoryEnum": "homeward.apps.exchanges.choices.ExchangeCategoryChoice",
        "ListKindEnum": "homeward.apps.exchanges.choices.ListKindChoice",
        "SourceKindEnum": "homeward.apps.registry.choices.SourceKindChoice",
        "StepStateEnum": "homeward.apps.returns.choices.StepStateChoice",
        "StepKindEnum": "homeward.apps.returns.choices.StepKindChoice",
        "PrecisionEnum": "homeward.apps.registry.choices.PrecisionChoice",
        "VersionStateEnum": "homeward.apps.exchanges.choices.VersionStateChoice",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
