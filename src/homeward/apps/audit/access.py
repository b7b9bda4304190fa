"""Reads of personal data: each one on the record, and each reader within an hourly limit.

Every page and API response that shows persons' data calls `disclose` with the persons it
is about to show, before it shows them. The call writes one access event (who, when, which
page or endpoint, from which address) and a row per person; or, when the reader would pass
their role's limit of distinct persons an hour, writes a refused event, raises an alert in
the audit trail and raises `ReadLimitReached`, which the pages and the API answer with 429.
Bulk copies go through the exports, which carry their purpose (ADR 30).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from homeward.apps.audit import services as audit
from homeward.apps.audit.context import current_context
from homeward.apps.audit.models import AccessedPerson, AccessEvent, ReadQuota

WINDOW = dt.timedelta(hours=1)
LIMIT_REACHED = "access.limit_reached"


class ReadLimitReached(Exception):
    """The reader has seen as many distinct persons this hour as their role allows."""

    def __init__(self, *, limit: int, retry_after: int) -> None:
        super().__init__(f"read limit of {limit} persons an hour reached")
        self.limit = limit
        self.retry_after = retry_after  # seconds until the oldest read leaves the window


@dataclass(frozen=True, slots=True)
class Reading:
    """Who reads, and through what: taken from the request."""

    user: User
    route: str
    path: str
    address: str | None


def reading_of(request: HttpRequest) -> Reading:
    match = request.resolver_match
    route = match.view_name if match is not None else ""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("only a signed-in user reads personal data")
    return Reading(
        user=user,
        route=route,
        path=request.get_full_path()[:500],
        address=get_client_ip_address(request) or None,
    )


def read_limit(user: User | AnonymousUser) -> int:
    """Distinct persons an hour this user may read: the most generous of their roles'
    limits (`HOMEWARD_READ_LIMITS`), else `HOMEWARD_READ_LIMIT_DEFAULT`. Django keeps the
    user's permissions for the request, not their roles: the roles are read once a request."""
    cached: int | None = getattr(user, "_homeward_read_limit", None)
    if cached is not None:
        return cached
    limits: Mapping[str, int] = settings.HOMEWARD_READ_LIMITS
    roles = user.groups.values_list("name", flat=True) if user.is_authenticated else []
    own = [limits[role] for role in roles if role in limits]
    limit = max(own) if own else int(settings.HOMEWARD_READ_LIMIT_DEFAULT)
    user._homeward_read_limit = limit  # type: ignore[union-attr]
    return limit


def disclose(request: HttpRequest, person_ids: Iterable[int | None]) -> None:
    """Record that this request shows these persons, or refuse it (`ReadLimitReached`)
    when they would take the reader past their hourly limit. Call it before the data is
    rendered or serialised, with exactly the persons the response shows."""
    record_reading(reading_of(request), person_ids)


class _OverLimit(Exception):
    """Raised inside the write's transaction to undo it; answered as ReadLimitReached."""


def record_reading(reading: Reading, person_ids: Iterable[int | None]) -> None:
    ids = sorted({int(pk) for pk in person_ids if pk is not None})
    if not ids:
        return
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    user_id = reading.user.pk
    this_hour = AccessedPerson.objects.filter(user_id=user_id, at__gte=hour)
    # Persons read again within the hour cost nothing against the limit.
    new = len(ids) - len(set(_chunked_seen(this_hour, ids)))
    limit = read_limit(reading.user) if new else 0
    try:
        with transaction.atomic():
            if new and not _count(user_id, hour, new, limit):
                raise _OverLimit
            event = _event(reading, now, persons=len(ids), refused=False)
            AccessedPerson.objects.bulk_create(
                [AccessedPerson(event=event, person_id=pk, user_id=user_id, at=now) for pk in ids],
                batch_size=1000,
            )
    except _OverLimit:
        read = ReadQuota.objects.filter(user_id=user_id, hour=hour).values_list(
            "persons", flat=True
        )
        _refuse(reading, now, persons=len(ids), limit=limit, read=read.first() or 0)
        retry = int((hour + WINDOW - now).total_seconds()) + 1
        raise ReadLimitReached(limit=limit, retry_after=retry) from None


def _count(user_id: int, hour: dt.datetime, new: int, limit: int) -> bool:
    """Add `new` persons to the reader's count for the hour unless that passes `limit`:
    one conditional update, so two requests of one reader at once cannot both pass. The
    hour's row is made by its first read."""
    quota = ReadQuota.objects.filter(user_id=user_id, hour=hour)
    if quota.filter(persons__lte=limit - new).update(persons=F("persons") + new):
        return True
    if new > limit or quota.exists():
        return False
    try:
        with transaction.atomic():
            ReadQuota.objects.create(user_id=user_id, hour=hour, persons=new)
    except IntegrityError:  # another request of the reader made it first
        return bool(quota.filter(persons__lte=limit - new).update(persons=F("persons") + new))
    return True


def _chunked_seen(this_hour: QuerySet[AccessedPerson], ids: list[int]) -> Iterable[int]:
    """The ids among `ids` read this hour, asked in slices that every database takes."""
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        yield from (
            this_hour.filter(person_id__in=chunk).values_list("person_id", flat=True).distinct()
        )


def _event(reading: Reading, at: dt.datetime, *, persons: int, refused: bool) -> AccessEvent:
    ctx = current_context()
    return AccessEvent.objects.create(
        at=at,
        user=reading.user,
        username=reading.user.get_username(),
        route=reading.route[:100],
        path=reading.path,
        address=reading.address,
        origin=ctx.origin,
        request_id=ctx.request_id,
        persons=persons,
        refused=refused,
    )


def _refuse(reading: Reading, at: dt.datetime, *, persons: int, limit: int, read: int) -> None:
    """The refused read on the record; the first refusal of an hour also in the audit trail,
    which auditors watch, so a reader who keeps trying raises one alert, not hundreds."""
    hour = at.replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        earlier = AccessEvent.objects.filter(user=reading.user, refused=True, at__gte=hour).exists()
        _event(reading, at, persons=persons, refused=True)
        if not earlier:
            audit.record(
                actor=reading.user,
                action=LIMIT_REACHED,
                object_type="user",
                object_id=reading.user.pk,
                object_repr=reading.user.get_username(),
                after={
                    "limit": limit,
                    "read_this_hour": read,
                    "asked_for": persons,
                    "route": reading.route,
                    "path": reading.path,
                    "address": reading.address,
                },
            )


def limit_message(exc: ReadLimitReached) -> str:
    """What the refused reader is told, in their language."""
    return gettext(
        "You have read %(limit)d different persons this hour, as many as your role allows. "
        "Nothing more is shown for about %(minutes)d minutes, until the hour ends. To work "
        "with many "
        "persons at once, ask for an export of the list: it is recorded with its purpose "
        "(if your role cannot export, ask an administrator)."
    ) % {"limit": exc.limit, "minutes": max(1, round(exc.retry_after / 60))}
