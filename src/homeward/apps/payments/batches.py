"""Payment batches: prepared by one payments officer, approved (paid) or rejected by
another. Approving pays every entitlement of the batch exactly once: the batch is locked
while it is approved, the approver cannot be its preparer (also a database constraint),
a retry by the approver answers with the batch as approved, and a payment's entitlement is
a unique column, so two approvals at the same moment cannot pay anyone twice."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.apps.audit import services as audit
from homeward.apps.common.messages import first_problems
from homeward.apps.common.permissions import Actor
from homeward.apps.payments.choices import BatchStateChoice
from homeward.apps.payments.models import BatchItem, Entitlement, Payment, PaymentBatch
from homeward.apps.payments.services import (
    MAY_APPROVE,
    MAY_PREPARE,
    PaymentError,
    locked,
    require,
)
from homeward.apps.returns import services as returns
from homeward.apps.returns.models import CaseStep
from homeward.core.returns import StepKind, StepState


def _why_not_payable(row: Entitlement) -> str | None:
    if row.total <= 0:
        return _("nothing is due")
    if row.needs_check:
        return _("its dates need a check by hand first")
    if not row.has_payee:
        return _("the payee's bank details are missing")
    return locked(row)


@transaction.atomic
def create_batch(*, actor: Actor, entitlement_ids: Iterable[int], note: str = "") -> PaymentBatch:
    """A batch of the entitlements, all or none: each must be due, checked where its dates
    needed it, have its payee's details, and be neither paid nor in another batch."""
    user = require(actor, MAY_PREPARE)
    ids = sorted(set(entitlement_ids))
    if not ids:
        raise PaymentError(_("Choose the entitlements to pay."))
    rows = list(Entitlement.objects.select_for_update().select_related("person")
                .filter(pk__in=ids).order_by("pk"))  # fmt: skip
    if len(rows) != len(ids):
        raise PaymentError(_("Some of the chosen entitlements no longer exist: reload the page."))
    problems = [f"{row.person}: {why}" for row in rows if (why := _why_not_payable(row))]
    if problems:
        raise PaymentError(first_problems(problems))
    batch = PaymentBatch.objects.create(
        count=len(rows), total=sum((r.total for r in rows), Decimal("0.00")),
        note=note.strip(), created_by=user,
    )  # fmt: skip
    BatchItem.objects.bulk_create(
        BatchItem(batch=batch, entitlement=row, amount=row.total,
                  case_number=row.person.case_number, payee_name=row.payee_name,
                  iban=row.iban, tax_number=row.tax_number)
        for row in rows
    )  # fmt: skip
    audit.record(
        actor=user, action="payment_batch.create", object_type="payment_batch",
        object_id=batch.pk, object_repr=str(batch),
        after={"count": batch.count, "total": str(batch.total), "entitlements": ids},
    )  # fmt: skip
    return batch


def _decidable(user: User, batch_id: int) -> PaymentBatch | None:
    """The batch locked for a decision; None when this approver already approved it (a
    retry: nothing more to do)."""
    batch = PaymentBatch.objects.select_for_update().get(pk=batch_id)
    if batch.state == BatchStateChoice.APPROVED and batch.decided_by_id == user.pk:
        return None
    if batch.state != BatchStateChoice.PENDING:
        raise PaymentError(_("Batch %(batch)s is already %(state)s by %(who)s.") % {
            "batch": batch, "state": batch.get_state_display().lower(),
            "who": batch.decided_by.get_username() if batch.decided_by else "—"})  # fmt: skip
    if batch.created_by_id == user.pk:
        raise PaymentError(_("You prepared batch %(batch)s: another payments officer approves "
                             "or rejects it.") % {"batch": batch})  # fmt: skip
    return batch


@transaction.atomic
def approve_batch(*, actor: Actor, batch_id: int) -> PaymentBatch:
    """Pay the batch. Safe to retry; a second approver at the same moment is refused."""
    user = require(actor, MAY_APPROVE)
    batch = _decidable(user, batch_id)
    if batch is None:
        return PaymentBatch.objects.get(pk=batch_id)
    now = timezone.now()
    items = list(batch.items.select_related("entitlement__case").order_by("pk"))
    try:
        with transaction.atomic():
            Payment.objects.bulk_create(
                Payment(entitlement_id=item.entitlement_id, item=item, batch=batch,
                        amount=item.amount, approved_by=user, approved_at=now)
                for item in items
            )  # fmt: skip
    except IntegrityError as exc:
        raise PaymentError(_("Someone in batch %(batch)s has been paid already: reject this "
                             "batch.") % {"batch": batch}) from exc  # fmt: skip
    batch.state, batch.decided_by, batch.decided_at = BatchStateChoice.APPROVED, user, now
    batch.save(update_fields=["state", "decided_by", "decided_at"])
    audit.record(
        actor=user, action="payment_batch.approve", object_type="payment_batch",
        object_id=batch.pk, object_repr=str(batch),
        after={"count": batch.count, "total": str(batch.total)},
    )  # fmt: skip
    _payments_step_done(user, [item.entitlement.case_id for item in items])
    return batch


def _payments_step_done(user: User, case_ids: list[int]) -> None:
    """The cases' payments step is done once their entitlement is paid."""
    steps = list(CaseStep.objects.filter(case_id__in=case_ids, kind=StepKind.PAYMENTS,
                                         case__closed_at__isnull=True)
                 .exclude(state=StepState.DONE))  # fmt: skip
    # A template may give the step to another role: then its owners mark it themselves.
    one_per_owner = {s.owner_role: s for s in steps}.values()
    if steps and all(returns.may_work_on(user, s) for s in one_per_owner):
        returns.update_steps(actor=user, step_ids=[s.pk for s in steps],
                             state=StepState.DONE.value)  # fmt: skip


@transaction.atomic
def reject_batch(*, actor: Actor, batch_id: int, reason: str) -> PaymentBatch:
    """Send the batch back: its entitlements are free to be corrected and batched again."""
    user = require(actor, MAY_APPROVE)
    if not reason.strip():
        raise PaymentError({"reason": [_("Say why the batch is rejected.")]})
    batch = _decidable(user, batch_id)
    if batch is None:
        raise PaymentError(_("You approved this batch: it has been paid."))
    batch.items.update(released=True)
    batch.state, batch.decided_by = BatchStateChoice.REJECTED, user
    batch.decided_at, batch.reason = timezone.now(), reason.strip()
    batch.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    audit.record(actor=user, action="payment_batch.reject", object_type="payment_batch",
                 object_id=batch.pk, object_repr=str(batch),
                 after={"reason": batch.reason})  # fmt: skip
    return batch
