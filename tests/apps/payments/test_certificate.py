"""The certificate a family receives says who, when, how long, what is due and what was
paid; it is a real PDF, and each issue is audited."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils.translation import override
from pypdf import PdfReader

from homeward.apps.audit.models import AuditEntry
from homeward.apps.payments import batches, certificate, services
from homeward.apps.payments.models import PaymentRule
from homeward.apps.returns.models import ReturnCase
from tests.apps.payments.conftest import IBAN, TAX_NUMBER

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_certificate_tells_the_family_what_was_due_and_paid(
    rules: list[PaymentRule], payer: User, approver: User, case_for: Callable[..., ReturnCase],
    make_user: Callable[..., User],
) -> None:  # fmt: skip
    case = case_for()
    liaison = make_user("family_liaison")
    before = text_of(certificate.issue(actor=liaison, case_id=case.pk))
    assert case.person.full_name in before
    assert "The entitlement has not been computed yet." in before
    assert "Days in captivity 190" in before
    row = services.compute(actor=payer, case_id=case.pk)
    services.set_payee(actor=payer, entitlement_id=row.pk, payee_name="Бойко Іван", iban=IBAN,
                       tax_number=TAX_NUMBER)  # fmt: skip
    batch = batches.create_batch(actor=payer, entitlement_ids=[row.pk])
    batches.approve_batch(actor=approver, batch_id=batch.pk)
    after = text_of(certificate.issue(actor=liaison, case_id=case.pk))
    assert "Total: 121824.30 UAH" in after and f"payment batch {batch.pk}" in after
    assert "4753.33 UAH — 47 days from 2024-11-15 to 2024-12-31" in after
    with override("uk"):
        ukrainian = text_of(certificate.issue(actor=liaison, case_id=case.pk))
    assert "Довідка про перебування в полоні та виплати" in ukrainian
    assert AuditEntry.objects.filter(action="certificate.issue").count() == 3


def test_only_roles_that_serve_families_issue_it(
    case_for: Callable[..., ReturnCase], registrar: User, make_user: Callable[..., User]
) -> None:
    case = case_for()
    with pytest.raises(PermissionDenied):
        certificate.issue(actor=registrar, case_id=case.pk)
    client = Client()
    client.force_login(make_user("return_coordinator"))
    response = client.get(f"/returns/cases/{case.pk}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
