"""choose_in_order takes the same persons as asking about each person in turn, with far
fewer questions."""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import given
from hypothesis import strategies as st

from homeward.core.planning.lexicographic import choose_in_order

Limits = list[tuple[dict[str, int], int]]


def within(limits: Limits, taken: Mapping[str, int]) -> bool:
    return all(
        sum(w * taken.get(g, 0) for g, w in weights.items()) <= cap for weights, cap in limits
    )


def one_by_one(order: list[str], limits: Limits) -> dict[str, int]:
    taken = dict.fromkeys(order, 0)
    closed: set[str] = set()
    for group in order:
        if group in closed:
            continue
        if within(limits, taken | {group: taken[group] + 1}):
            taken[group] += 1
        else:
            closed.add(group)
    return taken


groups = st.sampled_from("abcd")
limits = st.lists(
    st.tuples(st.dictionaries(groups, st.integers(0, 3), min_size=1), st.integers(0, 30)),
    max_size=3,
)


@given(st.lists(groups, max_size=60), limits)
def test_the_same_choice_as_one_question_per_person(order: list[str], limits: Limits) -> None:
    choice = choose_in_order(order, lambda taken, closed: within(limits, taken))
    assert dict(choice.taken) == one_by_one(order, limits)
    for refusal in choice.refusals:
        assert order[refusal.index] == refusal.group
        assert not within(
            limits, {**refusal.taken, refusal.group: refusal.taken[refusal.group] + 1}
        )


def test_questions_grow_with_the_logarithm_of_the_persons() -> None:
    asked = 0

    def fits(taken: Mapping[str, int], closed: frozenset[str]) -> bool:
        nonlocal asked
        asked += 1
        return taken["a"] + taken["b"] <= 5_000

    order = ["a", "b"] * 10_000
    choice = choose_in_order(order, fits)
    assert choice.taken == {"a": 2_500, "b": 2_500}
    assert [r.group for r in choice.refusals] == ["a", "b"]
    assert asked < 40
