"""Translatable labels for the after-return enumerations (the values come from core)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.returns import SightingVerdict, StepKind, StepState


class StepKindChoice(models.TextChoices):
    HANDOVER_INTAKE = StepKind.HANDOVER_INTAKE.value, _("Handover intake and identification")
    MEDICAL_EXAMINATION = StepKind.MEDICAL_EXAMINATION.value, _("Medical examination")
    HOSPITALISATION = StepKind.HOSPITALISATION.value, _("Hospitalisation")
    PHYSICAL_REHABILITATION = (
        StepKind.PHYSICAL_REHABILITATION.value, _("Physical rehabilitation"))  # fmt: skip
    PSYCHOLOGICAL_REHABILITATION = (
        StepKind.PSYCHOLOGICAL_REHABILITATION.value, _("Psychological rehabilitation"))  # fmt: skip
    DEBRIEF = StepKind.DEBRIEF.value, _("Debrief")
    DOCUMENTS = StepKind.DOCUMENTS.value, _("Restoration of documents")
    PAYMENTS = StepKind.PAYMENTS.value, _("Payments")
    CLOSURE = StepKind.CLOSURE.value, _("Closure")


class StepStateChoice(models.TextChoices):
    PENDING = StepState.PENDING.value, _("Not started")
    IN_PROGRESS = StepState.IN_PROGRESS.value, _("In progress")
    DONE = StepState.DONE.value, _("Done")
    NOT_NEEDED = StepState.NOT_NEEDED.value, _("Not needed")


class ReleaseChoice(models.TextChoices):
    EXCHANGE = "exchange", _("Exchange")
    RELEASE = "release", _("Released by the other side")
    ESCAPE = "escape", _("Escape")
    OTHER = "other", _("Other")


class SightingVerdictChoice(models.TextChoices):
    CONFIRMED = SightingVerdict.CONFIRMED.value, _("In the registry: evidence recorded")
    POSSIBLE = SightingVerdict.POSSIBLE.value, _("To check")
    UNKNOWN = SightingVerdict.UNKNOWN.value, _("Not in the registry")
    REGISTERED = SightingVerdict.REGISTERED.value, _("Registered as a new person")
