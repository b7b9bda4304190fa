"""Capacities and parity are never broken, whatever the persons' priorities ask."""

from __future__ import annotations

import pytest

from homeward.core.planning import Category, StagePlan, check_plan, plan_stages
from tests.core.planning.builders import hand_over, handing_over, receive, receiving, stage


def counts(plan_stage: StagePlan) -> tuple[int, int]:
    return plan_stage.received_count, plan_stage.handed_over_count


def test_the_seeds_exchange_fills_its_three_stages_one_for_one() -> None:
    stages = [stage(1, 390), stage(2, 307), stage(3, 303)]
    candidates = receiving(1000) + handing_over(1000)
    plan = plan_stages(stages, candidates)
    assert [counts(s) for s in plan.stages] == [(390, 390), (307, 307), (303, 303)]
    assert plan.not_planned == ()
    assert check_plan(stages, candidates, plan.assignment()) == []


def test_one_for_one_plans_no_more_received_than_the_other_side_can_hand_over() -> None:
    stages = [stage(1, 10)]
    plan = plan_stages(stages, receiving(8) + handing_over(5))
    assert counts(plan.stages[0]) == (5, 5)
    assert len(plan.not_planned) == 3


def test_two_for_one_hands_over_two_per_person_received() -> None:
    stages = [stage(1, 10, ratio=2.0)]
    plan = plan_stages(stages, receiving(10) + handing_over(9))
    assert counts(plan.stages[0]) == (4, 8)  # 5 received would need 10 handed over


def test_a_ratio_landing_on_a_half_may_round_either_way() -> None:
    stages = [stage(1, 1, ratio=1.5)]
    # one received at 1.5: one or two handed over keep parity; two are available
    plan = plan_stages(stages, [receive("r"), *handing_over(2)])
    assert plan.stages[0].received_count == 1
    assert plan.stages[0].handed_over_count in (1, 2)
    assert check_plan(stages, [receive("r"), *handing_over(1)], {1: ("r", "h000")}) == []


def test_the_hand_over_capacity_limits_the_received_through_parity() -> None:
    stages = [stage(1, 10, hand_over_capacity=3)]
    plan = plan_stages(stages, receiving(10) + handing_over(10))
    assert counts(plan.stages[0]) == (3, 3)


def test_tolerance_lets_the_counts_differ() -> None:
    stages = [stage(1, 10, tolerance=2)]
    plan = plan_stages(stages, receiving(10) + handing_over(3))
    assert counts(plan.stages[0]) == (5, 3)


@pytest.mark.parametrize("by_category", [True, False])
def test_parity_per_category_pairs_military_with_military(by_category: bool) -> None:
    stages = [stage(1, 10, parity_by_category=by_category)]
    candidates = [
        *receiving(4, "rm"),
        *receiving(4, "rc", category=Category.CIVILIAN),
        *handing_over(6, "hm"),
        *handing_over(1, "hc", category=Category.CIVILIAN),
    ]
    plan = plan_stages(stages, candidates)
    received = plan.stages[0].received
    civilians = [p for p in received if str(p).startswith("rc")]
    if by_category:
        # 4 military for 4 military, 1 civilian for the one civilian; 2 military held back
        assert counts(plan.stages[0]) == (5, 5)
        assert len(civilians) == 1
    else:
        assert counts(plan.stages[0]) == (7, 7)
    assert check_plan(stages, candidates, plan.assignment()) == []


def test_capacities_are_per_stage_and_the_rest_waits() -> None:
    stages = [stage(1, 2), stage(2, 3)]
    plan = plan_stages(stages, receiving(7) + handing_over(7))
    assert [counts(s) for s in plan.stages] == [(2, 2), (3, 3)]
    assert len(plan.not_planned) == 4


def test_stages_are_taken_in_date_order_whatever_order_they_are_given_in() -> None:
    stages = [stage(2, 1), stage(1, 1)]
    candidates = [receive("old", 900), receive("new", 10), *handing_over(2)]
    plan = plan_stages(stages, candidates)
    assert [s.stage for s in plan.stages] == [1, 2]
    assert plan.stage_of("old") == 1
    assert plan.stage_of("new") == 2


def test_a_stage_without_room_gets_no_one() -> None:
    stages = [stage(1, 0), stage(2, 2)]
    plan = plan_stages(stages, [receive("a"), hand_over("b")])
    assert [counts(s) for s in plan.stages] == [(0, 0), (1, 1)]


def test_a_person_of_ours_without_anyone_to_hand_over_is_not_planned() -> None:
    plan = plan_stages(
        [stage(1, 5)], [receive("alone"), hand_over("x", category=Category.CIVILIAN)]
    )
    assert plan.stage_of("alone") == 1  # not per category: a civilian pairs with a soldier
    plan = plan_stages(
        [stage(1, 5, parity_by_category=True)],
        [receive("alone"), hand_over("x", category=Category.CIVILIAN)],
    )
    assert plan.not_planned == ("alone", "x")
