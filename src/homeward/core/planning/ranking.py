"""The agreed order of priority: seriously wounded and sick first, then the longest in
captivity (unknown counts as the shortest), then the agreed priority, then the id."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from homeward.core.planning.inputs import Candidate, PersonId

RankKey = tuple[int, int, int, int, tuple[int, int | str]]


class Criterion(StrEnum):
    """The first criterion of the order on which two persons differ."""

    WOUNDED_SICK = "wounded_sick"
    CAPTIVITY = "captivity"
    AGREED_PRIORITY = "agreed_priority"
    TIE_BREAK = "tie_break"


def id_key(person: PersonId) -> tuple[int, int | str]:
    # Ids may mix numbers and text; numbers first keeps the order total and stable.
    return (0, person) if isinstance(person, int) else (1, person)


def rank_key(candidate: Candidate) -> RankKey:
    """Sorts the most urgent first."""
    days = candidate.captivity_days
    return (
        0 if candidate.wounded_sick else 1,
        0 if days is not None else 1,
        -days if days is not None else 0,
        candidate.priority,
        id_key(candidate.id),
    )


def in_rank_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=rank_key)


def deciding_criterion(higher: Candidate, lower: Candidate) -> Criterion:
    """Why `higher` comes before `lower` in the order."""
    if higher.wounded_sick != lower.wounded_sick:
        return Criterion.WOUNDED_SICK
    if higher.captivity_days != lower.captivity_days:
        return Criterion.CAPTIVITY
    if higher.priority != lower.priority:
        return Criterion.AGREED_PRIORITY
    return Criterion.TIE_BREAK
