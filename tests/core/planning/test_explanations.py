"""Every person gets an explanation: a code, the values, and a message a UI translates."""

from __future__ import annotations

from homeward.core.messages import Message
from homeward.core.planning import Category, Reason, plan_stages
from tests.core.planning.builders import hand_over, handing_over, receive, stage

WOUNDED = Category.WOUNDED_SICK


def test_every_candidate_is_explained_planned_or_not() -> None:
    stages = [stage(1, 2), stage(2, 2)]
    candidates = [
        receive("wounded", 5, WOUNDED),
        receive("long", 900),
        receive("urgent", 300, priority=1),
        receive("later", 300, priority=2),
        receive("pinned", 1, pinned=2),
        receive("unknown", None),
        receive("excluded", 5000, excluded=True),
        *handing_over(6),
    ]
    plan = plan_stages(stages, candidates)
    assert set(plan.explanations) == {c.id for c in candidates}
    reasons = {person: e.reason for person, e in plan.explanations.items()}
    assert reasons["wounded"] is Reason.WOUNDED_SICK_FIRST
    assert reasons["long"] is Reason.LONGEST_IN_CAPTIVITY
    assert reasons["urgent"] is Reason.AGREED_PRIORITY
    assert reasons["later"] is Reason.NOT_PLANNED_CAPACITY
    assert reasons["unknown"] is Reason.NOT_PLANNED_CAPACITY
    assert reasons["pinned"] is Reason.PINNED
    assert reasons["excluded"] is Reason.EXCLUDED
    for explanation in plan.explanations.values():
        assert isinstance(explanation.message, Message)
        assert explanation.message.values == explanation.values
        assert explanation.planned == (plan.stage_of(explanation.person) is not None)


def test_a_planned_person_is_compared_with_the_first_who_fared_worse() -> None:
    stages = [stage(1, 1), stage(2, 1)]
    candidates = [
        receive("wounded", 5, WOUNDED),
        receive("long", 900),
        receive("short", 20),
        *handing_over(3),
    ]
    plan = plan_stages(stages, candidates)
    wounded, long = plan.explanations["wounded"], plan.explanations["long"]
    assert str(wounded.message) == (
        "Stage 1: seriously wounded or sick (Annex I), who go first; ahead of long."
    )
    assert long.reason is Reason.LONGEST_IN_CAPTIVITY
    assert long.values == {"stage": 2, "position": 2, "other": "short", "days": 900,
                           "other_days": 20}  # fmt: skip
    assert str(long.message) == "Stage 2: 900 days in captivity, ahead of short with 20 days."


def test_not_planned_for_capacity_names_the_last_planned_of_the_category() -> None:
    plan = plan_stages([stage(1, 1)], [receive("in", 900), receive("out", 10), *handing_over(2)])
    out = plan.explanations["out"]
    assert out.reason is Reason.NOT_PLANNED_CAPACITY
    assert out.stage is None
    assert out.values == {"position": 2, "last_planned": "in", "last_planned_stage": 1}
    assert "the last planned of this category is in" in str(out.message)
    # The hand-over side has no capacity of its own here: parity with one received holds
    # back the second.
    assert plan.explanations["h001"].reason is Reason.NOT_PLANNED_PARITY


def test_the_hand_over_capacity_holds_back_theirs_and_through_parity_ours() -> None:
    stages = [stage(1, 5, hand_over_capacity=1)]
    plan = plan_stages(stages, [receive("r1", 900), receive("r2", 10), *handing_over(2)])
    assert plan.explanations["r2"].reason is Reason.NOT_PLANNED_PARITY
    # Ours are decided first: with one received, parity too allows only one handed over.
    assert plan.explanations["h001"].reason is Reason.NOT_PLANNED_CAPACITY_AND_PARITY
    stages = [stage(1, 5, hand_over_capacity=1, tolerance=1)]
    plan = plan_stages(stages, [receive("r1", 900), receive("r2", 10), *handing_over(2)])
    assert plan.stages[0].received_count == 2
    assert plan.explanations["h001"].reason is Reason.NOT_PLANNED_CAPACITY


def test_not_planned_for_parity_on_either_side() -> None:
    stages = [stage(1, 10, parity_by_category=True)]
    candidates = [
        receive("soldier", 900),
        receive("civilian", 10, Category.CIVILIAN),
        hand_over("their civilian", 5, Category.CIVILIAN),
        hand_over("their wounded", 5, WOUNDED),
    ]
    plan = plan_stages(stages, candidates)
    assert plan.explanations["soldier"].reason is Reason.NOT_PLANNED_PARITY
    assert plan.explanations["their wounded"].reason is Reason.NOT_PLANNED_PARITY
    assert str(plan.explanations["their wounded"].message) == (
        "Not planned: parity with the persons received allows no one more to be handed over."
    )
    assert plan.explanations["civilian"].stage == 1


def test_not_planned_for_capacity_and_parity_together() -> None:
    # The stage is full and the soldier has no partner either: neither alone would do.
    stages = [stage(1, 1, parity_by_category=True)]
    candidates = [
        receive("civilian", 900, Category.CIVILIAN),
        receive("soldier", 10),
        hand_over("their civilian", 5, Category.CIVILIAN),
    ]
    plan = plan_stages(stages, candidates)
    assert plan.explanations["soldier"].reason is Reason.NOT_PLANNED_CAPACITY_AND_PARITY


def test_an_unknown_captivity_and_ties_are_explained() -> None:
    stages = [stage(1, 1), stage(2, 1)]
    candidates = [receive("a", 7), receive("b", 7), receive("c", None), *handing_over(3)]
    plan = plan_stages(stages, candidates)
    assert plan.explanations["a"].reason is Reason.TIE_BREAK
    assert str(plan.explanations["a"].message) == (
        "Stage 1: the same priority as b in every criterion; ahead by the order of identifiers."
    )
    assert plan.explanations["b"].reason is Reason.LONGEST_IN_CAPTIVITY
    assert str(plan.explanations["b"].message) == (
        "Stage 2: 7 days in captivity, ahead of c, whose captivity is unknown and counts as "
        "the shortest."
    )


def test_when_everyone_fits_priority_did_not_decide() -> None:
    plan = plan_stages([stage(1, 5)], [receive("a", 7), receive("b", 9), *handing_over(2)])
    assert plan.explanations["a"].reason is Reason.ROOM_FOR_ALL
    assert plan.explanations["a"].values == {"stage": 1, "position": 2}
