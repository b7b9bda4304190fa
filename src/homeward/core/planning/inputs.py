"""What the planner is given: the stages (days) of an exchange and the agreed persons."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum

from homeward.core.messages import Message
from homeward.core.messages import gettext_noop as _
from homeward.core.planning.errors import PlanInputError

StageId = str | int
PersonId = str | int

# A ratio times a count is compared with integers; this absorbs the float's rounding so that
# 0.1 * 30 counts as 3.
_EPSILON = 1e-9


class Direction(StrEnum):
    RECEIVE = "receive"  # our person coming home
    HAND_OVER = "hand_over"  # a person we hold


class Category(StrEnum):
    MILITARY = "military"
    CIVILIAN = "civilian"
    WOUNDED_SICK = "wounded_sick"  # seriously wounded and sick, Annex I of the Third Convention
    REMAINS = "remains"


@dataclass(frozen=True, slots=True)
class Stage:
    """One day of an exchange.

    `hand_over_capacity` None: the hand-over side has no limit of its own, parity sets it.
    Parity: the number handed over is `ratio` × the number received, rounded (either way
    when the product ends in a half), give or take `tolerance`; with `parity_by_category`
    it holds within each category (military for military, civilians for civilians...).
    """

    id: StageId
    date: dt.date
    receive_capacity: int
    hand_over_capacity: int | None = None
    ratio: float = 1.0
    parity_by_category: bool = False
    tolerance: int = 0

    def capacity(self, direction: Direction) -> int | None:
        if direction is Direction.RECEIVE:
            return self.receive_capacity
        return self.hand_over_capacity

    def parity_margin(self) -> float:
        """How far the count handed over may be from ratio × received."""
        return self.tolerance + 0.5

    def hand_over_range(self, received: int) -> tuple[int, int]:
        """The counts handed over that keep parity with `received`."""
        target = self.ratio * received
        low = max(0, math.ceil(target - self.parity_margin() - _EPSILON))
        high = math.floor(target + self.parity_margin() + _EPSILON)
        return low, high


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person agreed in the exchange. `priority`: the officers' agreed criteria, lower is
    more urgent. `captivity_days` None: unknown, ranked as the shortest."""

    id: PersonId
    direction: Direction
    category: Category
    captivity_days: int | None = None
    priority: int = 0
    pinned_stage: StageId | None = None
    excluded: bool = False

    def __post_init__(self) -> None:
        # Plain strings are accepted, as a form or a JSON payload gives them.
        try:
            object.__setattr__(self, "direction", Direction(self.direction))
            object.__setattr__(self, "category", Category(self.category))
        except ValueError:
            raise PlanInputError(
                [
                    Message(
                        _(
                            "person %(person)s: unknown direction %(direction)s or category "
                            "%(category)s"
                        ),
                        {
                            "person": self.id,
                            "direction": str(self.direction),
                            "category": str(self.category),
                        },
                    )
                ]
            ) from None

    @property
    def wounded_sick(self) -> bool:
        return self.category is Category.WOUNDED_SICK
