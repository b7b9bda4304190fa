"""Random instances: the plan always keeps every constraint, never leaves out or delays a
person for one ranked lower when swapping the two would keep the constraints, and on tiny
instances is exactly the lexicographic optimum found by trying every assignment."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeward.core.planning import (
    Candidate,
    Category,
    Direction,
    InfeasiblePinsError,
    Plan,
    Stage,
    check_plan,
    plan_stages,
    rank_key,
)
from tests.core.planning.oracle import best_assignment

DAY_ONE = dt.date(2025, 5, 23)


@st.composite
def instances(
    draw: st.DrawFn, most_persons: int, most_stages: int, most_capacity: int
) -> tuple[list[Stage], list[Candidate]]:
    stage_count = draw(st.integers(1, most_stages))
    stages = [
        Stage(
            number,
            DAY_ONE + dt.timedelta(days=draw(st.integers(0, 5))),
            draw(st.integers(0, most_capacity)),
            draw(st.none() | st.integers(0, most_capacity)),
            draw(st.sampled_from([1.0, 1.0, 2.0, 0.5, 1.5])),
            draw(st.booleans()),
            draw(st.sampled_from([0, 0, 0, 1])),
        )
        for number in range(1, stage_count + 1)
    ]
    person_count = draw(st.integers(0, most_persons))
    categories = st.sampled_from(
        [Category.MILITARY, Category.MILITARY, Category.CIVILIAN, Category.WOUNDED_SICK]
    )
    candidates = []
    for number in range(person_count):
        special = draw(st.sampled_from(["free"] * 8 + ["pinned", "excluded"]))
        candidates.append(
            Candidate(
                f"p{number}",
                draw(st.sampled_from(list(Direction))),
                draw(categories),
                draw(st.none() | st.integers(0, 6)),  # few values: ties are the hard part
                draw(st.integers(0, 2)),
                draw(st.integers(1, stage_count)) if special == "pinned" else None,
                special == "excluded",
            )
        )
    return stages, candidates


def swaps_that_would_improve(
    stages: list[Stage], candidates: list[Candidate], plan: Plan
) -> list[tuple[object, object]]:
    """Pairs (higher, lower) of free persons of one side and category where the lower-ranked
    has the better place (an earlier stage, or a stage against none) and exchanging their
    places keeps every constraint (checked, not assumed)."""
    order = {s.stage: i for i, s in enumerate(plan.stages)}
    place = {
        c.id: order[s] if (s := plan.stage_of(c.id)) is not None else len(order) for c in candidates
    }
    free = sorted(
        (c for c in candidates if c.pinned_stage is None and not c.excluded), key=rank_key
    )
    found: list[tuple[object, object]] = []
    for i, higher in enumerate(free):
        for lower in free[i + 1 :]:
            if (higher.direction, higher.category) != (lower.direction, lower.category):
                continue
            if place[lower.id] >= place[higher.id]:
                continue
            assignment = {k: list(v) for k, v in plan.assignment().items()}
            for persons in assignment.values():
                for n, person in enumerate(persons):
                    if person == higher.id:
                        persons[n] = lower.id
                    elif person == lower.id:
                        persons[n] = higher.id
            if not check_plan(stages, candidates, assignment):
                found.append((higher.id, lower.id))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(most_persons=40, most_stages=4, most_capacity=8))
def test_plans_keep_every_constraint_and_the_order_of_priority(
    instance: tuple[list[Stage], list[Candidate]],
) -> None:
    stages, candidates = instance
    try:
        plan = plan_stages(stages, candidates)
    except InfeasiblePinsError as refused:
        # Whether the pins really cannot stand is compared exactly on tiny instances below.
        assert all(
            str(problem).startswith(("stage ", "the persons pinned"))
            for problem in refused.problems
        )
        return
    assert check_plan(stages, candidates, plan.assignment()) == []
    assert set(plan.explanations) == {c.id for c in candidates}
    assert swaps_that_would_improve(stages, candidates, plan) == []


@settings(max_examples=120, deadline=None)
@given(instances(most_persons=6, most_stages=3, most_capacity=3))
def test_tiny_plans_are_the_lexicographic_optimum_of_every_assignment(
    instance: tuple[list[Stage], list[Candidate]],
) -> None:
    stages, candidates = instance
    expected = best_assignment(stages, candidates)
    if expected is None:
        try:
            plan_stages(stages, candidates)
        except InfeasiblePinsError:
            return
        raise AssertionError("no assignment keeps the pins, but a plan was made")
    plan = plan_stages(stages, candidates)
    ordered = sorted(stages, key=lambda s: s.date)
    got = {
        c.id: (
            None if (stage := plan.stage_of(c.id)) is None else [s.id for s in ordered].index(stage)
        )
        for c in candidates
    }
    assert got == expected
