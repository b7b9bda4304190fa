from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from homeward.apps.audit.models import AuditEntry
from homeward.apps.payments import batches, services
from homeward.apps.payments.models import Entitlement, Payment, PaymentRule
from homeward.apps.returns.models import ReturnCase
from tests.apps.payments.conftest import IBAN, TAX_NUMBER

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_from_return_to_a_paid_batch_through_the_pages(
    rules: list[PaymentRule], payer: User, approver: User, case_for: Callable[..., ReturnCase]
) -> None:
    cases = [case_for(number=n) for n in (1, 2)]
    client = logged_in(payer)
    page = client.get("/payments/").content.decode()
    assert 'data-stand="to_compute"' in page and f'value="{cases[0].pk}"' in page
    client.post("/payments/compute/", {"chosen": [c.pk for c in cases]})
    rows = list(Entitlement.objects.order_by("pk"))
    assert len(rows) == 2
    detail = client.get(f"/payments/entitlements/{rows[0].pk}/").content.decode()
    assert "47 days from 2024-11-15 to 2024-12-31 at 3100.00 a month" in detail
    bad = {"action": "payee", "payee_name": "Бойко Іван", "iban": "UA00", "tax_number": TAX_NUMBER}
    refused = client.post(f"/payments/entitlements/{rows[0].pk}/", bad)
    assert "is not a valid IBAN" in refused.content.decode()
    for row in rows:
        client.post(f"/payments/entitlements/{row.pk}/", {
            "action": "payee", "payee_name": f"Бойко {row.pk}", "iban": IBAN,
            "tax_number": TAX_NUMBER})  # fmt: skip
    response = client.post("/payments/batches/", {"chosen": [r.pk for r in rows], "note": ""})
    batch_url = response["Location"]
    page = client.get(batch_url).content.decode()
    assert 'id="approve-button"' not in page  # the preparer does not approve
    approver_client = logged_in(approver)
    assert 'id="approve-button"' in approver_client.get(batch_url).content.decode()
    approver_client.post(f"{batch_url}decide/", {"decision": "approve"})
    approver_client.post(f"{batch_url}decide/", {"decision": "approve"})  # pressed twice
    assert Payment.objects.count() == 2
    total = sum((r.total for r in rows), Decimal(0))
    table = list(csv.reader(io.StringIO(client.get(f"{batch_url}register.csv")
                                        .content.decode("utf-8-sig"))))  # fmt: skip
    assert table[0][0] == "No." and len(table) == 4
    assert sum(Decimal(r[5]) for r in table[1:-1]) == Decimal(table[-1][5]) == total
    sheet = load_workbook(io.BytesIO(client.get(f"{batch_url}register.xlsx").content)).active
    assert sheet is not None
    amounts = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sum(Decimal(str(a)) for a in amounts[:-1]) == Decimal(str(amounts[-1])) == total
    assert AuditEntry.objects.filter(action="payment_batch.export").count() == 2


def test_a_batch_is_rejected_with_a_reason_and_its_entitlements_freed(
    rules: list[PaymentRule], payer: User, approver: User, case_for: Callable[..., ReturnCase]
) -> None:
    row = services.compute(actor=payer, case_id=case_for().pk)
    services.set_payee(actor=payer, entitlement_id=row.pk, payee_name="Бойко Іван", iban=IBAN,
                       tax_number=TAX_NUMBER)  # fmt: skip
    batch = batches.create_batch(actor=payer, entitlement_ids=[row.pk])
    client = logged_in(approver)
    decide = f"/payments/batches/{batch.pk}/decide/"
    page = client.post(decide, {"decision": "reject", "reason": ""}, follow=True)
    assert "Say why the batch is rejected." in page.content.decode()
    client.post(decide, {"decision": "reject", "reason": "The IBAN is closed."})
    batch.refresh_from_db()
    assert batch.state == "rejected" and batch.reason == "The IBAN is closed."
    assert 'data-stand="ready"' in client.get("/payments/?stand=ready").content.decode()
