"""The data migration that encrypts the secrets stored before encryption (ADR 40), shared
by the registry's, the returns' and the payments' migrations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cryptography.fernet import InvalidToken

from homeward.apps.common.encrypted import fernet

SECRET_FIELDS = (
    ("registry", "Person", "medical_notes"),
    ("returns", "CaseStep", "finding"),
    ("payments", "Entitlement", "iban"),
    ("payments", "Entitlement", "tax_number"),
    ("payments", "BatchItem", "iban"),
    ("payments", "BatchItem", "tax_number"),
)


def _is_token(value: str) -> bool:
    try:
        fernet().decrypt(value.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def encrypt_stored(
    apps: Any, schema_editor: Any, fields: Iterable[tuple[str, str, str]] = SECRET_FIELDS
) -> None:
    """Every non-empty value that is not yet a token under the data keys, encrypted. The
    values are read as stored (SQL), since a value typed to look like a token is text."""
    from django.db import connection

    for app_label, model_name, field in fields:
        model = apps.get_model(app_label, model_name)
        table = model._meta.db_table
        column = model._meta.get_field(field).column
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
            rows = cursor.fetchall()
        for pk, value in rows:
            if not _is_token(value):
                model._default_manager.filter(pk=pk).update(**{field: value})
