"""What the stage planner raises on purpose: bad input, pins that cannot all hold, a solver
that cannot answer."""

from __future__ import annotations

from collections.abc import Sequence

from homeward.core.errors import HomewardError
from homeward.core.messages import Message


class PlanningError(HomewardError):
    """Base of the planner's errors. `problems` are the reasons, each a Message a user
    interface can translate; `str()` gives them in English."""

    def __init__(self, problems: Sequence[Message]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


class PlanInputError(PlanningError):
    """The stages or candidates contradict themselves (a repeated id, a pin to a stage that
    does not exist, a person both pinned and excluded, a negative capacity)."""


class InfeasiblePinsError(PlanningError):
    """The pinned persons cannot all stand where they are pinned without breaking a stage's
    capacity or parity; each problem names the stage and the constraint."""


class SolverError(PlanningError):
    """HiGHS is missing or did not answer; the planner does not guess a plan without it."""
