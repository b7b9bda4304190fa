"""No secrets in the trail (issue 21, point 4; ADR 39): medical values, bank accounts and
taxpayer numbers are recorded as changed, with a keyed digest, never as values, and the
audit pages show none of them, not even those an older entry still holds."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client, override_settings

from homeward.apps.audit import services as audit
from homeward.apps.audit.models import AuditEntry
from homeward.apps.audit.verification import verify_audit_trail
from homeward.core.sensitivity import MASK

pytestmark = pytest.mark.django_db

IBAN = "UA213223130000026007233566001"
TAX = "3012345678"


def _payee(actor: User, iban: str, tax: str, before: dict[str, str] | None = None) -> AuditEntry:
    with transaction.atomic():
        return audit.record(
            actor=actor,
            action="entitlement.payee",
            object_type="entitlement",
            object_id=1,
            before=before,
            after={"payee_name": "Бойко Ірина", "iban": iban, "tax_number": tax},
        )


def test_bank_details_are_kept_as_keyed_digests(registrar: User) -> None:
    first = _payee(registrar, IBAN, TAX)
    first.refresh_from_db()
    assert IBAN not in str(first.after) and TAX not in str(first.after)
    assert first.after["payee_name"] == "Бойко Ірина"  # a name is no secret here
    again = _payee(registrar, IBAN, "", before={"iban": IBAN, "tax_number": TAX})
    again.refresh_from_db()
    # Equal values, equal digests: an auditor sees the account did not change.
    assert again.after["iban"] == first.after["iban"] == again.before["iban"]
    assert again.after["tax_number"] == ""  # cleared: no secret in that
    with override_settings(HOMEWARD_AUDIT_KEYS=[("other", b"k" * 32)]):
        other = _payee(registrar, IBAN, TAX)
    assert other.after["iban"] != first.after["iban"]  # another key, another digest
    with override_settings(HOMEWARD_AUDIT_KEYS=[("test1", bytes(range(32))), ("other", b"k" * 32)]):
        assert verify_audit_trail().broken is None


def test_nested_secrets_are_digested_too(registrar: User) -> None:
    with transaction.atomic():
        entry = audit.record(
            actor=registrar,
            action="batch.lines",
            object_type="payment_batch",
            after={"lines": [{"iban": IBAN, "amount": "100.00"}], "case": {"finding": "x"}},
        )
    assert IBAN not in str(entry.after)
    assert entry.after["lines"][0]["amount"] == "100.00"
    assert entry.after["case"]["finding"].startswith("hmac:")


def test_older_entries_that_hold_values_are_masked_for_everyone(
    registrar: User, client_for: Callable[[str], Client]
) -> None:
    _payee(registrar, IBAN, TAX)
    # An entry written before digests, with the values themselves, as the database has
    # them from earlier versions (it cannot be rewritten: the chain covers it).
    AuditEntry.objects.filter(action="entitlement.payee").update(
        after={"iban": IBAN, "tax_number": TAX, "payee_name": "Бойко Ірина"}
    )
    for role in ("auditor", "administrator", "payments_officer"):
        page = client_for(role).get("/audit/").content.decode()
        assert IBAN not in page and TAX not in page, role
    assert MASK in client_for("auditor").get("/audit/").content.decode()
