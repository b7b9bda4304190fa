"""The status ladder: statuses, which side they apply to, and how the current one is derived.

Status events are append-only; the current status is never stored as a fact of its own but
derived from the events by `derive_status`. Conflicting reports stay side by side: the
derivation picks the current one and names the reports that contradict it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from homeward.core.dates import PartialDate, Precision


class Side(enum.StrEnum):
    OWN = "own"  # our citizens, missing or held by the other side
    HELD = "held"  # the other side's prisoners in our custody


class Status(enum.StrEnum):
    MISSING = "missing"
    REPORTED_CAPTURED = "reported_captured"
    CONFIRMED_CAPTIVE = "confirmed_captive"
    ON_EXCHANGE_LIST = "on_exchange_list"
    RETURNED = "returned"
    RELEASED = "released"
    FOUND = "found"
    DECEASED = "deceased"
    IN_CUSTODY = "in_custody"
    EXCHANGED = "exchanged"


STATUSES_BY_SIDE: dict[Side, tuple[Status, ...]] = {
    Side.OWN: (
        Status.MISSING,
        Status.REPORTED_CAPTURED,
        Status.CONFIRMED_CAPTIVE,
        Status.ON_EXCHANGE_LIST,
        Status.RETURNED,
        Status.RELEASED,
        Status.FOUND,
        Status.DECEASED,
    ),
    Side.HELD: (
        Status.IN_CUSTODY,
        Status.ON_EXCHANGE_LIST,
        Status.EXCHANGED,
        Status.RELEASED,
        Status.DECEASED,
    ),
}

# A single unverified report must never make a person dead: these statuses count only
# once a second person with the confirming role has confirmed the report.
NEEDS_CONFIRMATION: frozenset[Status] = frozenset({Status.DECEASED})


class Reliability(enum.StrEnum):
    """Source reliability on the Admiralty scale: A is best, F cannot be judged."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def weight(self) -> int:
        """Higher is more reliable; F (cannot be judged) ranks with D."""
        return {"A": 5, "B": 4, "C": 3, "D": 2, "E": 1, "F": 2}[self.value]


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What the derivation needs to know of one status event."""

    id: int
    status: Status
    effective_date: dt.date
    reliability: Reliability
    recorded_at: dt.datetime
    confirmed: bool = False
    precision: Precision = Precision.DAY

    @property
    def period(self) -> PartialDate:
        return PartialDate(self.effective_date, self.precision)


@dataclass(frozen=True, slots=True)
class DerivedStatus:
    status: Status | None
    event_id: int | None
    conflicting_event_ids: tuple[int, ...]
    awaiting_confirmation_ids: tuple[int, ...]


def allowed_statuses(side: Side) -> tuple[Status, ...]:
    return STATUSES_BY_SIDE[side]


def counts(event: EventFacts) -> bool:
    """Whether an event may decide the current status."""
    return event.status not in NEEDS_CONFIRMATION or event.confirmed


def derive_status(events: Sequence[EventFacts]) -> DerivedStatus:
    """The current status is that of the latest effective report; among reports of the same
    day the more reliable one, then the later recorded one. Reports with a different status
    whose period overlaps the current one's (the same day, or "05.2024" against
    "20.05.2024") are conflicts, shown beside it, never hidden."""
    awaiting = tuple(e.id for e in events if not counts(e))
    counting = [e for e in events if counts(e)]
    if not counting:
        return DerivedStatus(None, None, (), awaiting)
    current = max(
        counting, key=lambda e: (e.effective_date, e.reliability.weight, e.recorded_at, e.id)
    )
    conflicts = tuple(
        e.id for e in counting if e.status != current.status and e.period.overlaps(current.period)
    )
    return DerivedStatus(current.status, current.id, conflicts, awaiting)
