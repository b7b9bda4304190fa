"""Sign-in lock-out by user name and address, and by address across user names."""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


class UserAndAddressHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """axes' own count locks one user name from one address after `AXES_FAILURE_LIMIT`
    failures. That alone lets one address try a few passwords on every user name
    (password spraying), so `HOMEWARD_ADDRESS_FAILURE_LIMIT` failures from one address,
    whatever names were tried, lock the address for the same cool-off. The address limit
    is higher, because a whole office may sign in from behind one address."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # axes decides "locked" from this count, both before a sign-in and after a failure.
        failures = int(super().get_failures(request, credentials))
        if address_failures(request) >= settings.HOMEWARD_ADDRESS_FAILURE_LIMIT:
            return max(failures, int(get_failure_limit(request, credentials)))
        return failures


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address within the cool-off, any user name."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    cool_off = get_cool_off(request)
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    total = attempts.aggregate(n=Sum("failures_since_start"))["n"]
    return int(total or 0)
