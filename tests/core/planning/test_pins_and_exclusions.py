"""Pins are honoured or refused with the stage and the constraint; excluded persons are
never placed; contradictory input and a failing solver are errors, not guesses."""

from __future__ import annotations

import sys

import highspy
import pytest

from homeward.core.errors import HomewardError
from homeward.core.planning import (
    Candidate,
    Category,
    Direction,
    InfeasiblePinsError,
    PlanInputError,
    SolverError,
    check_plan,
    plan_stages,
)
from tests.core.planning.builders import hand_over, handing_over, receive, receiving, stage


def test_a_pinned_person_stays_on_their_stage_ahead_of_higher_priority() -> None:
    stages = [stage(1, 1), stage(2, 1)]
    candidates = [receive("long", 900), receive("pinned", 1, pinned=1), *handing_over(2)]
    plan = plan_stages(stages, candidates)
    assert plan.stage_of("pinned") == 1
    assert plan.stage_of("long") == 2


def test_a_pinned_person_of_theirs_brings_one_of_ours_along() -> None:
    stages = [stage(1, 5), stage(2, 5)]
    candidates = [*receiving(2), hand_over("pinned", 1, pinned=2), hand_over("other", 900)]
    plan = plan_stages(stages, candidates)
    assert plan.stages[1].handed_over == ("pinned",)
    assert plan.stages[1].received_count == 1
    assert check_plan(stages, candidates, plan.assignment()) == []


def test_more_pins_than_capacity_name_the_stage_and_the_capacity() -> None:
    stages = [stage(1, 10), stage(2, 4)]
    candidates = [receive(f"p{i}", pinned=2) for i in range(5)] + handing_over(5)
    with pytest.raises(InfeasiblePinsError) as raised:
        plan_stages(stages, candidates)
    assert str(raised.value) == "stage 2: 5 persons pinned to receive, capacity 4"
    assert isinstance(raised.value, HomewardError)
    assert raised.value.problems[0].values == {"stage": 2, "count": 5, "capacity": 4}


def test_pins_that_parity_cannot_follow_name_the_stage_and_parity() -> None:
    stages = [stage(1, 10, hand_over_capacity=2)]
    candidates = [receive(f"p{i}", pinned=1) for i in range(3)] + handing_over(5)
    with pytest.raises(InfeasiblePinsError) as raised:
        plan_stages(stages, candidates)
    assert str(raised.value) == (
        "stage 1: 3 persons pinned to receive need at least 3 handed over for parity "
        "(ratio 1), and at most 2 can be"
    )


def test_pins_without_partners_of_their_category_are_refused() -> None:
    stages = [stage(1, 10, parity_by_category=True)]
    candidates = [hand_over("pinned", pinned=1, category=Category.REMAINS), *receiving(3)]
    with pytest.raises(InfeasiblePinsError, match="stage 1, category remains: 1 persons pinned "
                       "to hand over need more persons received"):  # fmt: skip
        plan_stages(stages, candidates)


def test_pins_competing_for_the_same_partners_across_stages_are_refused() -> None:
    stages = [stage(1, 5), stage(2, 5)]
    candidates = [receive("a", pinned=1), receive("b", pinned=2), hand_over("only")]
    with pytest.raises(InfeasiblePinsError, match="stages 1, 2 need more persons for parity"):
        plan_stages(stages, candidates)


def test_an_excluded_person_is_never_placed_even_with_room() -> None:
    stages = [stage(1, 10)]
    candidates = [receive("no consent", 3000, excluded=True), receive("other", 1), *handing_over(3)]
    plan = plan_stages(stages, candidates)
    assert plan.stages[0].received == ("other",)
    assert "no consent" in plan.not_planned
    excluded_theirs = [hand_over("legal hold", excluded=True), receive("ours")]
    plan = plan_stages(stages, excluded_theirs)
    assert plan.not_planned == ("ours", "legal hold")


def test_contradictory_input_is_refused_with_every_problem() -> None:
    stages = [stage(1, 1), stage(1, -1, ratio=0.0)]
    candidates = [
        receive("twice"),
        receive("twice"),
        receive("nowhere", pinned=9),
        receive("both", pinned=1, excluded=True),
        receive("negative", -1),
    ]
    with pytest.raises(PlanInputError) as raised:
        plan_stages(stages, candidates)
    assert [problem.template for problem in raised.value.problems] == [
        "stage %(stage)s is given twice",
        "stage %(stage)s: a capacity is negative",
        "stage %(stage)s: the ratio must be above zero",
        "person %(person)s is given twice",
        "person %(person)s is pinned to stage %(stage)s, which does not exist",
        "person %(person)s is both pinned and excluded; choose one",
        "person %(person)s: the days in captivity are negative",
    ]
    with pytest.raises(PlanInputError, match="no stages"):
        plan_stages([], [receive("a")])
    with pytest.raises(PlanInputError, match="person x: unknown direction give"):
        Candidate("x", "give", "military")  # type: ignore[arg-type]
    assert Candidate("y", "hand_over", "remains").direction is Direction.HAND_OVER  # type: ignore[arg-type]


def test_a_solver_without_an_answer_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        highspy.Highs,
        "getModelStatus",
        lambda self: highspy.HighsModelStatus.kTimeLimit,
    )
    with pytest.raises(SolverError, match="the HiGHS solver gave no answer"):
        plan_stages([stage(1, 1)], [receive("a"), hand_over("b")])


def test_a_missing_solver_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "highspy", None)
    with pytest.raises(SolverError, match="highspy"):
        plan_stages([stage(1, 1)], [receive("a"), hand_over("b")])
