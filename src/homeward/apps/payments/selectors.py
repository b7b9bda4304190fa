"""Reads of the payments, for payments officers (and administrators, who keep the rules):
where each returned person's payment stands, an entitlement with its breakdown, batches
and their registers."""

from __future__ import annotations

import enum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeward.apps.common import permissions
from homeward.apps.common.permissions import Actor, Perm
from homeward.apps.payments.models import BatchItem, Entitlement, Payment, PaymentBatch
from homeward.apps.returns.models import ReturnCase

MAY_VIEW = Perm.VIEW_ENTITLEMENT


class Stand(enum.StrEnum):
    """Where a return stands on the way to its payment."""

    TO_COMPUTE = "to_compute"
    TO_CHECK = "to_check"
    NO_PAYEE = "no_payee"
    READY = "ready"
    IN_BATCH = "in_batch"
    PAID = "paid"
    NOTHING_DUE = "nothing_due"


STAND_LABELS = {
    Stand.TO_COMPUTE: gettext_lazy("Not computed yet"),
    Stand.TO_CHECK: gettext_lazy("Dates to check by hand"),
    Stand.NO_PAYEE: gettext_lazy("Bank details missing"),
    Stand.READY: gettext_lazy("Ready to pay"),
    Stand.IN_BATCH: gettext_lazy("In a batch awaiting approval"),
    Stand.PAID: gettext_lazy("Paid"),
    Stand.NOTHING_DUE: gettext_lazy("Nothing due"),
}


def require(user: Actor) -> None:
    permissions.require(user, MAY_VIEW, Perm.VIEW_PERSON, refusal=_("You may not see payments."))


def _entitlements() -> QuerySet[Entitlement]:
    in_batch = BatchItem.objects.filter(entitlement=OuterRef("pk"), released=False)
    paid = Payment.objects.filter(entitlement=OuterRef("pk"))
    qs: QuerySet[Entitlement] = Entitlement.objects.select_related("person", "case").annotate(
        in_batch=Exists(in_batch), paid=Exists(paid)
    )
    return qs


def entitlements_for(user: Actor, stand: str = "") -> QuerySet[Entitlement]:
    """Computed entitlements, narrowed to one stand (not TO_COMPUTE: see cases_to_compute)."""
    require(user)
    qs = _entitlements()
    needs_check = ~Q(flags=[]) & Q(checked_at__isnull=True)
    no_payee = Q(payee_name="") | Q(iban="") | Q(tax_number="")
    waiting = Q(in_batch=False, paid=False)
    conditions = {
        Stand.PAID: Q(paid=True),
        Stand.IN_BATCH: Q(in_batch=True, paid=False),
        Stand.NOTHING_DUE: Q(total__lte=0) & waiting,
        Stand.TO_CHECK: needs_check & Q(total__gt=0) & waiting,
        Stand.NO_PAYEE: ~needs_check & no_payee & Q(total__gt=0) & waiting,
        Stand.READY: ~needs_check & ~no_payee & Q(total__gt=0) & waiting,
    }
    if stand in conditions:
        qs = qs.filter(conditions[Stand(stand)])
    return qs.order_by("returned_on", "person__surname", "id")


def cases_to_compute(user: Actor) -> QuerySet[ReturnCase]:
    """Returns of ours with no entitlement computed yet."""
    require(user)
    cases: QuerySet[ReturnCase] = ReturnCase.objects.filter(entitlement__isnull=True)
    return cases.select_related("person").order_by("returned_on", "person__surname", "id")


def counts(user: Actor) -> dict[Stand, int]:
    require(user)
    result = {Stand.TO_COMPUTE: cases_to_compute(user).count()}
    for stand in Stand:
        if stand is not Stand.TO_COMPUTE:
            result[stand] = entitlements_for(user, stand).count()
    return result


def entitlement_for(user: Actor, pk: int) -> Entitlement:
    require(user)
    row: Entitlement = get_object_or_404(_entitlements(), pk=pk)
    return row


def batches_for(user: Actor) -> QuerySet[PaymentBatch]:
    require(user)
    qs: QuerySet[PaymentBatch] = PaymentBatch.objects.select_related("created_by", "decided_by")
    return qs


def batch_for(user: Actor, pk: int) -> PaymentBatch:
    batch: PaymentBatch = get_object_or_404(batches_for(user), pk=pk)
    return batch


def items_of(user: Actor, batch: PaymentBatch) -> QuerySet[BatchItem]:
    require(user)
    items: QuerySet[BatchItem] = batch.items.select_related("entitlement__person").order_by("pk")
    return items
