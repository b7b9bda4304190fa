"""Secrets encrypted at rest (issue 21, point 5; ADR 40): medical notes and findings, bank
accounts and taxpayer numbers are stored as Fernet tokens (cryptography's MultiFernet)
under keys kept outside the database, and read back as text.

An empty value is stored empty, so "no IBAN yet" can still be asked for (`iban=""`);
nothing else about these fields can be searched, and nothing needs to. A value from
before encryption (not a token) is read as it is, until the migration or the next save
encrypts it.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Every Fernet token begins so: version byte 0x80, base64-encoded.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 (a format's prefix, no secret)


@cache
def _fernet(keys: tuple[tuple[str, bytes], ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "No data key: set HOMEWARD_DATA_KEY_FILE (docs/operations.md, ADR 40)."
        )
    # The newest key (the file's last line) encrypts; every key decrypts.
    return MultiFernet([Fernet(base64.urlsafe_b64encode(key)) for _, key in reversed(keys)])


def fernet(keys: Iterable[tuple[str, bytes]] | None = None) -> MultiFernet:
    return _fernet(tuple(settings.HOMEWARD_DATA_KEYS if keys is None else keys))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(TOKEN_PREFIX):
        return stored  # written before encryption
    try:
        return fernet().decrypt(stored.encode("ascii")).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A stored secret cannot be decrypted with the data keys given: a key is missing "
            "from HOMEWARD_DATA_KEY_FILE (never remove one before `homeward rotate-data-key` "
            "has re-encrypted everything under the newer key)."
        ) from exc


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored as a Fernet token. `max_length` only limits what forms accept: the token
    is longer than the text."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        # Always encrypted, whatever it looks like: text typed to look like a token is text.
        return value if value in (None, "") else encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value in (None, "") else decrypt(value)


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) stored encrypted."""
    from django.apps import apps

    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def reencrypt_all(batch: int = 500) -> dict[str, int]:
    """Write every stored secret again under the newest data key (after a key is added):
    {model.field: values rewritten}. Values are read through every key and written back
    as they were; no write is audited as a change, because none is."""
    from django.db import transaction

    counts: dict[str, int] = {}
    for model, name in encrypted_fields():
        done = 0
        pks = list(model._default_manager.exclude(**{name: ""}).values_list("pk", flat=True))
        for start in range(0, len(pks), batch):
            with transaction.atomic():
                rows = model._default_manager.filter(pk__in=pks[start : start + batch])
                for pk, value in rows.values_list("pk", name):
                    model._default_manager.filter(pk=pk).update(**{name: value})
                    done += 1
        counts[f"{model._meta.label}.{name}"] = done
    return counts
