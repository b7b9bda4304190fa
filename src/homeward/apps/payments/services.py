"""Entitlements: computed from the rules and the person's dates, checked by hand when a
date is not known to the day, and given the payee's bank details. One function per state
change, keyword-only `actor`, one transaction with its audit entry."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban as iban_number
from stdnum.exceptions import ValidationError as NumberError
from stdnum.ua import rntrc

from homeward.apps.audit import services as audit
from homeward.apps.common import permissions
from homeward.apps.common.permissions import Actor, Perm
from homeward.apps.payments.models import BatchItem, Entitlement, PaymentBatch, PaymentRule
from homeward.apps.returns.models import ReturnCase
from homeward.core.compensation import Line, entitlement

MAY_VIEW = Perm.VIEW_ENTITLEMENT
MAY_COMPUTE = Perm.COMPUTE_ENTITLEMENT
MAY_PREPARE = Perm.PREPARE_PAYMENT_BATCH
MAY_APPROVE = Perm.APPROVE_PAYMENT_BATCH


class PaymentError(ValidationError):
    """The change cannot be made; the message says why and what to do."""


def require(actor: Actor, perm: str) -> User:
    return permissions.require(actor, perm, refusal=_("Only payments officers may do this."))


def _line_json(line: Line) -> dict[str, Any]:
    return {
        "rule": line.rule, "basis": line.basis.value,
        "first_day": line.first_day.isoformat() if line.first_day else None,
        "last_day": line.last_day.isoformat() if line.last_day else None,
        "days": line.days, "amount": str(line.amount),
        "explanation": line.explanation.as_json(),
    }  # fmt: skip


def locked(entitlement_row: Entitlement) -> str | None:
    """Why the entitlement can no longer change (paid, or in a batch), or None."""
    if hasattr(entitlement_row, "payment"):
        return _("It has been paid.")
    if BatchItem.objects.filter(entitlement=entitlement_row, released=False).exists():
        return _("It is in a payment batch: reject the batch first.")
    return None


@transaction.atomic
def compute(*, actor: Actor, case_id: int) -> Entitlement:
    """The entitlement of a return, from the rules in the database and the dates as the
    registry and the case hold them now; computed again, it replaces the previous figures
    (and any check by hand) until it is in a batch."""
    user = require(actor, MAY_COMPUTE)
    case = ReturnCase.objects.select_for_update().select_related("person").get(pk=case_id)
    person = case.person
    rules = [rule.to_core() for rule in PaymentRule.objects.all()]
    if not rules:
        raise PaymentError(_("No payment rule is recorded: an administrator enters the rules "
                             "in force first."))  # fmt: skip
    result = entitlement(rules, person.captured, case.returned, person.category)
    row = Entitlement.objects.select_for_update().filter(case=case).first()
    before = None
    if row is not None:
        if why := locked(row):
            raise PaymentError(_("The entitlement cannot be computed again: %(why)s")
                               % {"why": why})  # fmt: skip
        before = {"total": str(row.total), "days": row.days, "flags": row.flags}
    else:
        row = Entitlement(case=case, person=person, payee_name=person.full_name)
    period = result.period
    row.category = person.category
    row.captured_on, row.captured_precision = person.capture_date, person.capture_date_precision
    row.returned_on, row.returned_precision = case.returned_on, case.returned_precision
    row.first_day, row.last_day, row.days = period.start, period.end, period.days
    row.total, row.lines = result.total, [_line_json(line) for line in result.lines]
    row.flags = [flag.value for flag in result.flags]
    row.computed_by, row.computed_at = user, timezone.now()
    row.checked_by, row.checked_at, row.check_note = None, None, ""
    if row.pk:
        row.version += 1
    row.save()
    audit.record(
        actor=user, action="entitlement.compute", object_type="entitlement", object_id=row.pk,
        object_repr=str(row), before=before,
        after={"total": str(row.total), "days": row.days, "flags": row.flags,
               "rules": [line["rule"] for line in row.lines]},
    )  # fmt: skip
    return row


@transaction.atomic
def check(
    *, actor: Actor, entitlement_id: int, note: str, version: int | None = None
) -> Entitlement:
    """A payments officer has established what the flagged dates could not say (the
    documents of capture or return) and accepts the figures: `note` says what was checked."""
    user = require(actor, MAY_COMPUTE)
    row = Entitlement.objects.select_for_update().get(pk=entitlement_id)
    if version is not None and version != row.version:
        raise PaymentError(_("The entitlement was computed again meanwhile: check the new "
                             "figures."))  # fmt: skip
    if not row.flags:
        raise PaymentError(_("Nothing in this entitlement needs a check by hand."))
    if not note.strip():
        raise PaymentError({"note": [_("Say what was checked (which document, what date).")]})
    if why := locked(row):
        raise PaymentError(why)
    row.checked_by, row.checked_at, row.check_note = user, timezone.now(), note.strip()
    row.save(update_fields=["checked_by", "checked_at", "check_note"])
    audit.record(actor=user, action="entitlement.check", object_type="entitlement",
                 object_id=row.pk, object_repr=str(row),
                 after={"note": row.check_note, "total": str(row.total)})  # fmt: skip
    return row


def clean_bank_details(payee_name: str, iban: str, tax_number: str) -> dict[str, str]:
    """The payee's details as the register needs them, or PaymentError naming the field."""
    errors: dict[str, list[str]] = {}
    clean = {"payee_name": " ".join(payee_name.split())}
    if not clean["payee_name"]:
        errors["payee_name"] = [_("Write the payee's full name as in their bank account.")]
    try:
        clean["iban"] = iban_number.validate(iban)
        if not clean["iban"].startswith("UA"):
            errors["iban"] = [_("The account must be a Ukrainian IBAN (UA…).")]
    except NumberError:
        errors["iban"] = [_("“%(iban)s” is not a valid IBAN: check it against the bank's "
                            "statement (UA and 27 digits).") % {"iban": iban}]  # fmt: skip
    try:
        clean["tax_number"] = rntrc.validate(tax_number)
    except NumberError:
        text = _("“%(number)s” is not a valid taxpayer number (RNOKPP, 10 digits with a "
                 "check digit).")  # fmt: skip
        errors["tax_number"] = [text % {"number": tax_number}]
    if errors:
        raise PaymentError(errors)
    return clean


