"""The agreed order: seriously wounded and sick first, then the longest in captivity
(unknown counts as the shortest), then the agreed priority, then the id; planned at all
before anyone ranked lower, and in an earlier stage."""

from __future__ import annotations

from homeward.core.planning import Category, plan_stages
from tests.core.planning.builders import hand_over, handing_over, receive, stage

WOUNDED = Category.WOUNDED_SICK


def planned_of_ours(candidates: list, capacity: int = 1) -> tuple:  # type: ignore[type-arg]
    plan = plan_stages([stage(1, capacity)], candidates + handing_over(len(candidates)))
    return plan.stages[0].received


def test_the_seriously_wounded_go_first_even_after_a_shorter_captivity() -> None:
    assert planned_of_ours([receive("long", 1500), receive("wounded", 20, WOUNDED)]) == ("wounded",)


def test_the_longer_captivity_goes_before_the_shorter() -> None:
    assert planned_of_ours([receive("short", 200), receive("long", 700)]) == ("long",)
    assert planned_of_ours([receive("short", 20, WOUNDED), receive("long", 70, WOUNDED)]) == (
        "long",
    )


def test_an_unknown_captivity_counts_as_the_shortest() -> None:
    assert planned_of_ours([receive("unknown", None), receive("one day", 1)]) == ("one day",)


def test_the_agreed_priority_decides_between_equal_captivities() -> None:
    candidates = [receive("later", 300, priority=2), receive("urgent", 300, priority=1)]
    assert planned_of_ours(candidates) == ("urgent",)


def test_captivity_outranks_the_agreed_priority() -> None:
    candidates = [receive("urgent", 299, priority=0), receive("longer", 300, priority=9)]
    assert planned_of_ours(candidates) == ("longer",)


def test_equal_persons_are_ordered_by_id_stably() -> None:
    assert planned_of_ours([receive("b"), receive("a"), receive("c")], capacity=2) == ("a", "b")


def test_persons_we_hand_over_are_ordered_the_same_way() -> None:
    candidates = [
        receive("ours"),
        hand_over("long", 900),
        hand_over("wounded", 10, WOUNDED),
        hand_over("unknown", None),
    ]
    plan = plan_stages([stage(1, 1)], candidates)
    assert plan.stages[0].handed_over == ("wounded",)


def test_higher_priority_goes_in_an_earlier_stage() -> None:
    stages = [stage(1, 2), stage(2, 2), stage(3, 2)]
    ours = [receive(f"r{days}", days) for days in (50, 400, 10, 300, 200, 100)]
    plan = plan_stages(stages, ours + handing_over(6))
    assert [s.received for s in plan.stages] == [
        ("r400", "r300"),
        ("r200", "r100"),
        ("r50", "r10"),
    ]


def test_a_category_held_back_by_parity_does_not_hold_back_the_others() -> None:
    # The wounded of ours outrank everyone, but only one wounded person can be handed over
    # for them; the second wounded waits and the soldier after them still goes.
    stages = [stage(1, 3, parity_by_category=True)]
    candidates = [
        receive("w1", 10, WOUNDED),
        receive("w2", 5, WOUNDED),
        receive("soldier", 900),
        hand_over("hw", 1, WOUNDED),
        hand_over("hm", 1),
    ]
    plan = plan_stages(stages, candidates)
    assert plan.stages[0].received == ("w1", "soldier")
    assert plan.not_planned == ("w2",)


def test_being_planned_at_all_comes_before_being_early() -> None:
    # Stage 2 hands over two per person received, within each category, and only the
    # soldiers of theirs are two. The soldier of ours in stage 1 would leave our civilian
    # without a stage; both go home if the civilian takes stage 1.
    stages = [
        stage(1, 1, parity_by_category=True),
        stage(2, 1, ratio=2.0, parity_by_category=True),
    ]
    candidates = [
        receive("soldier", 900),
        receive("civilian", 10, Category.CIVILIAN),
        hand_over("their civilian", 5, Category.CIVILIAN),
        hand_over("their soldier 1", 500),
        hand_over("their soldier 2", 400),
    ]
    plan = plan_stages(stages, candidates)
    assert plan.stage_of("civilian") == 1
    assert plan.stage_of("soldier") == 2
    assert plan.not_planned == ()
