"""Input that cannot be planned at all is refused before any solving, with every problem."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from homeward.core.messages import Message
from homeward.core.messages import gettext_noop as _
from homeward.core.planning.errors import PlanInputError
from homeward.core.planning.inputs import Candidate, Stage, StageId


def stages_in_order(stages: Sequence[Stage], candidates: Sequence[Candidate]) -> list[Stage]:
    """The stages by date (ties keep the given order); raises PlanInputError listing every
    problem of the input."""
    problems: list[Message] = []
    if not stages:
        problems.append(Message(_("the exchange has no stages to plan")))
    for stage_id, count in Counter(stage.id for stage in stages).items():
        if count > 1:
            problems.append(Message(_("stage %(stage)s is given twice"), {"stage": stage_id}))
    for stage in stages:
        problems.extend(_stage_problems(stage))
    for person, count in Counter(candidate.id for candidate in candidates).items():
        if count > 1:
            problems.append(Message(_("person %(person)s is given twice"), {"person": person}))
    stage_ids = {stage.id for stage in stages}
    for candidate in candidates:
        problems.extend(_candidate_problems(candidate, stage_ids))
    if problems:
        raise PlanInputError(problems)
    return sorted(stages, key=lambda stage: stage.date)


def _stage_problems(stage: Stage) -> list[Message]:
    problems = []
    values = {"stage": stage.id}
    if stage.receive_capacity < 0 or (stage.hand_over_capacity or 0) < 0:
        problems.append(Message(_("stage %(stage)s: a capacity is negative"), values))
    if not (math.isfinite(stage.ratio) and stage.ratio > 0):
        problems.append(Message(_("stage %(stage)s: the ratio must be above zero"), values))
    if stage.tolerance < 0:
        problems.append(Message(_("stage %(stage)s: the tolerance is negative"), values))
    return problems


def _candidate_problems(candidate: Candidate, stage_ids: set[StageId]) -> list[Message]:
    problems = []
    values = {"person": candidate.id}
    if candidate.pinned_stage is not None and candidate.pinned_stage not in stage_ids:
        problems.append(
            Message(
                _("person %(person)s is pinned to stage %(stage)s, which does not exist"),
                {"person": candidate.id, "stage": candidate.pinned_stage},
            )
        )
    if candidate.pinned_stage is not None and candidate.excluded:
        problems.append(
            Message(_("person %(person)s is both pinned and excluded; choose one"), values)
        )
    if candidate.captivity_days is not None and candidate.captivity_days < 0:
        problems.append(Message(_("person %(person)s: the days in captivity are negative"), values))
    return problems
