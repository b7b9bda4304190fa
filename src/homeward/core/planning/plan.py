"""What the planner proposes: who goes in which stage, who is not planned, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from homeward.core.messages import Message, Value
from homeward.core.planning.inputs import PersonId, StageId


class Reason(StrEnum):
    """Machine-readable codes of explanations (the UI may key its own wording on them)."""

    PINNED = "pinned"
    WOUNDED_SICK_FIRST = "wounded_sick_first"
    LONGEST_IN_CAPTIVITY = "longest_in_captivity"
    AGREED_PRIORITY = "agreed_priority"
    TIE_BREAK = "tie_break"
    ROOM_FOR_ALL = "room_for_all"
    EXCLUDED = "excluded"
    NOT_PLANNED_CAPACITY = "not_planned_capacity"
    NOT_PLANNED_PARITY = "not_planned_parity"
    NOT_PLANNED_CAPACITY_AND_PARITY = "not_planned_capacity_and_parity"


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why `person` is where they are. `message` is the reason in words (its values are
    `values`); `stage` is None when the person is not planned."""

    person: PersonId
    reason: Reason
    stage: StageId | None
    values: Mapping[str, Value]
    message: Message

    @property
    def planned(self) -> bool:
        return self.stage is not None


@dataclass(frozen=True, slots=True)
class StagePlan:
    """One stage's persons, each side in order of priority (pinned persons among them)."""

    stage: StageId
    received: tuple[PersonId, ...]
    handed_over: tuple[PersonId, ...]

    @property
    def received_count(self) -> int:
        return len(self.received)

    @property
    def handed_over_count(self) -> int:
        return len(self.handed_over)


@dataclass(frozen=True, slots=True)
class Plan:
    """Stages in date order; `not_planned` in order of priority per direction (received
    first), excluded persons included; one explanation per candidate."""

    stages: tuple[StagePlan, ...]
    not_planned: tuple[PersonId, ...]
    explanations: Mapping[PersonId, Explanation]

    def assignment(self) -> dict[StageId, tuple[PersonId, ...]]:
        """Stage id → every person in it, the form `check_plan` reads."""
        return {stage.stage: stage.received + stage.handed_over for stage in self.stages}

    def stage_of(self, person: PersonId) -> StageId | None:
        return self.explanations[person].stage
