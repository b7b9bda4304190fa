from __future__ import annotations

import io
import itertools

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from homeward.apps.audit import services as audit
from homeward.apps.audit.context import audit_context
from homeward.apps.audit.models import AuditEntry, AuditHead
from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db


def _append(n: int, actor: User | None = None) -> None:
    for i in range(n):
        with transaction.atomic():
            audit.record(
                actor=actor,
                action="test.write",
                object_type="thing",
                object_id=i,
                after={"i": i, "name": "Шевченко"},
            )


def _sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_entries_chain_and_verify(registrar: User) -> None:
    _append(5, registrar)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert AuditHead.objects.get().last_hash == entries[-1].hash
    result = verify_audit_trail()
    assert result.broken is None and result.entries == len(entries)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside"):
        audit.record(actor=None, action="x", object_type="y")


def test_context_is_recorded() -> None:
    with audit_context("command", "job-42"), transaction.atomic():
        entry = audit.record(actor=None, action="x", object_type="y")
    assert (entry.origin, entry.request_id, entry.actor_username) == ("command", "job-42", "")


def test_web_requests_carry_their_request_id(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("registrar")
    response = client.post(
        "/persons/new/",
        {
            "side": "own",
            "category": "military",
            "surname": "Бойко",
            "given_name": "Іван",
            "sex": "male",
            "health_state": "unknown",
            "rank_category": "private",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="person.create")
    assert entry.origin == "web"
    assert entry.request_id == response["X-Request-ID"]


def test_a_failed_write_leaves_no_entry(registrar: User) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit.record(actor=registrar, action="x", object_type="y")
        _ = 1 / 0
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        ("UPDATE audit_auditentry SET object_repr = 'forged' WHERE seq = 3", "entry 3"),
        ("UPDATE audit_auditentry SET actor_username = 'nobody' WHERE seq = 2", "entry 2"),
        ("DELETE FROM audit_auditentry WHERE seq = 4", "entry 4"),
        ("DELETE FROM audit_auditentry WHERE seq >= 5", "entries 5"),
    ],
)
def test_verify_audit_names_the_first_altered_or_removed_entry(tamper: str, expected: str) -> None:
    _append(6)
    call_command("verify_audit", stdout=io.StringIO())
    _sql(tamper)
    with pytest.raises(CommandError, match=expected):
        call_command("verify_audit", stdout=io.StringIO())


def test_verify_audit_detects_a_rewritten_json_value(registrar: User) -> None:
    _append(3, registrar)
    entry = AuditEntry.objects.get(seq=2)
    AuditEntry.objects.filter(pk=entry.pk).update(after={"i": 99, "name": "Шевченко"})
    broken = verify_audit_trail().broken
    assert broken is not None and broken.seq == 2


def test_verify_audit_passes_on_real_service_writes(make_person) -> None:  # type: ignore[no-untyped-def]
    make_person()
    make_person(surname="Бойко", birth_date=None, birth_date_precision="unknown")
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()
    assert Person.objects.count() == 2


def _forge_from(seq: int, key: bytes | None) -> None:
    """Rewrite entry `seq` and recompute every hash after it (with `key`, or as plain
    SHA-256 by a forger without it), the head included, as someone with write access to
    the database would."""
    from homeward.core.audit_chain import GENESIS_HASH, chain_hash

    prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS_HASH
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        if entry.seq == seq:
            entry.object_repr = "forged"
        if key is None:
            entry.key_id = ""  # passed off as an entry from before keys
        entry.prev_hash = prev
        entry.hash = chain_hash(prev, entry.chain_payload(), key)
        entry.save()
        prev = entry.hash
    AuditHead.objects.update(last_hash=prev)


@pytest.mark.parametrize(
    ("seq", "says"),
    [(2, "not keyed but follows keyed entries"), (1, "no entry is keyed though keys are in use")],
)
def test_without_the_key_a_recomputed_chain_does_not_verify(seq: int, says: str) -> None:
    _append(4)
    _forge_from(seq, key=None)
    with pytest.raises(CommandError, match=says):
        call_command("verify_audit", stdout=io.StringIO())


