"""Translatable labels for the exchanges' enumerations (the values come from core)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.exchanges.lists import Flag, ListKind, Verdict, VersionState
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


class ListKindChoice(models.TextChoices):
    OUR_REQUEST = ListKind.OUR_REQUEST.value, _("Our request")
    THEIR_OFFER = ListKind.THEIR_OFFER.value, _("Their offer")
    THEIR_REQUEST = ListKind.THEIR_REQUEST.value, _("Their request")
    OUR_OFFER = ListKind.OUR_OFFER.value, _("Our offer")


# What each list holds, for the pages.
LIST_KIND_HELP = {
    ListKind.OUR_REQUEST: _("Our people we ask the other side to hand over."),
    ListKind.THEIR_OFFER: _("Our people the other side offers to hand over."),
    ListKind.THEIR_REQUEST: _("Persons we hold whom the other side asks for."),
    ListKind.OUR_OFFER: _("Persons we hold whom we offer to hand over."),
}


class VersionStateChoice(models.TextChoices):
    DRAFT = VersionState.DRAFT.value, _("Draft")
    SUBMITTED = VersionState.SUBMITTED.value, _("Submitted")
    AGREED = VersionState.AGREED.value, _("Agreed")


class VerdictChoice(models.TextChoices):
    CONFIRMED = Verdict.CONFIRMED.value, _("Confirmed")
    POSSIBLE = Verdict.POSSIBLE.value, _("Possible match: check")
    UNKNOWN = Verdict.UNKNOWN.value, _("Unknown to us")


FLAG_LABELS = {
    Flag.RETURNED: _("already returned"),
    Flag.DECEASED: _("deceased"),
    Flag.HANDED_OVER: _("already handed over or released"),
    Flag.DUPLICATE: _("twice in the list"),
    Flag.BIRTH_MISMATCH: _("date of birth does not match"),
    Flag.UNIT_MISMATCH: _("unit does not match"),
    Flag.LEGAL_HOLD: _("legal hold (Art. 119)"),
    Flag.NO_CONSENT: _("refuses repatriation (Art. 109)"),
}


class ChangeChoice(models.TextChoices):
    ADDED = "added", _("Added")
    REMOVED = "removed", _("Removed")
    SUBSTITUTED = "substituted", _("Substituted")
