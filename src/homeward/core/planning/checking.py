"""Every constraint a plan breaks, for a proposed plan and for one an officer has edited."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from homeward.core.messages import Message
from homeward.core.messages import gettext_noop as _
from homeward.core.planning.inputs import (
    Candidate,
    Category,
    Direction,
    PersonId,
    Stage,
    StageId,
)
from homeward.core.planning.validation import stages_in_order

# Any stage id type the caller uses (ids of one kind make a dict[int, ...], which a
# Mapping[str | int, ...] parameter would refuse: mappings are invariant in their keys).
_StageKey = TypeVar("_StageKey", bound=StageId)


class Constraint(StrEnum):
    UNKNOWN_STAGE = "unknown_stage"
    UNKNOWN_PERSON = "unknown_person"
    PLACED_TWICE = "placed_twice"
    EXCLUDED_PLACED = "excluded_placed"
    PIN_NOT_HONOURED = "pin_not_honoured"
    RECEIVE_CAPACITY = "receive_capacity"
    HAND_OVER_CAPACITY = "hand_over_capacity"
    PARITY = "parity"


@dataclass(frozen=True, slots=True)
class Violation:
    constraint: Constraint
    message: Message
    stage: StageId | None = None
    person: PersonId | None = None


def check_plan(
    stages: Sequence[Stage],
    candidates: Sequence[Candidate],
    assignment: Mapping[_StageKey, Iterable[PersonId]],
) -> list[Violation]:
    """`assignment`: stage id → the persons in it (both sides), as `Plan.assignment()`
    gives it. Returns nothing when every constraint holds. Raises PlanInputError when the
    stages and candidates themselves cannot be planned."""
    stages_in_order(stages, candidates)
    by_id = {candidate.id: candidate for candidate in candidates}
    stage_ids = {stage.id for stage in stages}
    violations: list[Violation] = []
    placed: dict[PersonId, list[StageId]] = {}
    in_stage: dict[StageId, list[PersonId]] = {}
    for stage_id, stage_persons in assignment.items():
        if stage_id not in stage_ids:
            violations.append(
                Violation(
                    Constraint.UNKNOWN_STAGE,
                    Message(
                        _("stage %(stage)s is not a stage of the exchange"), {"stage": stage_id}
                    ),
                    stage=stage_id,
                )
            )
        for person in stage_persons:
            placed.setdefault(person, []).append(stage_id)
            in_stage.setdefault(stage_id, []).append(person)
    for person, where in placed.items():
        violations.extend(_person_violations(by_id.get(person), person, where))
    for candidate in candidates:
        if candidate.pinned_stage is not None and candidate.id not in placed:
            violations.append(_pin_violation(candidate))
    for stage in stages:
        persons = [by_id[p] for p in in_stage.get(stage.id, ()) if p in by_id]
        violations.extend(_stage_violations(stage, persons))
    return violations


def _person_violations(
    candidate: Candidate | None, person: PersonId, where: list[StageId]
) -> list[Violation]:
    values = {"person": person, "stage": where[0]}
    if candidate is None:
        return [
            Violation(
                Constraint.UNKNOWN_PERSON,
                Message(_("stage %(stage)s: person %(person)s is not a candidate"), values),
                where[0],
                person,
            )
        ]
    violations = []
    if len(where) > 1:
        violations.append(
            Violation(
                Constraint.PLACED_TWICE,
                Message(
                    _("person %(person)s is placed %(count)s times (stages %(stages)s)"),
                    {"person": person, "count": len(where), "stages": ", ".join(map(str, where))},
                ),
                person=person,
            )
        )
    if candidate.excluded:
        violations.append(
            Violation(
                Constraint.EXCLUDED_PLACED,
                Message(_("stage %(stage)s: person %(person)s is excluded from planning"), values),
                where[0],
                person,
            )
        )
    pin = candidate.pinned_stage
    if pin is not None and any(stage != pin for stage in where):
        violations.append(_pin_violation(candidate, where))
    return violations


def _pin_violation(candidate: Candidate, where: list[StageId] | None = None) -> Violation:
    values = {"person": candidate.id, "pin": str(candidate.pinned_stage)}
    if where:
        values["stages"] = ", ".join(map(str, where))
        template = _("person %(person)s is pinned to stage %(pin)s but placed in %(stages)s")
    else:
        template = _("person %(person)s is pinned to stage %(pin)s but not placed")
    return Violation(Constraint.PIN_NOT_HONOURED, Message(template, values), person=candidate.id)


def _stage_violations(stage: Stage, persons: list[Candidate]) -> list[Violation]:
    counts = Counter((person.direction, person.category) for person in persons)

    def count(direction: Direction, categories: Iterable[Category] = Category) -> int:
        return sum(counts[direction, category] for category in categories)

    violations = []
    received, handed_over = count(Direction.RECEIVE), count(Direction.HAND_OVER)
    if received > stage.receive_capacity:
        violations.append(
            Violation(
                Constraint.RECEIVE_CAPACITY,
                Message(
                    _("stage %(stage)s: %(count)s persons received, capacity %(capacity)s"),
                    {"stage": stage.id, "count": received, "capacity": stage.receive_capacity},
                ),
                stage.id,
            )
        )
    if stage.hand_over_capacity is not None and handed_over > stage.hand_over_capacity:
        violations.append(
            Violation(
                Constraint.HAND_OVER_CAPACITY,
                Message(
                    _("stage %(stage)s: %(count)s persons handed over, capacity %(capacity)s"),
                    {"stage": stage.id, "count": handed_over, "capacity": stage.hand_over_capacity},
                ),
                stage.id,
            )
        )
    groups: list[tuple[Category, ...]] = (
        [(c,) for c in Category] if stage.parity_by_category else [tuple(Category)]
    )
    for categories in groups:
        received, handed_over = (
            count(Direction.RECEIVE, categories),
            count(Direction.HAND_OVER, categories),
        )
        low, high = stage.hand_over_range(received)
        if low <= handed_over <= high:
            continue
        values = {
            "stage": stage.id,
            "handed_over": handed_over,
            "received": received,
            "low": low,
            "high": high,
            "ratio": f"{stage.ratio:g}",
        }
        if stage.parity_by_category:
            values["category"] = categories[0].value
            template = _(
                "stage %(stage)s, category %(category)s: %(handed_over)s handed over for "
                "%(received)s received; parity at ratio %(ratio)s allows %(low)s to %(high)s"
            )
        else:
            template = _(
                "stage %(stage)s: %(handed_over)s handed over for %(received)s received; "
                "parity at ratio %(ratio)s allows %(low)s to %(high)s"
            )
        violations.append(Violation(Constraint.PARITY, Message(template, values), stage.id))
    return violations