def test_anchors_catch_a_recomputed_chain() -> None:
    _append(4)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    anchor = out.getvalue().split("Head ")[1].strip()
    call_command("verify_audit", "--anchor", anchor, stdout=io.StringIO())
    # A forger who has stolen the audit key too rewrites entry 2 and recomputes every hash
    # after it: the chain verifies, the anchor recorded outside the database does not.
    _forge_from(2, key=settings.HOMEWARD_AUDIT_KEYS[-1][1])
    call_command("verify_audit", stdout=io.StringIO())
    with pytest.raises(CommandError, match="anchor"):
        call_command("verify_audit", "--anchor", anchor, stdout=io.StringIO())


def test_missing_head_is_reported() -> None:
    _append(2)
    AuditHead.objects.all().delete()
    with pytest.raises(CommandError, match="head record is missing"):
        call_command("verify_audit", stdout=io.StringIO())


def test_malformed_anchor_is_explained() -> None:
    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("verify_audit", "--anchor", "nonsense", stdout=io.StringIO())


def test_no_audit_page_shows_a_medical_value_to_anyone(
    make_person,
    client_for,
    make_user,  # type: ignore[no-untyped-def]
) -> None:
    make_person(medical_notes="HIV positive")
    entry = AuditEntry.objects.get(action="person.create")
    assert "HIV positive" not in str(entry.after)  # kept as a keyed digest (ADR 39)
    assert entry.after["medical_notes"].startswith("hmac:test1:")
    assert "HIV positive" not in client_for("auditor").get("/audit/").content.decode()
    assert "HIV positive" not in client_for("administrator").get("/audit/").content.decode()
    from django.test import Client

    medic_auditor = make_user("auditor", username="medic-auditor")
    medic_auditor.groups.add(*make_user("medical_officer").groups.all())
    client = Client()
    client.force_login(medic_auditor)
    page = client.get("/audit/").content.decode()
    assert "HIV positive" not in page and entry.after["medical_notes"] not in page
    assert verify_audit_trail().broken is None


def test_numbers_verify_on_every_database(registrar: User) -> None:
    # Long ids from spreadsheets arrive as floats; PostgreSQL's jsonb rewrites 1e16.
    with transaction.atomic():
        entry = audit.record(
            actor=registrar,
            action="x",
            object_type="y",
            after={"id": 1e16, "ratio": 0.1, "tiny": 1.5e-7, "bad": float("nan")},
        )
    entry.refresh_from_db()
    assert entry.after == {"id": 10**16, "ratio": 0.1, "tiny": 1.5e-7, "bad": "nan"}
    assert verify_audit_trail().broken is None


def test_rewritten_last_entry_is_caught_by_the_head(registrar: User) -> None:
    from homeward.core.audit_chain import chain_hash

    _append(3, registrar)
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    last.after = {"i": 2, "name": "forged"}
    last.hash = chain_hash(last.prev_hash, last.chain_payload())
    last.save()
    broken = verify_audit_trail().broken
    assert broken is not None and broken.seq == last.seq


def test_auditors_filter_the_trail(client_for, make_person) -> None:  # type: ignore[no-untyped-def]
    make_person()
    client = client_for("auditor")
    today = timezone.localdate().isoformat()
    page = client.get("/audit/", {"actor": "registrar", "action": "person."}).context["page"]
    assert [e.action for e in page] == ["person.create"]
    assert client.get("/audit/", {"date_from": today}).context["page"].paginator.count >= 1
    assert client.get("/audit/", {"date_to": "2000-01-01"}).context["page"].paginator.count == 0
    page = client.get("/audit/", {"origin": "web"}).context["page"]
    assert page.paginator.count == 0


def test_many_entries_chain_as_single_ones_would(registrar: User) -> None:
    _append(2, registrar)
    first = AuditEntry.objects.count()
    changes = [
        audit.Change("test.bulk", "thing", i, f"thing {i}", after={"i": i, "name": "Ткачук"})
        for i in range(5)
    ]
    with transaction.atomic():
        assert audit.record_many(actor=registrar, changes=changes) == 5
        assert audit.record_many(actor=registrar, changes=[]) == 0
    _append(1, registrar)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, first + 7))
    assert [e.object_id for e in entries[first : first + 5]] == ["0", "1", "2", "3", "4"]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert verify_audit_trail().broken is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_entries_outside_a_transaction_are_refused() -> None:
    with pytest.raises(RuntimeError, match="inside"):
        audit.record_many(actor=None, changes=[audit.Change("x", "y")])
