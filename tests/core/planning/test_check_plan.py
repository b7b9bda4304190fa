"""check_plan reports every broken constraint of a plan, proposed or edited by an officer."""

from __future__ import annotations

import pytest

from homeward.core.planning import Category, Constraint, PlanInputError, check_plan, plan_stages
from tests.core.planning.builders import hand_over, handing_over, receive, receiving, stage

STAGES = [stage(1, 2, hand_over_capacity=2), stage(2, 2, ratio=2.0, hand_over_capacity=4)]
CANDIDATES = [
    *receiving(4),
    *handing_over(6),
    receive("pinned", pinned=2),
    receive("excluded", excluded=True),
]


def constraints(assignment: dict[int, tuple[str, ...]]) -> list[Constraint]:
    return [v.constraint for v in check_plan(STAGES, CANDIDATES, assignment)]


def test_a_plan_keeping_every_constraint_has_no_violation() -> None:
    assignment = {1: ("r000", "h000"), 2: ("pinned", "h001", "h002")}
    assert constraints(assignment) == []
    plan = plan_stages(STAGES, CANDIDATES)
    assert check_plan(STAGES, CANDIDATES, plan.assignment()) == []


def test_capacities_on_both_sides() -> None:
    assignment = {
        1: ("r000", "r001", "r002", "h000", "h001", "h002"),
        2: ("pinned", "h003", "h004"),
    }
    violations = check_plan(STAGES, CANDIDATES, assignment)
    assert [v.constraint for v in violations] == [
        Constraint.RECEIVE_CAPACITY,
        Constraint.HAND_OVER_CAPACITY,
    ]
    assert str(violations[0].message) == "stage 1: 3 persons received, capacity 2"
    assert violations[0].stage == 1


def test_parity_at_the_stage_ratio() -> None:
    violations = check_plan(STAGES, CANDIDATES, {1: ("r000",), 2: ("pinned", "h000")})
    assert [v.constraint for v in violations] == [Constraint.PARITY, Constraint.PARITY]
    assert str(violations[1].message) == (
        "stage 2: 1 handed over for 1 received; parity at ratio 2 allows 2 to 2"
    )


def test_parity_per_category() -> None:
    stages = [stage(1, 5, parity_by_category=True)]
    candidates = [receive("r"), hand_over("h", category=Category.CIVILIAN)]
    violations = check_plan(stages, candidates, {1: ("r", "h")})
    assert [str(v.message) for v in violations] == [
        "stage 1, category military: 0 handed over for 1 received; parity at ratio 1 allows 1 to 1",
        "stage 1, category civilian: 1 handed over for 0 received; parity at ratio 1 allows 0 to 0",
    ]
    assert check_plan([stage(1, 5)], candidates, {1: ("r", "h")}) == []


def test_a_pin_not_honoured_placed_elsewhere_or_not_at_all() -> None:
    assert constraints({1: ("pinned", "h000")}) == [Constraint.PIN_NOT_HONOURED]
    violations = check_plan(STAGES, CANDIDATES, {})
    assert [str(v.message) for v in violations] == [
        "person pinned is pinned to stage 2 but not placed"
    ]


def test_an_excluded_person_placed() -> None:
    violations = check_plan(
        STAGES, CANDIDATES, {1: ("excluded", "h000"), 2: ("pinned", "h001", "h002")}
    )
    assert [v.constraint for v in violations] == [Constraint.EXCLUDED_PLACED]
    assert violations[0].person == "excluded"


def test_a_person_placed_twice_in_one_stage_or_in_two() -> None:
    twice = {1: ("r000", "h000"), 2: ("pinned", "r000", "h001", "h002", "h003", "h004")}
    violations = check_plan(STAGES, CANDIDATES, twice)
    assert [v.constraint for v in violations] == [Constraint.PLACED_TWICE]
    assert str(violations[0].message) == "person r000 is placed 2 times (stages 1, 2)"
    same_stage = {1: ("r000", "r000", "h000", "h001"), 2: ("pinned", "h002", "h003")}
    assert constraints(same_stage) == [Constraint.PLACED_TWICE]


def test_unknown_stages_and_persons() -> None:
    assignment = {1: ("stranger",), 7: ("r000",), 2: ("pinned", "h001", "h002")}
    assert sorted(constraints(assignment)) == sorted(
        [Constraint.UNKNOWN_STAGE, Constraint.UNKNOWN_PERSON]
    )


def test_input_that_cannot_be_planned_is_an_error_not_a_violation() -> None:
    with pytest.raises(PlanInputError):
        check_plan(STAGES, [*CANDIDATES, receive("r000")], {})
