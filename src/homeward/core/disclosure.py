"""Small counts withheld from what leaves the staff, so that nobody can be recognised in a
published figure.

A count below the threshold (but not zero) is published as "fewer than T". Where the
counts are the parts of a published total (men and women of the 307 who returned), a
withheld part could be worked out by subtraction, so when any part is small, every part
is withheld. A threshold of 0 or 1 publishes everything."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Withheld:
    """A count not published. `small` when the count itself is below the threshold
    (published as "fewer than T"); otherwise it is one of the parts of a total withheld
    together because one of them is small, and nothing is said of it."""

    small: bool


Published = int | Withheld


def is_small(n: int, threshold: int) -> bool:
    return 0 < n < threshold


def publish(n: int, threshold: int) -> Published:
    """A count that is not part of a published total."""
    return Withheld(small=True) if is_small(n, threshold) else n


def publish_parts(parts: Mapping[K, int], threshold: int) -> dict[K, Published]:
    """The parts of a total that is itself published: every part when none is small, and
    otherwise none, zeros included, all alike (nothing says which of them is small).

    Withholding only the small parts and the fewest others that protect them is not
    enough against a reader who knows how they were chosen: that a part was left in
    view says it was larger than the ones withheld, and the sums can then pin a small
    part (privates 15, sergeants 15, officers 4, published "x, 15, <5" with the total
    34, leave officers nothing but 4). With every part withheld a reader knows the total
    and that some part is small: with two parts or more, no part has a single value."""
    if threshold > 1 and any(is_small(n, threshold) for n in parts.values()):
        return dict.fromkeys(parts, Withheld(small=False))
    return dict(parts)
