"""Why pinned persons cannot all keep their stages: the stage and the constraint, in words
the officer can act on (unpin someone, raise a capacity)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from homeward.core.messages import Message
from homeward.core.messages import gettext_noop as _
from homeward.core.planning.inputs import Candidate, Category, Direction, Stage, StageId

_OVER_CAPACITY = {
    Direction.RECEIVE: _(
        "stage %(stage)s: %(count)s persons pinned to receive, capacity %(capacity)s"
    ),
    Direction.HAND_OVER: _(
        "stage %(stage)s: %(count)s persons pinned to hand over, capacity %(capacity)s"
    ),
}


def pin_problems(stages: Sequence[Stage], candidates: Sequence[Candidate]) -> list[Message]:
    """The problems found stage by stage (capacity first, then parity with everyone who
    could still be added), or one message about the pins as a whole when only their
    competition for the same free persons across stages makes them impossible."""
    pinned = Counter(
        (c.pinned_stage, c.direction, c.category)
        for c in candidates
        if c.pinned_stage is not None and not c.excluded
    )
    free = Counter(
        (c.direction, c.category) for c in candidates if c.pinned_stage is None and not c.excluded
    )
    problems: list[Message] = []
    for stage in stages:
        problems.extend(_stage_problems(stage, pinned, free))
    if problems:
        return problems
    stages_with_pins = sorted({str(stage) for stage, _d, _c in pinned})
    return [
        Message(
            _(
                "the persons pinned to stages %(stages)s need more persons for parity than "
                "the stages together can take or the lists hold; unpin some of them"
            ),
            {"stages": ", ".join(stages_with_pins)},
        )
    ]


def _stage_problems(
    stage: Stage,
    pinned: Counter[tuple[StageId, Direction, Category]],
    free: Counter[tuple[Direction, Category]],
) -> list[Message]:
    def pinned_count(direction: Direction, categories: Sequence[Category] = tuple(Category)) -> int:
        return sum(pinned[stage.id, direction, category] for category in categories)

    problems = []
    room: dict[Direction, float] = {}
    for direction in Direction:
        capacity = stage.capacity(direction)
        count = pinned_count(direction)
        if capacity is not None and count > capacity:
            problems.append(
                Message(
                    _OVER_CAPACITY[direction],
                    {"stage": stage.id, "count": count, "capacity": capacity},
                )
            )
        room[direction] = float("inf") if capacity is None else capacity - count
    if problems:
        return problems
    groups: list[tuple[Category, ...]] = (
        [(c,) for c in Category] if stage.parity_by_category else [tuple(Category)]
    )
    for categories in groups:
        pinned_received = pinned_count(Direction.RECEIVE, categories)
        pinned_handed = pinned_count(Direction.HAND_OVER, categories)
        most_received = pinned_received + int(
            min(room[Direction.RECEIVE], sum(free[Direction.RECEIVE, c] for c in categories))
        )
        most_handed = pinned_handed + min(
            room[Direction.HAND_OVER], sum(free[Direction.HAND_OVER, c] for c in categories)
        )
        fitting = [
            received
            for received in range(pinned_received, most_received + 1)
            if _overlaps(stage.hand_over_range(received), pinned_handed, most_handed)
        ]
        if fitting:
            continue
        values: dict[str, str | int] = {"stage": stage.id, "ratio": f"{stage.ratio:g}"}
        if stage.parity_by_category:
            values["category"] = categories[0].value
        low, _high = stage.hand_over_range(pinned_received)
        if low > most_handed:
            values |= {"count": pinned_received, "needed": low, "possible": int(most_handed)}
            template = (
                _(
                    "stage %(stage)s, category %(category)s: %(count)s persons pinned to "
                    "receive need at least %(needed)s handed over for parity (ratio %(ratio)s), "
                    "and at most %(possible)s can be"
                )
                if stage.parity_by_category
                else _(
                    "stage %(stage)s: %(count)s persons pinned to receive need at least "
                    "%(needed)s handed over for parity (ratio %(ratio)s), and at most "
                    "%(possible)s can be"
                )
            )
        else:
            values |= {"count": pinned_handed, "possible": most_received}
            template = (
                _(
                    "stage %(stage)s, category %(category)s: %(count)s persons pinned to hand "
                    "over need more persons received for parity (ratio %(ratio)s) than the "
                    "%(possible)s who can be"
                )
                if stage.parity_by_category
                else _(
                    "stage %(stage)s: %(count)s persons pinned to hand over need more persons "
                    "received for parity (ratio %(ratio)s) than the %(possible)s who can be"
                )
            )
        problems.append(Message(template, values))
    return problems


def _overlaps(window: tuple[int, int], low: float, high: float) -> bool:
    return window[0] <= high and low <= window[1]
