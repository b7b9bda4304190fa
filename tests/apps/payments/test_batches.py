"""Batches: prepared by one payments officer, approved by another; nobody paid twice,
whatever the retries and however close two approvals come."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils.translation import override

from homeward.apps.payments import batches, services
from homeward.apps.payments.models import BatchItem, Entitlement, Payment, PaymentBatch, PaymentRule
from homeward.apps.returns.models import ReturnCase
from tests.apps.payments.conftest import IBAN, TAX_NUMBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def payable(
    rules: list[PaymentRule], payer: User, case_for: Callable[..., ReturnCase]
) -> list[Entitlement]:
    rows = []
    for number in (1, 2, 3):
        row = services.compute(actor=payer, case_id=case_for(number=number).pk)
        rows.append(services.set_payee(actor=payer, entitlement_id=row.pk,
                                       payee_name=f"Бойко{number} Олександр", iban=IBAN,
                                       tax_number=TAX_NUMBER))  # fmt: skip
    return rows


def test_a_batch_is_paid_once_approved_by_a_second_officer(
    payable: list[Entitlement], payer: User, approver: User
) -> None:
    batch = batches.create_batch(actor=payer, entitlement_ids=[r.pk for r in payable])
    assert batch.count == 3 and batch.total == sum((r.total for r in payable), Decimal(0))
    with pytest.raises(ValidationError, match="another payments officer approves"):
        batches.approve_batch(actor=payer, batch_id=batch.pk)
    assert not Payment.objects.exists()
    batches.approve_batch(actor=approver, batch_id=batch.pk)
    assert Payment.objects.count() == 3
    assert sum(p.amount for p in Payment.objects.all()) == batch.total
    again = batches.approve_batch(actor=approver, batch_id=batch.pk)  # a retry
    assert again.state == "approved" and Payment.objects.count() == 3
    # The returned persons' payments step follows.
    cases = ReturnCase.objects.filter(entitlement__in=payable)
    assert {c.steps.get(kind="payments").state for c in cases} == {"done"}


def test_the_database_refuses_the_preparer_as_approver(
    payable: list[Entitlement], payer: User
) -> None:
    batch = batches.create_batch(actor=payer, entitlement_ids=[payable[0].pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentBatch.objects.filter(pk=batch.pk).update(decided_by=payer)


def test_an_entitlement_is_in_one_open_batch_and_paid_once(
    payable: list[Entitlement], payer: User, approver: User
) -> None:
    first = batches.create_batch(actor=payer, entitlement_ids=[payable[0].pk])
    with pytest.raises(ValidationError, match="in a payment batch"):
        batches.create_batch(actor=payer, entitlement_ids=[payable[0].pk, payable[1].pk])
    batches.reject_batch(actor=approver, batch_id=first.pk, reason="Wrong IBAN for Бойко1.")
    second = batches.create_batch(actor=approver, entitlement_ids=[payable[0].pk])
    batches.approve_batch(actor=payer, batch_id=second.pk)
    with pytest.raises(ValidationError, match="has been paid"):
        batches.create_batch(actor=payer, entitlement_ids=[payable[0].pk])
    with pytest.raises(ValidationError, match="already rejected"):
        batches.approve_batch(actor=payer, batch_id=first.pk)
    # Even written past the services, a second payment for the entitlement is refused.
    item = BatchItem.objects.create(batch=first, entitlement=payable[0], amount=1,
                                    case_number="x", payee_name="x", iban=IBAN,
                                    tax_number=TAX_NUMBER, released=True)  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(entitlement=payable[0], item=item, batch=first, amount=1,
                               approved_by=approver, approved_at=second.decided_at)  # fmt: skip


def test_what_cannot_be_paid_is_named_and_nothing_is_batched(
    rules: list[PaymentRule], payer: User, registrar: User, case_for: Callable[..., ReturnCase]
) -> None:
    flagged = services.compute(actor=payer, case_id=case_for(dt.date(2024, 11, 1), "month").pk)
    no_payee = services.compute(actor=payer, case_id=case_for(number=2).pk)
    with pytest.raises(ValidationError) as refused:
        batches.create_batch(actor=payer, entitlement_ids=[flagged.pk, no_payee.pk])
    assert [m.split(": ", 1)[1] for m in refused.value.messages] == [
        "its dates need a check by hand first", "the payee's bank details are missing"]  # fmt: skip
    assert not PaymentBatch.objects.exists()
    with pytest.raises(PermissionDenied):
        batches.create_batch(actor=registrar, entitlement_ids=[no_payee.pk])


# serialized_rollback: the flush at the end would take the roles' groups with it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_approvals_at_the_same_moment_pay_once(
    payable: list[Entitlement], payer: User, approver: User, make_user: Callable[..., User]
) -> None:
    """Two payments officers press Approve on the same batch at the same moment, each on
    their own database connection: one pays, the other is refused, nobody is paid twice."""
    third = make_user("payments_officer", "payer-3")
    batch = batches.create_batch(actor=payer, entitlement_ids=[r.pk for r in payable])
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def press(user: User) -> None:
        try:
            barrier.wait()
            with override("en"):  # a thread starts in the default language
                batches.approve_batch(actor=user, batch_id=batch.pk)
            outcomes[user.username] = "paid"
        except ValidationError as exc:
            outcomes[user.username] = " ".join(exc.messages)
        except OperationalError as exc:
            # The suite's in-memory SQLite refuses a second writer at once ("table is
            # locked") where a database file would make it wait; still only one pays.
            assert connection.vendor == "sqlite", exc
            outcomes[user.username] = "refused by the database"
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(u,)) for u in (approver, third)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    paid = [u for u, v in outcomes.items() if v == "paid"]
    refused = [v for v in outcomes.values() if v != "paid"]
    assert len(paid) == 1 and len(refused) == 1, outcomes
    assert refused[0].startswith(f"Batch {batch} is already approved: paid by {paid[0]}") or (
        refused[0] == "refused by the database"
    ), outcomes
    assert Payment.objects.count() == len(payable)
    assert Payment.objects.values("entitlement").distinct().count() == len(payable)
