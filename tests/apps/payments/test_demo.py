"""The demo's payments: entitlements for everyone received, one batch paid, one waiting."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.exchanges.demo import load_exchange_demo
from homeward.apps.payments import demo
from homeward.apps.payments.models import Entitlement, Payment, PaymentBatch
from homeward.apps.registry.demo import DEMO_SOURCES
from homeward.apps.registry.services import create_source
from homeward.apps.returns.demo import load_returns_demo
from tests.apps.exchanges.test_demo import SMALL

pytestmark = pytest.mark.django_db


def test_the_demo_pays_one_batch_and_leaves_one_to_approve(
    make_user: Callable[..., User], registrar: User, payer: User, approver: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    for kind, (name, reliability) in DEMO_SOURCES.items():
        create_source(actor=registrar, kind=kind, name=name, reliability=reliability)
    received = load_exchange_demo(officer=make_user("exchange_officer"), registrar=registrar,
                                  confirmer=make_user("administrator"), stages=SMALL)  # fmt: skip
    load_returns_demo(coordinator=make_user("return_coordinator"),
                      medic=make_user("medical_officer"))  # fmt: skip
    monkeypatch.setattr(demo, "WITH_PAYEE", 1.0)  # everyone ready: 8, so 5 paid and 3 waiting
    counts = demo.load_payments_demo(payer=payer, second_payer=approver)
    assert counts["computed"] == received == Entitlement.objects.count()
    paid, waiting = PaymentBatch.objects.order_by("pk")
    assert (paid.state, paid.count, waiting.state, waiting.count) == ("approved", 5, "pending", 3)
    assert Payment.objects.count() == 5 and waiting.created_by == approver
    assert sum(p.amount for p in Payment.objects.all()) == paid.total
    assert demo.load_payments_demo(payer=payer, second_payer=approver) == {}
    assert verify_audit_trail().broken is None
