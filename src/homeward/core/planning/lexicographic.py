"""Lexicographic choice of persons in order of priority, where persons of one group are
interchangeable, so that only how many of each group are chosen matters.

Taking each person in order whenever that stays feasible with everyone taken before is, by
definition, the lexicographic optimum. Persons of a group are taken as a prefix (the first k
of the group), so refusing one person closes the group: no one after them in it can be taken
either. Between two refusals every person is taken, and feasibility only shrinks as more are
taken, so the next refusal is found by galloping and bisection: O(log n) feasibility tests
per refusal instead of one per person, and at most one refusal per group.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

G = TypeVar("G", bound=Hashable)

# fits(taken, closed): can the first taken[g] persons of every group g be chosen, with no
# more of the closed groups? Groups not closed may have more chosen than taken[g].
Fits = Callable[[Mapping[G, int], frozenset[G]], bool]


@dataclass(frozen=True, slots=True)
class Refusal(Generic[G]):
    """The person at `index` in the order could not be taken after everyone before them;
    `taken` and `closed` are the state they were refused in (for explaining why)."""

    index: int
    group: G
    taken: Mapping[G, int]
    closed: frozenset[G]


@dataclass(frozen=True, slots=True)
class Choice(Generic[G]):
    taken: Mapping[G, int]  # how many of each group were taken (a prefix of the group)
    refusals: tuple[Refusal[G], ...]


def choose_in_order(order: Sequence[G], fits: Fits[G]) -> Choice[G]:
    """`order` gives each person's group, most urgent first. Taking no one must fit."""
    taken: dict[G, int] = dict.fromkeys(order, 0)
    closed: frozenset[G] = frozenset()
    refusals: list[Refusal[G]] = []
    start = 0
    while True:
        pending = [i for i in range(start, len(order)) if order[i] not in closed]
        if not pending:
            break
        prefix = _Prefix(taken, [order[i] for i in pending])
        if fits(prefix.taken(len(pending)), closed):
            taken = prefix.taken(len(pending))
            break
        fitting, failing = _last_fitting(partial(_fits_first, fits, prefix, closed), len(pending))
        taken = prefix.taken(fitting)
        refused = pending[fitting]
        assert failing == fitting + 1
        refusals.append(Refusal(refused, order[refused], dict(taken), closed))
        closed = closed | {order[refused]}
        start = refused + 1
    return Choice(taken, tuple(refusals))


def _fits_first(fits: Fits[G], prefix: _Prefix[G], closed: frozenset[G], count: int) -> bool:
    return fits(prefix.taken(count), closed)


class _Prefix(Generic[G]):
    """How many of each group are taken when the first `count` pending persons are added."""

    def __init__(self, taken: Mapping[G, int], pending: Sequence[G]) -> None:
        self._taken = taken
        self._positions: dict[G, list[int]] = {}
        for position, group in enumerate(pending):
            self._positions.setdefault(group, []).append(position)

    def taken(self, count: int) -> dict[G, int]:
        return {
            group: already + bisect_left(self._positions.get(group, []), count)
            for group, already in self._taken.items()
        }


def _last_fitting(fits_first: Callable[[int], bool], count: int) -> tuple[int, int]:
    """With fits_first(0) true and fits_first(count) false, the (fitting, failing) pair of
    neighbours. Galloping first: a refusal right at the start (a full stage) costs one test."""
    fitting, step = 0, 1
    while fitting + step < count and fits_first(fitting + step):
        fitting += step
        step *= 2
    failing = min(fitting + step, count)
    while failing - fitting > 1:
        middle = (fitting + failing) // 2
        if fits_first(middle):
            fitting = middle
        else:
            failing = middle
    return fitting, failing
