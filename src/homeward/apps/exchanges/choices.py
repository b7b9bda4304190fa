"""Translatable labels for the exchanges' enumerations (the values come from core)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.exchanges.outcomes import Direction, ExchangeCategory, Outcome


class FormulaChoice(models.TextChoices):
    N_FOR_N = "n_for_n", _("N for N")
    PER_CATEGORY = "per_category", _("Per category")


class AgreementStatusChoice(models.TextChoices):
    NEGOTIATING = "negotiating", _("Being negotiated")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("Under way")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


class StageStatusChoice(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")


class DirectionChoice(models.TextChoices):
    RECEIVE = Direction.RECEIVE.value, _("Received (ours)")
    HAND_OVER = Direction.HAND_OVER.value, _("Handed over (theirs)")


class ExchangeCategoryChoice(models.TextChoices):
    MILITARY = ExchangeCategory.MILITARY.value, _("Military")
    CIVILIAN = ExchangeCategory.CIVILIAN.value, _("Civilians")
    WOUNDED_SICK = ExchangeCategory.WOUNDED_SICK.value, _("Seriously wounded and sick")
    REMAINS = ExchangeCategory.REMAINS.value, _("Remains")


class OutcomeChoice(models.TextChoices):
    PLANNED = Outcome.PLANNED.value, _("Planned")
    RECEIVED = Outcome.RECEIVED.value, _("Received")
    HANDED_OVER = Outcome.HANDED_OVER.value, _("Handed over")
    REFUSED = Outcome.REFUSED.value, _("Refused")
    NO_SHOW = Outcome.NO_SHOW.value, _("Did not show")
    SUBSTITUTED = Outcome.SUBSTITUTED.value, _("Substituted")
