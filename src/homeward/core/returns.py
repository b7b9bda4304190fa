"""After return: the steps every returned person goes through, who owns each, by when, and
where a case stands.

A return case is a copy of its category's step template taken when the case opens (a later
change to the template does not rewrite open cases). Each step has an owner role, a
deadline counted in days from the return, and a state. Steps are worked in their order but
not strictly one after another: rehabilitation and the debrief may run side by side. A case
stands at its first step that is neither done nor not needed; it is closed by its closure
step, once every other step is done or not needed.

Medical steps hold findings only the medical role may read: other roles see the state of
such a step, never what was found.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass


class StepKind(enum.StrEnum):
    HANDOVER_INTAKE = "handover_intake"  # received at the handover point and identified
    MEDICAL_EXAMINATION = "medical_examination"
    HOSPITALISATION = "hospitalisation"  # when the examination says so
    PHYSICAL_REHABILITATION = "physical_rehabilitation"
    PSYCHOLOGICAL_REHABILITATION = "psychological_rehabilitation"
    DEBRIEF = "debrief"  # incl. sightings of other prisoners
    DOCUMENTS = "documents"  # identity and military documents restored
    PAYMENTS = "payments"
    CLOSURE = "closure"


class StepState(enum.StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_NEEDED = "not_needed"


FINISHED = frozenset({StepState.DONE, StepState.NOT_NEEDED})
MEDICAL_STEPS = frozenset({
    StepKind.MEDICAL_EXAMINATION, StepKind.HOSPITALISATION,
    StepKind.PHYSICAL_REHABILITATION, StepKind.PSYCHOLOGICAL_REHABILITATION,
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class StepPlan:
    """One line of a template: the step, the role that owns it, the days from the return
    by which it is due, and whether it may be marked not needed."""

    kind: StepKind
    owner_role: str
    deadline_days: int
    optional: bool = False


# The headquarters' practice for every returned person; administrators edit its copies in
# the database per category (a migration seeds them), and it is used as is only when a
# category has no active step left.
DEFAULT_PLAN: tuple[StepPlan, ...] = (
    StepPlan(StepKind.HANDOVER_INTAKE, "return_coordinator", 1),
    StepPlan(StepKind.MEDICAL_EXAMINATION, "medical_officer", 3),
    StepPlan(StepKind.HOSPITALISATION, "medical_officer", 30, optional=True),
    StepPlan(StepKind.PHYSICAL_REHABILITATION, "medical_officer", 60, optional=True),
    StepPlan(StepKind.PSYCHOLOGICAL_REHABILITATION, "medical_officer", 60),
    StepPlan(StepKind.DEBRIEF, "return_coordinator", 14),
    StepPlan(StepKind.DOCUMENTS, "return_coordinator", 30),
    StepPlan(StepKind.PAYMENTS, "payments_officer", 45),
    StepPlan(StepKind.CLOSURE, "return_coordinator", 90),
)


class Refusal(enum.StrEnum):
    """Why a step may not move as asked; the web layer words it in the user's language."""

    NOT_FROM_STATE = "not_from_state"  # e.g. a pending step cannot be reopened
    NEEDED = "needed"  # only optional steps may be marked not needed
    STEPS_OPEN = "steps_open"  # the case is closed only when every other step is finished


# Which states a step may move to from each state. Done and not needed can be reopened
# (back to in progress) by whoever owns the step, e.g. when a readmission follows.
MOVES: dict[StepState, frozenset[StepState]] = {
    StepState.PENDING: frozenset({StepState.IN_PROGRESS, StepState.DONE, StepState.NOT_NEEDED}),
    StepState.IN_PROGRESS: frozenset({StepState.DONE, StepState.NOT_NEEDED}),
    StepState.DONE: frozenset({StepState.IN_PROGRESS}),
    StepState.NOT_NEEDED: frozenset({StepState.IN_PROGRESS}),
}


@dataclass(frozen=True, slots=True)
class StepFacts:
    """What the rules need to know of one step of a case."""

    kind: StepKind
    state: StepState
    optional: bool
    due: dt.date


def due_date(returned_on: dt.date, deadline_days: int) -> dt.date:
    return returned_on + dt.timedelta(days=deadline_days)


def is_overdue(step: StepFacts, today: dt.date) -> bool:
    return step.state not in FINISHED and step.due < today


def current_step(steps: Sequence[StepFacts]) -> StepKind | None:
    """Where the case stands: its first unfinished step, None when all are finished."""
    for step in steps:
        if step.state not in FINISHED:
            return step.kind
    return None


def refusal(
    steps: Sequence[StepFacts], kind: StepKind, to: StepState
) -> tuple[Refusal, tuple[StepKind, ...]] | None:
    """Why the move is refused (with the steps still open, for a closure), or None."""
    step = next(s for s in steps if s.kind == kind)
    if to not in MOVES[step.state]:
        return Refusal.NOT_FROM_STATE, ()
    if to is StepState.NOT_NEEDED and not step.optional:
        return Refusal.NEEDED, ()
    if kind is StepKind.CLOSURE and to is StepState.DONE:
        still_open = tuple(s.kind for s in steps if s.kind != kind and s.state not in FINISHED)
        if still_open:
            return Refusal.STEPS_OPEN, still_open
    return None


def case_closed(steps: Sequence[StepFacts]) -> bool:
    return any(s.kind is StepKind.CLOSURE and s.state is StepState.DONE for s in steps)


class SightingVerdict(enum.StrEnum):
    """What a returnee's sighting of another prisoner amounts to in the registry."""

    CONFIRMED = "confirmed"  # it is this person: evidence on their record
    POSSIBLE = "possible"  # a person to check before anything is recorded
    UNKNOWN = "unknown"  # nobody in the registry fits
    REGISTERED = "registered"  # nobody fitted, and a new person was registered from it


# A sighting's candidates come from the person search, whose probabilities are shares of
# the told name among the candidates and "someone not in the registry": a full name with
# a year of birth that fits one person scores about 0.97, three namesakes about 0.2 each.
SIGHTING_MATCH = 0.95
SIGHTING_REVIEW = 0.05


def judge_sighting(
    probabilities: Sequence[float], match: float = SIGHTING_MATCH, review: float = SIGHTING_REVIEW
) -> SightingVerdict:
    """The engine's verdict on a sighting from its candidates' probabilities: confirmed
    only when the best is above the match threshold and no other candidate is even worth
    a look (a told name is all a returnee has; two plausible persons need a person)."""
    ranked = sorted(probabilities, reverse=True)
    if not ranked or ranked[0] < review:
        return SightingVerdict.UNKNOWN
    if ranked[0] >= match and (len(ranked) == 1 or ranked[1] < review):
        return SightingVerdict.CONFIRMED
    return SightingVerdict.POSSIBLE
