"""A trail nobody can rewrite (issue 21, point 3; ADR 38): the chain is keyed with a key
kept outside the database, an existing plain chain verifies across the change, keys are
rotated by adding one, and the audit tables refuse UPDATE, DELETE and TRUNCATE in the
database itself."""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from homeward.apps.audit import services as audit
from homeward.apps.audit.models import AccessedPerson, AccessEvent, AuditEntry
from homeward.apps.audit.verification import verify_audit_trail
from homeward.core import key_files

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "homeward.apps.audit.migrations.0005_keyed_chain_and_sealed_tables"
)


def _append(n: int, actor: User | None = None) -> None:
    for i in range(n):
        with transaction.atomic():
            audit.record(actor=actor, action="test.write", object_type="t", after={"i": i})


def test_new_entries_are_keyed_with_the_last_key() -> None:
    _append(2)
    assert set(AuditEntry.objects.values_list("key_id", flat=True)) == {"test1"}
    assert verify_audit_trail().broken is None
    with override_settings(HOMEWARD_AUDIT_KEYS=[("other", b"x" * 32)]):
        broken = verify_audit_trail().broken  # a key this installation does not have
    assert broken is not None and "not among the keys" in broken.reason


def test_a_plain_chain_verifies_across_the_change_to_keys() -> None:
    with override_settings(HOMEWARD_AUDIT_KEYS=[]):  # as before keys existed
        _append(3)
    assert set(AuditEntry.objects.values_list("key_id", flat=True)) == {""}
    migration.key_the_chain(apps, None)
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None and (last.action, last.key_id) == ("audit.chain_keyed", "test1")
    _append(1)
    assert verify_audit_trail().broken is None
    # The old entries rewritten and recomputed as plain SHA-256 no longer link to the
    # keyed entry after them, whose HMAC covers their last hash.
    from homeward.core.audit_chain import chain_hash

    first = AuditEntry.objects.get(seq=1)
    first.object_repr = "forged"
    first.hash = chain_hash(first.prev_hash, first.chain_payload())
    first.save()
    broken = verify_audit_trail().broken
    assert broken is not None and broken.seq == 2


def test_rotation_adds_a_key_and_the_old_entries_still_verify(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "audit-keys"
    call_command("rotate_audit_key", "--file", str(path), stdout=io.StringIO())
    first = key_files.read(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with override_settings(HOMEWARD_AUDIT_KEYS=first):  # the processes restarted
        _append(2)
        out = io.StringIO()
        call_command("rotate_audit_key", "--file", str(path), stdout=out)
    both = key_files.read(path)
    assert both[0] == first[0] and len(both) == 2
    assert f"New audit key {both[1][0]}" in out.getvalue()
    with override_settings(HOMEWARD_AUDIT_KEYS=[*settings.HOMEWARD_AUDIT_KEYS, *both]):
        _append(1)
        assert verify_audit_trail().broken is None
    used = list(AuditEntry.objects.order_by("seq").values_list("action", "key_id"))
    assert used[1:4] == [("test.write", first[0][0])] * 2 + [("audit.key_added", first[0][0])]
    assert used[-1] == ("test.write", both[1][0])


def test_a_damaged_key_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "audit-keys"
    path.write_text("abc:not-hex\n")
    with pytest.raises(key_files.KeyFileError, match="line 1: write a key as ID:HEX"):
        key_files.read(path)
    with pytest.raises(key_files.KeyFileError, match="does not exist"):
        key_files.read(tmp_path / "missing")


@pytest.fixture
def sealed() -> Iterator[None]:
    """The database as production has it: the tests' permission to empty the audit
    tables withdrawn for this test (inside its transaction, on PostgreSQL)."""
    with override_settings(HOMEWARD_AUDIT_REWRITABLE=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL homeward.audit_rewrite = 'off'")
        yield


def _refused(sql: str) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    return str(caught.value)


@pytest.mark.usefixtures("sealed")
def test_the_database_refuses_to_change_or_remove_audit_rows(registrar: User) -> None:
    _append(2, registrar)
    entries = AuditEntry.objects.count()
    assert "append-only" in _refused("UPDATE audit_auditentry SET object_repr = 'forged'")
    assert "append-only" in _refused("DELETE FROM audit_auditentry WHERE seq = 2")
    event = AccessEvent.objects.create(
        at=timezone.now(),
        user=registrar,
        username="r",
        route="x",
        path="/",
        origin="web",
        persons=1,
    )
    AccessedPerson.objects.create(event=event, person_id=1, user_id=registrar.pk, at=event.at)
    assert "append-only" in _refused("UPDATE audit_accessevent SET path = '/y'")
    assert "append-only" in _refused("DELETE FROM audit_accessedperson")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # else TRUNCATE stops at the test's own FK checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        assert "append-only" in _refused("TRUNCATE audit_auditentry CASCADE")
    assert AuditEntry.objects.count() == entries
    assert not AuditEntry.objects.filter(object_repr="forged").exists()
    _append(1, registrar)  # appending goes on
    assert verify_audit_trail().broken is None
