"""Payments for the time in captivity: the rules (data, with effective dates), each
returned person's entitlement with its breakdown, batches prepared by one payments officer
and approved by another, and the payments they make: at most one per entitlement, which
the database itself guarantees.

Written only through `services` and `batches`; read through `selectors`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.encrypted import EncryptedTextField
from homeward.apps.payments.choices import BasisChoice, BatchStateChoice
from homeward.apps.registry.choices import CategoryChoice, PrecisionChoice
from homeward.apps.registry.models import NeverDeleted, Person
from homeward.apps.returns.models import ReturnCase
from homeward.core.compensation import Basis, Rule, RuleError


class PaymentRule(models.Model):
    """One rule of the law in force: an amount per day or per month of captivity, or a
    one-time aid, for some categories, between two dates, capped or not. Administrators
    keep the rules; a rule that no longer applies gets an end date, never deleted."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    basis = models.CharField(_("basis"), max_length=10, choices=BasisChoice)
    amount = models.DecimalField(_("amount, UAH"), max_digits=12, decimal_places=2)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until (inclusive)"), null=True, blank=True)
    categories = models.JSONField(
        _("categories"), default=list, blank=True,
        help_text=_("Empty: every category. Otherwise a list such as [\"military\"]."),
    )  # fmt: skip
    cap = models.DecimalField(
        _("at most per person, UAH"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("payment rule")
        verbose_name_plural = _("payment rules")
        ordering = ["effective_from", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "uk").startswith("en") else self.name_uk

    def to_core(self) -> Rule:
        return Rule(
            code=self.code, basis=Basis(self.basis), amount=Decimal(self.amount),
            effective_from=self.effective_from, effective_to=self.effective_to,
            categories=frozenset(self.categories or ()),
            cap=None if self.cap is None else Decimal(self.cap),
        )  # fmt: skip

    def clean(self) -> None:
        unknown = set(self.categories or ()) - set(CategoryChoice.values)
        if not isinstance(self.categories, list) or unknown:
            raise ValidationError({"categories": _("A list of categories: %(known)s.")
                                   % {"known": ", ".join(CategoryChoice.values)}})  # fmt: skip
        try:
            self.to_core()
        except (RuleError, TypeError) as exc:
            raise ValidationError(str(exc)) from exc


class Entitlement(models.Model):
    """What one return entitles the person to, line by line, as computed from the rules
    and the dates of capture and return (kept as they were read). Flagged dates need a
    payments officer's check by hand before the entitlement can be paid."""

    case = models.OneToOneField(
        ReturnCase, on_delete=models.PROTECT, related_name="entitlement",
        verbose_name=_("return case"),
    )  # fmt: skip
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("person")
    )
    category = models.CharField(_("category"), max_length=10, choices=CategoryChoice)
    captured_on = models.DateField(_("captured"), null=True, blank=True)
    captured_precision = models.CharField(
        _("precision"), max_length=8, choices=PrecisionChoice, default=PrecisionChoice.UNKNOWN
    )
    returned_on = models.DateField(_("returned"))
    returned_precision = models.CharField(
        _("precision"), max_length=8, choices=PrecisionChoice, default=PrecisionChoice.DAY
    )
    first_day = models.DateField(_("first day counted"), null=True, blank=True)
    last_day = models.DateField(_("last day counted"), null=True, blank=True)
    days = models.PositiveIntegerField(_("days in captivity counted"))
    total = models.DecimalField(_("total, UAH"), max_digits=14, decimal_places=2)
    # core.compensation.Line as JSON: rule, basis, first_day, last_day, days, amount,
    # explanation ({template, values}).
    lines = models.JSONField(_("breakdown"), default=list)
    flags = models.JSONField(_("to check"), default=list, blank=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("computed by"),
    )  # fmt: skip
    computed_at = models.DateTimeField(_("computed"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("checked by hand by"),
    )  # fmt: skip
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    check_note = models.TextField(_("what was checked"), blank=True)
    payee_name = models.CharField(_("payee"), max_length=300, blank=True)
    iban = EncryptedTextField(_("IBAN"), max_length=34, blank=True)
    tax_number = EncryptedTextField(_("taxpayer number (RNOKPP)"), max_length=10, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["-returned_on", "person__surname", "id"]
        permissions = [
            ("approve_paymentbatch", _("Can approve payment batches")),
            ("issue_certificate", _("Can issue certificates of captivity and payments")),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.total}"

    @property
    def needs_check(self) -> bool:
        return bool(self.flags) and self.checked_at is None

    @property
    def has_payee(self) -> bool:
        return bool(self.payee_name and self.iban and self.tax_number)


class PaymentBatch(models.Model):
    """Entitlements to pay together: prepared by one payments officer, approved by another
    (the database refuses the same person in both roles)."""

    state = models.CharField(
        _("state"), max_length=10, choices=BatchStateChoice, default=BatchStateChoice.PENDING
    )
    count = models.PositiveIntegerField(_("persons"))
    total = models.DecimalField(_("total, UAH"), max_digits=16, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("prepared by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("prepared"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("approved or rejected by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("created_by")),
                name="payment_batch_four_eyes",
            )
        ]

    def __str__(self) -> str:
        return f"№ {self.pk}"


class BatchItem(models.Model):
    """An entitlement in a batch, with the amount and payee as they were when the batch
    was prepared: the register is what was approved. An entitlement is in at most one
    batch that is not rejected."""

    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, related_name="items", verbose_name=_("batch")
    )
    entitlement = models.ForeignKey(
        Entitlement, on_delete=models.PROTECT, related_name="batch_items",
        verbose_name=_("entitlement"),
    )  # fmt: skip
    amount = models.DecimalField(_("amount, UAH"), max_digits=14, decimal_places=2)
    case_number = models.CharField(_("case number"), max_length=24)
    payee_name = models.CharField(_("payee"), max_length=300)
    iban = EncryptedTextField(_("IBAN"), max_length=34)
    tax_number = EncryptedTextField(_("taxpayer number (RNOKPP)"), max_length=10)
    released = models.BooleanField(_("released by a rejection"), default=False)

    class Meta:
        verbose_name = _("batch item")
        verbose_name_plural = _("batch items")
        ordering = ["batch", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entitlement"], condition=Q(released=False),
                name="batch_item_one_open_per_entitlement",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.case_number} · {self.amount}"


class Payment(NeverDeleted):
    """A payment made: one per entitlement, ever (a unique column, so neither a retry nor
    two approvals at the same moment can pay twice)."""

    entitlement = models.OneToOneField(
        Entitlement, on_delete=models.PROTECT, related_name="payment",
        verbose_name=_("entitlement"),
    )  # fmt: skip
    item = models.OneToOneField(
        BatchItem, on_delete=models.PROTECT, related_name="payment", verbose_name=_("batch item")
    )
    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, related_name="+", verbose_name=_("batch")
    )
    amount = models.DecimalField(_("amount, UAH"), max_digits=14, decimal_places=2)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved"))

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return f"{self.entitlement} · {self.amount}"
