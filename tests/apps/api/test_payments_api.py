"""Payments through the API: the same rules as the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from homeward.apps.audit.models import AuditEntry
from homeward.apps.payments.models import Payment, PaymentRule
from homeward.apps.registry.models import Person
from homeward.apps.returns.models import ReturnCase
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

IBAN = "UA213223130000026007233566001"


@pytest.fixture
def case(
    make_person: Callable[..., Person], received: Callable[[Person], ReturnCase]
) -> ReturnCase:
    since = dt.date(2022, 2, 24)
    PaymentRule.objects.create(code="aid", name_uk="Допомога", name_en="Aid", basis="one_time",
                               amount=Decimal("100000.00"), effective_from=since)  # fmt: skip
    PaymentRule.objects.create(code="daily", name_uk="Щоденна", name_en="Daily", basis="per_day",
                               amount=Decimal("100.00"), effective_from=since)  # fmt: skip
    return received(make_person(capture_date=dt.date(2025, 5, 1), capture_date_precision="day"))


def test_compute_pay_and_download_the_register(
    case: ReturnCase, api_for: Callable[[str], APIClient], make_user: Callable[..., User]
) -> None:
    payer = api_for("payments_officer")
    payer.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    approver = token_client(make_user("payments_officer", "payer-2"))
    computed = payer.post("/api/entitlements/compute/", {"cases": [case.pk]}, format="json")
    assert computed.json() == {"computed": 1, "problems": []}
    [row] = payer.get("/api/entitlements/", {"stand": "no_payee"}).json()["results"]
    assert row["days"] == 23 and row["total"] == "102300.00"  # 1 to 23 May, and the aid
    assert [line["rule"] for line in row["lines"]] == ["aid", "daily"]
    assert "23 days from 2025-05-01 to 2025-05-23 at 100.00 a day" in row["lines"][1]["explanation"]
    paid = payer.post(f"/api/entitlements/{row['id']}/payee/",
                      {"payee_name": "Шевченко Олександр", "iban": IBAN,
                       "tax_number": "1759013776"}, format="json")  # fmt: skip
    assert paid.status_code == 200 and paid.json()["iban"] == IBAN
    batch = payer.post("/api/payment-batches/", {"entitlements": [row["id"]]}, format="json")
    assert batch.status_code == 201 and batch.json()["total"] == "102300.00"
    number = batch.json()["id"]
    assert payer.post(f"/api/payment-batches/{number}/approve/").status_code == 400
    for _attempt in range(2):  # a retry answers with the paid batch
        approved = approver.post(f"/api/payment-batches/{number}/approve/")
        assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert Payment.objects.count() == 1
    register = payer.get(f"/api/payment-batches/{number}/register/", {"file": "csv"})
    assert register.status_code == 200 and "102300.00" in register.content.decode("utf-8-sig")


def test_administrators_keep_the_rules_and_every_change_is_audited(
    api_for: Callable[[str], APIClient],
) -> None:
    admin = api_for("administrator")
    made = admin.post("/api/payment-rules/", {
        "code": "aid", "name_uk": "Допомога", "name_en": "Aid", "basis": "one_time",
        "amount": "100000.00", "effective_from": "2022-02-24", "categories": []},
        format="json")  # fmt: skip
    assert made.status_code == 201
    ended = admin.patch(f"/api/payment-rules/{made.json()['id']}/",
                        {"effective_to": "2026-12-31"}, format="json")  # fmt: skip
    assert ended.status_code == 200 and ended.json()["effective_to"] == "2026-12-31"
    backwards = admin.patch(f"/api/payment-rules/{made.json()['id']}/",
                            {"effective_to": "2020-01-01"}, format="json")  # fmt: skip
    assert backwards.status_code == 400
    assert PaymentRule.objects.get().effective_to == dt.date(2026, 12, 31)
    assert AuditEntry.objects.filter(action__startswith="paymentrule.").count() == 2
    payer = api_for("payments_officer")
    assert payer.get("/api/payment-rules/").json()["count"] == 1
    assert payer.patch(f"/api/payment-rules/{made.json()['id']}/", {"cap": "1.00"},
                       format="json").status_code == 403  # fmt: skip
