"""Translatable labels for the domain's enumerations (the values come from homeward.core)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.dates import Precision
from homeward.core.exchanges.lists import Consent, DirectRepatriation
from homeward.core.ranks import RankCategory
from homeward.core.status import Reliability, Side, Status


class SideChoice(models.TextChoices):
    OWN = Side.OWN.value, _("Own (missing or held by the other side)")
    HELD = Side.HELD.value, _("Held (the other side's, in our custody)")


class CategoryChoice(models.TextChoices):
    MILITARY = "military", _("Military")
    CIVILIAN = "civilian", _("Civilian")


class SexChoice(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Unknown")


class PrecisionChoice(models.TextChoices):
    DAY = Precision.DAY.value, _("Exact day")
    MONTH = Precision.MONTH.value, _("Month only")
    YEAR = Precision.YEAR.value, _("Year only")
    UNKNOWN = Precision.UNKNOWN.value, _("Unknown")


class RankCategoryChoice(models.TextChoices):
    PRIVATE = RankCategory.PRIVATE.value, _("Private")
    SERGEANT = RankCategory.SERGEANT.value, _("Sergeant")
    OFFICER = RankCategory.OFFICER.value, _("Officer")
    CIVILIAN = RankCategory.CIVILIAN.value, _("Civilian")
    # A list often gives no rank (a media mention, a family's letter): counted apart, never
    # guessed into privates.
    UNKNOWN = "unknown", _("Rank unknown")


class HealthChoice(models.TextChoices):
    """State of health as on the capture card (Third Geneva Convention, Annex IV B)."""

    UNKNOWN = "unknown", _("Unknown")
    GOOD = "good", _("Good health")
    NOT_WOUNDED = "not_wounded", _("Not wounded")
    RECOVERED = "recovered", _("Recovered")
    CONVALESCENT = "convalescent", _("Convalescent")
    SICK = "sick", _("Sick")
    SLIGHTLY_WOUNDED = "slightly_wounded", _("Slightly wounded")
    SERIOUSLY_WOUNDED = "seriously_wounded", _("Seriously wounded")


class StatusChoice(models.TextChoices):
    MISSING = Status.MISSING.value, _("Missing")
    REPORTED_CAPTURED = Status.REPORTED_CAPTURED.value, _("Reported captured")
    CONFIRMED_CAPTIVE = Status.CONFIRMED_CAPTIVE.value, _("Confirmed in captivity")
    ON_EXCHANGE_LIST = Status.ON_EXCHANGE_LIST.value, _("On an exchange list")
    RETURNED = Status.RETURNED.value, _("Returned")
    RELEASED = Status.RELEASED.value, _("Released otherwise")
    FOUND = Status.FOUND.value, _("Found (never captive)")
    DECEASED = Status.DECEASED.value, _("Deceased")
    IN_CUSTODY = Status.IN_CUSTODY.value, _("In our custody")
    EXCHANGED = Status.EXCHANGED.value, _("Handed over in an exchange")


class ReliabilityChoice(models.TextChoices):
    A = Reliability.A.value, _("A — completely reliable")
    B = Reliability.B.value, _("B — usually reliable")
    C = Reliability.C.value, _("C — fairly reliable")
    D = Reliability.D.value, _("D — not usually reliable")
    E = Reliability.E.value, _("E — unreliable")
    F = Reliability.F.value, _("F — cannot be judged")


class SourceKindChoice(models.TextChoices):
    FAMILY = "family", _("Family")
    UNIT = "unit", _("Military unit")
    COUNTERPART = "counterpart", _("The other side")
    ICRC = "icrc", _("ICRC")
    MEDIA = "media", _("Media")
    DEBRIEF = "debrief", _("Returnee debrief")
    OTHER = "other", _("Other")


class ConsentChoice(models.TextChoices):
    """A held person's consent to being exchanged (nobody is repatriated against their
    will, Third Geneva Convention Art. 109)."""

    UNKNOWN = Consent.UNKNOWN.value, _("Not asked yet")
    CONSENTS = Consent.CONSENTS.value, _("Consents to the exchange")
    REFUSES = Consent.REFUSES.value, _("Refuses to be repatriated")


class DirectRepatriationChoice(models.TextChoices):
    """Art. 110 (1) of the Third Geneva Convention, Annex I: found by a Mixed Medical
    Commission."""

    NONE = DirectRepatriation.NONE.value, _("Not found by a Mixed Medical Commission")
    INCURABLE = (
        DirectRepatriation.INCURABLE.value,
        _("Incurably wounded or sick, fitness gravely diminished"),
    )
    NOT_WITHIN_A_YEAR = (
        DirectRepatriation.NOT_WITHIN_A_YEAR.value,
        _("Not likely to recover within one year"),
    )
    PERMANENTLY_DIMINISHED = (
        DirectRepatriation.PERMANENTLY_DIMINISHED.value,
        _("Recovered, fitness gravely and permanently diminished"),
    )


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
