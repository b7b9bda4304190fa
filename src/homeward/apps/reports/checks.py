"""Settings the reports need, checked when Homeward starts rather than when an export
fails."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from homeward.core import pfif


def check_settings(**_kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    try:
        pfif.record_id(settings.HOMEWARD_PFIF_DOMAIN, "x")
    except pfif.PfifError as exc:
        hint = "Set HOMEWARD_PFIF_DOMAIN to the deployment's domain, e.g. homeward.example.org."
        errors.append(Error(str(exc), hint=hint, id="homeward.E001"))
    if settings.HOMEWARD_PUBLIC_MIN_COUNT < 0:
        errors.append(Error("HOMEWARD_PUBLIC_MIN_COUNT cannot be negative.",
                            hint="0 publishes every count; 5 is the default.",
                            id="homeward.E002"))  # fmt: skip
    return errors
