"""What can happen to a person planned for a stage of an exchange, and what it means.

A person planned for a stage either comes home (RECEIVE: one of ours, held by the other
side) or is handed over (HAND_OVER: one of theirs, held by us). On the day each is marked
with one outcome; only two of them change the person's status: ours RECEIVED become
RETURNED, theirs HANDED_OVER become EXCHANGED. A refusal (nobody is repatriated against
their will, Art. 109), a no-show or a substitution leaves the status as it was.
"""

from __future__ import annotations

import enum

from homeward.core.status import Side, Status


class Direction(enum.StrEnum):
    RECEIVE = "receive"  # one of ours, coming home
    HAND_OVER = "hand_over"  # one of theirs, held by us


class Outcome(enum.StrEnum):
    PLANNED = "planned"  # nothing recorded yet
    RECEIVED = "received"
    HANDED_OVER = "handed_over"
    REFUSED = "refused"  # the person refused the exchange
    NO_SHOW = "no_show"  # not brought to the exchange point
    SUBSTITUTED = "substituted"  # another person came instead (recorded as its own entry)


class ExchangeCategory(enum.StrEnum):
    """The categories an agreement's formula may count apart."""

    MILITARY = "military"
    CIVILIAN = "civilian"
    WOUNDED_SICK = "wounded_sick"  # seriously wounded and sick (Art. 110, Annex I)
    REMAINS = "remains"


DIRECTION_OF_SIDE = {Side.OWN: Direction.RECEIVE, Side.HELD: Direction.HAND_OVER}

OUTCOMES: dict[Direction, tuple[Outcome, ...]] = {
    Direction.RECEIVE: (Outcome.RECEIVED, Outcome.REFUSED, Outcome.NO_SHOW, Outcome.SUBSTITUTED),
    Direction.HAND_OVER: (
        Outcome.HANDED_OVER,
        Outcome.REFUSED,
        Outcome.NO_SHOW,
        Outcome.SUBSTITUTED,
    ),
}

# The outcome that completes the exchange of a person, by direction.
DONE: dict[Direction, Outcome] = {
    Direction.RECEIVE: Outcome.RECEIVED,
    Direction.HAND_OVER: Outcome.HANDED_OVER,
}

STATUS_AFTER: dict[Direction, Status] = {
    Direction.RECEIVE: Status.RETURNED,
    Direction.HAND_OVER: Status.EXCHANGED,
}


def allowed_outcomes(direction: Direction) -> tuple[Outcome, ...]:
    return OUTCOMES[direction]


def status_after(direction: Direction, outcome: Outcome) -> Status | None:
    """The status the outcome gives the person, or None when it leaves it as it was."""
    return STATUS_AFTER[direction] if outcome == DONE[direction] else None
