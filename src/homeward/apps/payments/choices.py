"""Translatable labels for the payments' enumerations (the values come from core)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.compensation import Basis, Flag


class BasisChoice(models.TextChoices):
    PER_DAY = Basis.PER_DAY.value, _("Per day of captivity")
    PER_MONTH = Basis.PER_MONTH.value, _("Per month of captivity")
    ONE_TIME = Basis.ONE_TIME.value, _("One-time aid")


class BatchStateChoice(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved: paid")
    REJECTED = "rejected", _("Rejected")


FLAG_TEXT = {
    Flag.CAPTURE_NOT_TO_THE_DAY: _("The day of capture is not known to the day: the days "
                                   "are counted from the last day it can be."),
    Flag.RETURN_NOT_TO_THE_DAY: _("The day of return is not known to the day: the days are "
                                  "counted to the first day it can be."),
    Flag.CAPTURE_UNKNOWN: _("The date of capture is unknown: no day of captivity is paid."),
    Flag.RETURN_UNKNOWN: _("The date of return is unknown."),
}  # fmt: skip
