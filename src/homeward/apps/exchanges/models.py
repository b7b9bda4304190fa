"""Exchange agreements, their stages, and who is exchanged in each stage with what outcome.

Members of a stage are need-to-know until the stage is completed: see selectors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.apps.exchanges.choices import (
    AgreementStatusChoice,
    DirectionChoice,
    ExchangeCategoryChoice,
    FormulaChoice,
    OutcomeChoice,
    StageStatusChoice,
)
from homeward.apps.registry.models import Person, StatusEvent


class Agreement(models.Model):
    """An exchange negotiated with the other side: "1000 for 1000", per category or not,
    through a mediator, at a venue."""

    title = models.CharField(_("title"), max_length=200)
    formula = models.CharField(_("formula"), max_length=12, choices=FormulaChoice)
    # How many of ours are to come home: N in "N for N", or the sum of the quotas.
    total = models.PositiveIntegerField(_("persons to receive"))
    # Per category formula: {category: persons to receive}; empty for N for N.
    quotas = models.JSONField(_("quotas per category"), default=dict, blank=True)
    mediator = models.CharField(_("mediator"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    negotiated_on = models.DateField(_("negotiated on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatusChoice,
        default=AgreementStatusChoice.AGREED,
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("exchange agreement")
        verbose_name_plural = _("exchange agreements")
        ordering = ["-negotiated_on", "-id"]
        permissions = [("manage_exchange", _("Can plan and run exchanges and see their lists"))]

    def __str__(self) -> str:
        return self.title


class Stage(models.Model):
    """One day (or handover) of an agreement: its date, how many can be exchanged, and the
    parity it keeps (persons handed over per person received)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="stages", verbose_name=_("agreement")
    )
    number = models.PositiveSmallIntegerField(_("stage"))
    date = models.DateField(_("date"))
    receive_capacity = models.PositiveIntegerField(_("persons to receive at most"))
    hand_over_capacity = models.PositiveIntegerField(_("persons to hand over at most"))
    ratio = models.DecimalField(
        _("handed over per received"), max_digits=5, decimal_places=2, default=1
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StageStatusChoice, default=StageStatusChoice.PLANNED
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("completed by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="stage_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.number}"

    @property
    def completed(self) -> bool:
        return self.status == StageStatusChoice.COMPLETED


class StageMember(models.Model):
    """A person planned for a stage, and what happened to them on the day."""

    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="members", verbose_name=_("stage")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="stage_memberships",
        verbose_name=_("person"),
    )  # fmt: skip
    direction = models.CharField(_("direction"), max_length=10, choices=DirectionChoice)
    category = models.CharField(_("category"), max_length=12, choices=ExchangeCategoryChoice)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=OutcomeChoice, default=OutcomeChoice.PLANNED
    )
    # A person who came instead of a planned one is a member of their own, pointing here.
    substitute_for = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="substitute",
        verbose_name=_("came instead of"),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    # The status report the outcome made (RETURNED or EXCHANGED): the stage is its evidence.
    status_event = models.OneToOneField(
        StatusEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("status report"),
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("person in a stage")
        verbose_name_plural = _("persons in stages")
        ordering = ["stage", "direction", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "person"], name="stage_member_once")
        ]
        indexes = [models.Index(fields=["stage", "direction", "outcome"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.stage}"
