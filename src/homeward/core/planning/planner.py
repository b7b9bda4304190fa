"""The stage planner: who of the agreed persons goes in which stage, and why.

The order of decisions is lexicographic (docs/adr/0018-stage-planner.md):
1. who is planned at all: our persons to receive in order of priority, then the persons to
   hand over in theirs (a person left out waits for another agreement; a later stage is a
   day's wait);
2. then, stage by stage from the first, who goes in it, our persons first.
Each decision takes the next person in order whenever that still leaves a solution that
keeps every decision taken before (`lexicographic.choose_in_order`), asked of the counts
MILP (`counts_model.CountsModel`): no weights, so no ranks can outweigh others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from homeward.core.messages import Message
from homeward.core.messages import gettext_noop as _
from homeward.core.planning import explanations
from homeward.core.planning.checking import check_plan
from homeward.core.planning.counts_model import CountsModel, Group
from homeward.core.planning.errors import InfeasiblePinsError, SolverError
from homeward.core.planning.inputs import Candidate, Category, Direction, PersonId, Stage
from homeward.core.planning.lexicographic import Refusal, choose_in_order
from homeward.core.planning.pins import pin_problems
from homeward.core.planning.plan import Explanation, Plan, Reason, StagePlan
from homeward.core.planning.ranking import in_rank_order
from homeward.core.planning.validation import stages_in_order


def plan_stages(stages: Sequence[Stage], candidates: Sequence[Candidate]) -> Plan:
    """Proposes the stages' composition. Raises PlanInputError for contradictory input,
    InfeasiblePinsError when the pins cannot all hold, SolverError when HiGHS fails."""
    ordered = stages_in_order(stages, candidates)
    ranked = in_rank_order(candidates)
    stage_index = {stage.id: i for i, stage in enumerate(ordered)}
    free: dict[Direction, list[Candidate]] = {direction: [] for direction in Direction}
    pinned: Counter[tuple[Group, int]] = Counter()
    for candidate in ranked:
        if candidate.excluded:
            continue
        if candidate.pinned_stage is not None:
            pinned[_group(candidate), stage_index[candidate.pinned_stage]] += 1
        else:
            free[candidate.direction].append(candidate)
    sizes = Counter(_group(c) for direction in Direction for c in free[direction])
    model = CountsModel(ordered, sizes, pinned)
    if not model.feasible():
        raise InfeasiblePinsError(pin_problems(ordered, candidates))

    totals: dict[Group, int] = {}
    causes: dict[Group, Reason] = {}
    for direction in Direction:
        chosen, refusal_causes = _choose_planned(model, direction, free[direction], sizes)
        totals |= chosen
        causes |= refusal_causes
    cumulative = _choose_stages(model, len(ordered), free, totals)

    stage_of = _stage_of_free(free, totals, cumulative, len(ordered))
    for candidate in ranked:
        if candidate.pinned_stage is not None:
            stage_of[candidate.id] = stage_index[candidate.pinned_stage]
    plan = _assemble(ordered, ranked, free, stage_of, causes)
    _verify(stages, candidates, plan)
    return plan


def _group(candidate: Candidate) -> Group:
    return candidate.direction, candidate.category


def _choose_planned(
    model: CountsModel,
    direction: Direction,
    order: list[Candidate],
    sizes: Mapping[Group, int],
) -> tuple[dict[Group, int], dict[Group, Reason]]:
    """How many of each category of `direction` are planned at all, and why the first
    refused of a category was refused (everyone after them in it is refused with them)."""

    def bound(taken: Mapping[Category, int], closed: frozenset[Category]) -> None:
        for category, count in taken.items():
            group = (direction, category)
            model.set_total(group, count, count if category in closed else sizes[group])

    def fits(taken: Mapping[Category, int], closed: frozenset[Category]) -> bool:
        bound(taken, closed)
        return model.feasible()

    def cause(refusal: Refusal[Category]) -> Reason:
        taken = dict(refusal.taken)
        taken[refusal.group] += 1
        bound(taken, refusal.closed)
        with model.relaxed(capacity_of=direction):
            if model.feasible():
                return Reason.NOT_PLANNED_CAPACITY
        with model.relaxed(parity=True):
            if model.feasible():
                return Reason.NOT_PLANNED_PARITY
        return Reason.NOT_PLANNED_CAPACITY_AND_PARITY

    choice = choose_in_order([candidate.category for candidate in order], fits)
    causes = {(direction, refusal.group): cause(refusal) for refusal in choice.refusals}
    totals = {(direction, category): count for category, count in choice.taken.items()}
    for group, count in totals.items():
        model.set_total(group, count, count)
    return totals, causes


def _choose_stages(
    model: CountsModel,
    stage_count: int,
    free: Mapping[Direction, list[Candidate]],
    totals: Mapping[Group, int],
) -> dict[tuple[Group, int], int]:
    """For each stage but the last (which takes the rest): how many of each group's planned
    persons are in it or an earlier one."""
    cumulative: dict[tuple[Group, int], int] = {}
    before: dict[Group, int] = dict.fromkeys(totals, 0)
    for i in range(stage_count - 1):
        for direction in Direction:
            seen: Counter[Category] = Counter()
            waiting: list[Category] = []
            for candidate in free[direction]:
                seen[candidate.category] += 1
                group = _group(candidate)
                if before[group] < seen[candidate.category] <= totals[group]:
                    waiting.append(candidate.category)

            def fits(
                taken: Mapping[Category, int],
                closed: frozenset[Category],
                direction: Direction = direction,
                i: int = i,
                before: Mapping[Group, int] = before,
            ) -> bool:
                for category, count in taken.items():
                    group = (direction, category)
                    low = before[group] + count
                    model.set_cumulative(
                        group, i, low, low if category in closed else totals[group]
                    )
                return model.feasible()

            choice = choose_in_order(waiting, fits)
            for group in totals:
                if group[0] is direction:
                    count = before[group] + choice.taken.get(group[1], 0)
                    model.set_cumulative(group, i, count, count)
                    cumulative[group, i] = count
        before = {group: cumulative[group, i] for group in totals}
    return cumulative


def _stage_of_free(
    free: Mapping[Direction, list[Candidate]],
    totals: Mapping[Group, int],
    cumulative: Mapping[tuple[Group, int], int],
    stage_count: int,
) -> dict[PersonId, int | None]:
    """Persons of a group fill the stages in order of priority: the first
    cumulative[group, 0] go in the first stage, and so on; those past the total wait."""
    stage_of: dict[PersonId, int | None] = {}
    for direction in Direction:
        position: Counter[Group] = Counter()
        for candidate in free[direction]:
            group = _group(candidate)
            position[group] += 1
            if position[group] > totals[group]:
                stage_of[candidate.id] = None
                continue
            stage_of[candidate.id] = next(
                (i for i in range(stage_count - 1) if position[group] <= cumulative[group, i]),
                stage_count - 1,
            )
    return stage_of


def _assemble(
    stages: Sequence[Stage],
    ranked: Sequence[Candidate],
    free: Mapping[Direction, list[Candidate]],
    stage_of: Mapping[PersonId, int | None],
    causes: Mapping[Group, Reason],
) -> Plan:
    found: dict[PersonId, Explanation] = {}
    for direction in Direction:
        side = [c for c in ranked if c.direction is direction]
        position = {c.id: n for n, c in enumerate(side, start=1)}
        after = _first_faring_worse(free[direction], stage_of, len(stages))
        last_planned: dict[Category, Candidate] = {}
        for candidate in side:
            stage = stage_of.get(candidate.id)
            if candidate.excluded:
                found[candidate.id] = explanations.excluded(candidate)
            elif candidate.pinned_stage is not None:
                found[candidate.id] = explanations.pinned(candidate, candidate.pinned_stage)
            elif stage is not None:
                found[candidate.id] = explanations.planned(
                    candidate, stages[stage].id, position[candidate.id], after[candidate.id]
                )
                last_planned[candidate.category] = candidate
            else:
                last = last_planned.get(candidate.category)
                last_stage = stage_of.get(last.id) if last is not None else None
                found[candidate.id] = explanations.not_planned(
                    candidate,
                    causes[_group(candidate)],
                    position[candidate.id],
                    last,
                    stages[last_stage].id if last_stage is not None else None,
                )
    members: dict[tuple[int, Direction], list[PersonId]] = {}
    for candidate in ranked:
        where = stage_of.get(candidate.id)
        if where is not None:
            members.setdefault((where, candidate.direction), []).append(candidate.id)
    stage_plans = tuple(
        StagePlan(
            stage.id,
            received=tuple(members.get((i, Direction.RECEIVE), ())),
            handed_over=tuple(members.get((i, Direction.HAND_OVER), ())),
        )
        for i, stage in enumerate(stages)
    )
    not_planned = tuple(
        c.id
        for direction in Direction
        for c in ranked
        if c.direction is direction and stage_of.get(c.id) is None
    )
    return Plan(stage_plans, not_planned, {c.id: found[c.id] for c in ranked})


def _first_faring_worse(
    order: Sequence[Candidate], stage_of: Mapping[PersonId, int | None], stage_count: int
) -> dict[PersonId, Candidate | None]:
    """For each person, the first one ranked below on the same side placed in a later stage
    or not at all (a "next greater element" scan from the end, linear time)."""

    def outcome(candidate: Candidate) -> int:
        stage = stage_of[candidate.id]
        return stage_count if stage is None else stage

    result: dict[PersonId, Candidate | None] = {}
    below: list[Candidate] = []  # outcomes strictly rising from the top of the stack down
    for candidate in reversed(order):
        mine = outcome(candidate)
        while below and outcome(below[-1]) <= mine:
            below.pop()
        result[candidate.id] = below[-1] if below else None
        below.append(candidate)
    return result


def _verify(stages: Sequence[Stage], candidates: Sequence[Candidate], plan: Plan) -> None:
    # The counts were proved feasible by HiGHS within its tolerances; the persons are checked
    # exactly, so that a numerical slip can never reach an officer as a valid plan.
    violations = check_plan(stages, candidates, plan.assignment())
    if violations:
        raise SolverError(
            [Message(_("the solver's plan breaks a constraint and was refused"))]
            + [violation.message for violation in violations]
        )
