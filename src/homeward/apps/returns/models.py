"""Return cases: every one of ours who came home, followed step by step through care,
debrief, documents and payments until the case is closed.

Written only through `services`; read through `selectors` (medical findings are the
medical role's only).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from homeward.apps.accounts.roles import ROLES
from homeward.apps.common.encrypted import EncryptedTextField
from homeward.apps.exchanges.models import StageMember
from homeward.apps.registry.choices import CategoryChoice, PrecisionChoice
from homeward.apps.registry.models import NeverDeleted, Person, SourceRecord, StatusEvent
from homeward.apps.returns.choices import (
    ReleaseChoice,
    SightingVerdictChoice,
    StepKindChoice,
    StepStateChoice,
)
from homeward.core.dates import PartialDate, Precision
from homeward.core.returns import MEDICAL_STEPS, StepKind


def role_choices() -> list[tuple[str, str]]:
    return [(role.code, str(role.label)) for role in ROLES]


class StepTemplate(models.Model):
    """One step of the pipeline for a category of returned persons. A case copies its
    category's active steps when it opens; editing a template changes later cases only."""

    category = models.CharField(_("category"), max_length=10, choices=CategoryChoice)
    kind = models.CharField(_("step"), max_length=30, choices=StepKindChoice)
    order = models.PositiveSmallIntegerField(_("order"))
    owner_role = models.CharField(_("owner"), max_length=40, choices=role_choices)
    deadline_days = models.PositiveSmallIntegerField(_("due, days after the return"))
    optional = models.BooleanField(_("may be marked not needed"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("step template")
        verbose_name_plural = _("step templates")
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "kind"], name="step_template_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.get_kind_display()}"


class ReturnCase(NeverDeleted):
    """One return of one person: from an exchange stage, or opened by hand for another
    release. A person has at most one open case."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="return_cases", verbose_name=_("person")
    )
    stage_member = models.OneToOneField(
        StageMember, null=True, blank=True, on_delete=models.PROTECT, related_name="return_case",
        verbose_name=_("received in"),
    )  # fmt: skip
    release = models.CharField(_("how they came home"), max_length=10, choices=ReleaseChoice)
    returned_on = models.DateField(_("returned on"))
    returned_precision = models.CharField(
        _("precision of the return date"), max_length=8, choices=PrecisionChoice,
        default=PrecisionChoice.DAY,
    )  # fmt: skip
    category = models.CharField(_("category"), max_length=10, choices=CategoryChoice)
    note = models.TextField(_("note"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("opened by"),
    )  # fmt: skip
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("closed by"),
    )  # fmt: skip
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("return case")
        verbose_name_plural = _("return cases")
        ordering = ["-returned_on", "-id"]
        permissions = [
            ("coordinate_returncase", _("Can open return cases, assign their steps and work "
                                        "on every step that is not medical")),
        ]  # fmt: skip
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(closed_at__isnull=True),
                name="return_case_one_open_per_person",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.person} · {self.returned_on}"

    def get_absolute_url(self) -> str:
        return reverse("returns:case_detail", args=[self.pk])

    @property
    def returned(self) -> PartialDate:
        return PartialDate(self.returned_on, Precision(self.returned_precision))

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


class CaseStep(NeverDeleted):
    """A step of a case: its owner, deadline and state. What a medical step found is in
    `finding`, readable only with the medical role; other steps say what was done in
    `note`."""

    case = models.ForeignKey(
        ReturnCase, on_delete=models.PROTECT, related_name="steps", verbose_name=_("case")
    )
    kind = models.CharField(_("step"), max_length=30, choices=StepKindChoice)
    order = models.PositiveSmallIntegerField(_("order"))
    owner_role = models.CharField(_("owner"), max_length=40, choices=role_choices)
    optional = models.BooleanField(_("may be marked not needed"), default=False)
    due_on = models.DateField(_("due"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("assigned to"),
    )  # fmt: skip
    state = models.CharField(
        _("state"), max_length=12, choices=StepStateChoice, default=StepStateChoice.PENDING
    )
    note = models.TextField(_("note"), blank=True)
    finding = EncryptedTextField(_("medical finding"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("updated by"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("step of a case")
        verbose_name_plural = _("steps of cases")
        ordering = ["case", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="case_step_once")]
        indexes = [models.Index(fields=["state", "due_on"]), models.Index(fields=["kind", "state"])]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"

    @property
    def medical(self) -> bool:
        return StepKind(self.kind) in MEDICAL_STEPS


class Sighting(NeverDeleted):
    """Another prisoner a returned person saw in captivity, as told at the debrief: the
    name as told, where and when. Matched through the engine; once it stands for a person
    of the registry it is evidence on their record (a source record and a report that they
    are confirmed in captivity)."""

    case = models.ForeignKey(
        ReturnCase, on_delete=models.PROTECT, related_name="sightings", verbose_name=_("case")
    )
    told_name = models.CharField(_("name as told"), max_length=300)
    told_details = models.CharField(
        _("what else was told (rank, unit, age, home town)"), max_length=300, blank=True
    )
    place = models.CharField(_("where"), max_length=200)
    seen_on = models.DateField(_("when"))
    seen_precision = models.CharField(
        _("precision"), max_length=8, choices=PrecisionChoice, default=PrecisionChoice.DAY
    )
    verdict = models.CharField(_("verdict"), max_length=12, choices=SightingVerdictChoice)
    # Whom the engine proposed: [{"person": id, "probability": p, "why": text}], best first.
    candidates = models.JSONField(_("candidates"), default=list, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="sightings",
        verbose_name=_("person"),
    )  # fmt: skip
    source_record = models.OneToOneField(
        SourceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("source record"),
    )  # fmt: skip
    status_event = models.OneToOneField(
        StatusEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("status report"),
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("sighting")
        verbose_name_plural = _("sightings")
        ordering = ["case", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.told_name} · {self.place}"

    @property
    def seen(self) -> PartialDate:
        return PartialDate(self.seen_on, Precision(self.seen_precision))
