"""Secrets encrypted at rest (issue 21, point 5; ADR 40): medical notes and findings, bank
accounts and taxpayer numbers are Fernet tokens in the database under keys kept outside
it, read back as text; the key is rotated by adding one and encrypting everything again."""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from homeward.apps.common.encrypted import TOKEN_PREFIX, encrypted_fields
from homeward.apps.registry.models import Person
from homeward.core import key_files

pytestmark = pytest.mark.django_db

NOTES = "Fractured ribs; tuberculosis suspected."


def _stored(person: Person) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT medical_notes FROM registry_person WHERE id = %s", [person.pk])
        return str(cursor.fetchone()[0])


def test_the_secret_fields_are_the_encrypted_ones() -> None:
    assert {f"{m._meta.label}.{name}" for m, name in encrypted_fields()} == {
        "registry.Person.medical_notes",
        "returns.CaseStep.finding",
        "payments.Entitlement.iban",
        "payments.Entitlement.tax_number",
        "payments.BatchItem.iban",
        "payments.BatchItem.tax_number",
    }


def test_medical_notes_are_a_token_in_the_database(make_person: Callable[..., Person]) -> None:
    person = make_person(medical_notes=NOTES)
    stored = _stored(person)
    assert stored.startswith(TOKEN_PREFIX) and "ribs" not in stored
    assert Person.objects.get(pk=person.pk).medical_notes == NOTES
    assert Person.objects.filter(medical_notes="").count() == 0  # "none given" is askable


def test_text_that_looks_like_a_token_is_text(make_person: Callable[..., Person]) -> None:
    lookalike = TOKEN_PREFIX + "BfakeButTypedByAHostileSender=="
    person = make_person(medical_notes=lookalike)
    assert _stored(person) != lookalike
    assert Person.objects.get(pk=person.pk).medical_notes == lookalike


def test_values_from_before_encryption_are_read_and_the_migration_encrypts_them(
    make_person: Callable[..., Person],
) -> None:
    person = make_person(medical_notes=NOTES)
    with connection.cursor() as cursor:  # as an earlier version stored it
        cursor.execute(
            "UPDATE registry_person SET medical_notes = %s WHERE id = %s", [NOTES, person.pk]
        )
    assert Person.objects.get(pk=person.pk).medical_notes == NOTES
    migration = importlib.import_module("homeward.apps.common.encryption_migration")
    migration.encrypt_stored(apps, None)
    assert _stored(person).startswith(TOKEN_PREFIX)
    assert Person.objects.get(pk=person.pk).medical_notes == NOTES


def test_rotation_encrypts_everything_again_under_the_new_key(
    make_person: Callable[..., Person], tmp_path: Path
) -> None:
    path = tmp_path / "data-keys"
    key_files.append_new(path)
    first = key_files.read(path)
    with override_settings(HOMEWARD_DATA_KEYS=first):
        person = make_person(medical_notes=NOTES)
        before = _stored(person)
        out = io.StringIO()
        call_command("rotate_data_key", "--file", str(path), stdout=out)
        assert "1 stored secrets encrypted again" in out.getvalue()
    both = key_files.read(path)
    assert len(both) == 2 and _stored(person) != before
    with override_settings(HOMEWARD_DATA_KEYS=both[1:]):  # the old key no longer needed
        assert Person.objects.get(pk=person.pk).medical_notes == NOTES


def test_a_missing_key_is_a_clear_error(make_person: Callable[..., Person]) -> None:
    person = make_person(medical_notes=NOTES)
    with (
        override_settings(HOMEWARD_DATA_KEYS=[("other", b"o" * 32)]),
        pytest.raises(ImproperlyConfigured, match="cannot be decrypted"),
    ):
        Person.objects.get(pk=person.pk)
