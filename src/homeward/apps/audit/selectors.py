"""What auditors read of the access log: who read a person, what a user read, who reads
most, and the refusals. Persons are named by case number only: auditors see no personal
data (docs/roles.md)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from homeward.apps.audit.models import AccessedPerson, AccessEvent, AuditEntry
from homeward.apps.common.permissions import Perm, require
from homeward.apps.registry.models import Person

MAY_VIEW_ACCESS = Perm.VIEW_ACCESS_LOG
# An event's persons named on the page of a user's reads; the rest are counted.
NAMED_PER_EVENT = 20


def _require(user: User | AnonymousUser) -> None:
    require(user, MAY_VIEW_ACCESS)


def person_ids_for_case(user: User | AnonymousUser, case_number: str) -> tuple[list[int], str]:
    """The ids a case number has stood for: the person's and those of the records merged
    into it, whose reads are reads of the same person. ([], "") when no person has it."""
    _require(user)
    found = (
        Person.objects.filter(case_number=case_number.strip().upper())
        .values_list("pk", "case_number")
        .first()
    )
    if found is None:
        return [], ""
    pk, number = found
    absorbed = Person.objects.filter(merged_into_id=pk).values_list("pk", flat=True)
    return [pk, *absorbed], number


def reads_of_persons(user: User | AnonymousUser, person_ids: list[int]) -> QuerySet[AccessedPerson]:
    """Every read of these persons, newest first, with its event."""
    _require(user)
    return (
        AccessedPerson.objects.filter(person_id__in=person_ids)
        .select_related("event")
        .order_by("-at", "-id")
    )


@dataclass(frozen=True, slots=True)
class EventPersons:
    event: AccessEvent
    case_numbers: list[str]
    more: int


def reads_by(
    user: User | AnonymousUser, username: str, since: dt.date | None, until: dt.date | None
) -> QuerySet[AccessEvent]:
    """One user's accesses in a period (days inclusive), refused ones included."""
    _require(user)
    events = AccessEvent.objects.filter(username=username)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-id")


def with_case_numbers(user: User | AnonymousUser, events: list[AccessEvent]) -> list[EventPersons]:
    """The events of a page, each with the case numbers of the first persons it showed."""
    _require(user)
    ids: dict[int, list[int]] = defaultdict(list)
    rows = AccessedPerson.objects.filter(event__in=[e.pk for e in events]).order_by("id")
    for event_id, person_id in rows.values_list("event_id", "person_id"):
        ids[event_id].append(person_id)
    wanted = {pk for persons in ids.values() for pk in persons[:NAMED_PER_EVENT]}
    numbers = dict(Person.objects.filter(pk__in=wanted).values_list("pk", "case_number"))
    return [
        EventPersons(
            event=event,
            case_numbers=[numbers.get(pk, f"#{pk}") for pk in ids[event.pk][:NAMED_PER_EVENT]],
            more=max(0, len(ids[event.pk]) - NAMED_PER_EVENT),
        )
        for event in events
    ]


@dataclass(frozen=True, slots=True)
class Reader:
    username: str
    persons: int  # distinct
    accesses: int
    refused: int
    last: dt.datetime


def heaviest_readers(user: User | AnonymousUser, days: int = 7, top: int = 20) -> list[Reader]:
    """Who read the most distinct persons in the last `days` days."""
    _require(user)
    since = timezone.now() - dt.timedelta(days=days)
    distinct = dict(
        AccessedPerson.objects.filter(at__gte=since)
        .values("user_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("user_id", "n")
    )
    events = (
        AccessEvent.objects.filter(at__gte=since)
        .values("user_id", "username")
        .annotate(accesses=Count("id"), refused=Count("id", filter=Q(refused=True)), last=Max("at"))
    )
    readers = [
        Reader(
            username=row["username"],
            persons=distinct.get(row["user_id"], 0),
            accesses=row["accesses"],
            refused=row["refused"],
            last=row["last"],
        )
        for row in events
    ]
    readers.sort(key=lambda r: (-r.persons, -r.accesses, r.username))
    return readers[:top]


def refusals(user: User | AnonymousUser, days: int = 7) -> QuerySet[AccessEvent]:
    """Reads refused at the hourly limit in the last `days` days: the alerts."""
    _require(user)
    since = timezone.now() - dt.timedelta(days=days)
    return AccessEvent.objects.filter(refused=True, at__gte=since).order_by("-at", "-id")


def superuser_sign_ins(user: User | AnonymousUser, days: int = 30) -> list[AuditEntry]:
    """The break-glass sign-ins of the last `days` days, for whoever reads the audit
    trail (administrators and auditors)."""
    if not (user.is_authenticated and user.has_perm("audit.view_auditentry")):
        raise PermissionDenied
    since = timezone.now() - dt.timedelta(days=days)
    return list(AuditEntry.objects.filter(action="superuser.sign_in", at__gte=since)[:20])