@transaction.atomic
def set_payee(*, actor: Actor, entitlement_id: int, payee_name: str, iban: str,
              tax_number: str) -> Entitlement:  # fmt: skip
    """Whom the entitlement is paid to, and where."""
    user = require(actor, MAY_COMPUTE)
    row = Entitlement.objects.select_for_update().get(pk=entitlement_id)
    clean = clean_bank_details(payee_name, iban, tax_number)
    if why := locked(row):
        raise PaymentError(why)
    before = {k: getattr(row, k) for k in clean}
    for key, value in clean.items():
        setattr(row, key, value)
    row.save(update_fields=list(clean))
    before, after = audit.changed_fields(before, clean)
    audit.record(actor=user, action="entitlement.payee", object_type="entitlement",
                 object_id=row.pk, object_repr=str(row), before=before, after=after)  # fmt: skip
    return row


def compute_many(*, actor: Actor, case_ids: list[int]) -> tuple[int, list[str]]:
    """Compute the entitlements of many returns, each in its own transaction: how many
    were computed, and why the others were not (named by person)."""
    computed, problems = 0, []
    for case in ReturnCase.objects.filter(pk__in=case_ids).select_related("person"):
        try:
            compute(actor=actor, case_id=case.pk)
        except PaymentError as exc:
            problems.append(f"{case.person}: {' '.join(exc.messages)}")
        else:
            computed += 1
    return computed, problems


@transaction.atomic
def record_register_export(*, actor: Actor, batch: PaymentBatch, fmt: str) -> None:
    """A register names payees and their accounts: each download is a disclosure."""
    user = require(actor, MAY_VIEW)
    audit.record(
        actor=user, action="payment_batch.export", object_type="payment_batch",
        object_id=batch.pk, object_repr=str(batch),
        after={"format": fmt, "count": batch.count, "total": str(batch.total)},
    )  # fmt: skip


RULE_FIELDS = ("code", "name_uk", "name_en", "basis", "amount", "effective_from",
               "effective_to", "categories", "cap", "legal_basis")  # fmt: skip


@transaction.atomic
def save_rule(*, actor: Actor, rule_id: int | None = None, **fields: Any) -> PaymentRule:
    """An administrator records a rule in force or changes one (an end date, mostly).
    Entitlements already computed keep their figures until computed again."""
    if not (isinstance(actor, User) and actor.has_perm(
            "payments.change_paymentrule" if rule_id else "payments.add_paymentrule")):  # fmt: skip
        raise PermissionDenied(_("Only administrators keep the payment rules."))
    rule = PaymentRule.objects.select_for_update().get(pk=rule_id) if rule_id else PaymentRule()
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise PaymentError(_("These cannot be changed: %(fields)s.")
                           % {"fields": ", ".join(sorted(unknown))})  # fmt: skip
    before = {name: getattr(rule, name) for name in fields} if rule_id else None
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    after = {name: getattr(rule, name) for name in fields}
    if before is not None:
        before, after = audit.changed_fields(before, after)
    audit.record(actor=actor, action=f"paymentrule.{'update' if rule_id else 'create'}",
                 object_type="payment_rule", object_id=rule.pk, object_repr=str(rule),
                 before=before, after=after)  # fmt: skip
    return rule
