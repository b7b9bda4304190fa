"""A brute-force planner for tiny instances: every assignment of every person to a stage or
to none, kept when it satisfies the constraints (written here again, from the rule, not
taken from the library), the lexicographically best kept (ADR 18's order of decisions)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

from homeward.core.planning import Candidate, Category, Direction, PersonId, Stage, rank_key


def feasible(
    stages: Sequence[Stage], candidates: Sequence[Candidate], where: dict[PersonId, int | None]
) -> bool:
    for index, stage in enumerate(stages):
        counts = Counter((c.direction, c.category) for c in candidates if where[c.id] == index)
        received = sum(counts[Direction.RECEIVE, c] for c in Category)
        handed = sum(counts[Direction.HAND_OVER, c] for c in Category)
        if received > stage.receive_capacity:
            return False
        if stage.hand_over_capacity is not None and handed > stage.hand_over_capacity:
            return False
        groups = [[c] for c in Category] if stage.parity_by_category else [list(Category)]
        for group in groups:
            r = sum(counts[Direction.RECEIVE, c] for c in group)
            h = sum(counts[Direction.HAND_OVER, c] for c in group)
            # exact for the ratios the tests draw (halves): twice the rule in integers
            if abs(2 * h - round(2 * stage.ratio * r)) > 2 * stage.tolerance + 1:
                return False
    return True


def best_assignment(
    stages: Sequence[Stage], candidates: Sequence[Candidate]
) -> dict[PersonId, int | None] | None:
    """Stage index (in date order) per person, or None when no assignment keeps the pins."""
    ordered = sorted(stages, key=lambda s: s.date)
    index = {s.id: i for i, s in enumerate(ordered)}
    fixed: dict[PersonId, int | None] = {}
    free: list[Candidate] = []
    for c in candidates:
        if c.excluded:
            fixed[c.id] = None
        elif c.pinned_stage is not None:
            fixed[c.id] = index[c.pinned_stage]
        else:
            free.append(c)
    sides = [sorted((c for c in free if c.direction is d), key=rank_key) for d in Direction]
    best_key: list[list[bool]] | None = None
    best: dict[PersonId, int | None] | None = None
    options: list[int | None] = [*range(len(ordered)), None]
    for choice in itertools.product(options, repeat=len(free)):
        where = fixed | {c.id: s for c, s in zip(free, choice, strict=True)}
        if not feasible(ordered, candidates, where):
            continue
        key = [[where[c.id] is not None for c in side] for side in sides]
        for i in range(len(ordered) - 1):
            key += [[where[c.id] == i for c in side] for side in sides]
        if best_key is None or key > best_key:
            best_key, best = key, where
    return best
