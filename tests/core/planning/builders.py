"""Short ways to write stages and candidates in the planner's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from homeward.core.planning import Candidate, Category, Direction, Stage, StageId

DAY_ONE = dt.date(2025, 5, 23)


def stage(number: int, capacity: int, **options: Any) -> Stage:
    """Stage `number` (its id) on the number-th day from 23 May 2025."""
    return Stage(number, DAY_ONE + dt.timedelta(days=number - 1), capacity, **options)


def receive(
    person: str,
    days: int | None = 100,
    category: Category = Category.MILITARY,
    *,
    priority: int = 0,
    pinned: StageId | None = None,
    excluded: bool = False,
) -> Candidate:
    return Candidate(person, Direction.RECEIVE, category, days, priority, pinned, excluded)


def hand_over(
    person: str,
    days: int | None = 100,
    category: Category = Category.MILITARY,
    *,
    priority: int = 0,
    pinned: StageId | None = None,
    excluded: bool = False,
) -> Candidate:
    return Candidate(person, Direction.HAND_OVER, category, days, priority, pinned, excluded)


def receiving(count: int, prefix: str = "r", **options: Any) -> list[Candidate]:
    return [receive(f"{prefix}{i:03}", **options) for i in range(count)]


def handing_over(count: int, prefix: str = "h", **options: Any) -> list[Candidate]:
    return [hand_over(f"{prefix}{i:03}", **options) for i in range(count)]
