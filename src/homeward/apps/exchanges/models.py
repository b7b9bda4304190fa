"""Exchange agreements, their four versioned lists, their stages, and who is exchanged in
each stage with what outcome.

Lists and the members of a stage are need-to-know: see selectors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.apps.exchanges.choices import (
    AgreementStatusChoice,
    ChangeChoice,
    DirectionChoice,
    ExchangeCategoryChoice,
    FormulaChoice,
    ListKindChoice,
    OutcomeChoice,
    StageStatusChoice,
    VerdictChoice,
    VersionStateChoice,
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


class AgreementDocument(models.Model):
    """A document of an agreement as received or signed (the memorandum, the mediator's
    note, a protocol): kept whole in the database with the database's backups."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="documents", verbose_name=_("agreement")
    )
    name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField()
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("added by"),
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["agreement", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


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


class ExchangeList(models.Model):
    """One of an agreement's four lists (core.exchanges.lists.ListKind); its content is in
    its versions."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="lists", verbose_name=_("agreement")
    )
    kind = models.CharField(_("list"), max_length=14, choices=ListKindChoice)

    class Meta:
        verbose_name = _("exchange list")
        verbose_name_plural = _("exchange lists")
        ordering = ["agreement", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind"], name="exchange_list_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.get_kind_display()}"


class ListVersion(models.Model):
    """A version of a list: a whole copy of its entries, draft → submitted → agreed. A new
    version starts as a copy of the latest; what changed is in its `changes`."""

    exchange_list = models.ForeignKey(
        ExchangeList, on_delete=models.PROTECT, related_name="versions", verbose_name=_("list")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=10, choices=VersionStateChoice, default=VersionStateChoice.DRAFT
    )
    # The other side's lists: the file as received, and how its columns were read.
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("submitted by"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("agreed by"),
    )  # fmt: skip
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)

    class Meta:
        verbose_name = _("list version")
        verbose_name_plural = _("list versions")
        ordering = ["exchange_list", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exchange_list", "number"], name="list_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.exchange_list} · v{self.number}"


class ListEntry(models.Model):
    """A person on a version of a list. On the other side's lists, the entry is what they
    wrote (`written`), with the person the registry matched (none when unknown to us), how
    sure, and what is wrong with it (`flags`, core.exchanges.lists.Flag)."""

    version = models.ForeignKey(
        ListVersion, on_delete=models.PROTECT, related_name="entries", verbose_name=_("version")
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="list_entries",
        verbose_name=_("person"),
    )  # fmt: skip
    category = models.CharField(_("category"), max_length=12, choices=ExchangeCategoryChoice)
    # 1 goes first; 0 is no priority given. Set when the entry is added (by criteria).
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)
    # The person this entry replaced in the list (a substitution), if any.
    replaces = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("instead of"),
    )  # fmt: skip
    # The other side's lists: the row of their file and what it says, as read.
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    written_name = models.CharField(_("name as written"), max_length=300, blank=True)
    written = models.JSONField(_("as written"), default=dict, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=VerdictChoice, blank=True)
    probability = models.FloatField(_("probability"), null=True, blank=True)
    contributions = models.JSONField(_("why"), default=list, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("added by"),
    )  # fmt: skip
    added_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["version", "priority", "row", "id"]
        indexes = [models.Index(fields=["version", "person"])]

    def __str__(self) -> str:
        return f"{self.person or self.written_name} · {self.version}"


class ListChange(models.Model):
    """Who was added, removed or substituted in a version, by whom and when."""

    version = models.ForeignKey(
        ListVersion, on_delete=models.PROTECT, related_name="changes", verbose_name=_("version")
    )
    action = models.CharField(_("change"), max_length=12, choices=ChangeChoice)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("person"),
    )  # fmt: skip
    # For the other side's entries unknown to us: the name as written.
    written_name = models.CharField(_("name as written"), max_length=300, blank=True)
    replaced = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("instead of"),
    )  # fmt: skip
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("list change")
        verbose_name_plural = _("list changes")
        ordering = ["version", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.person or self.written_name}"
