"""Small counts withheld from what leaves the staff, so that nobody can be recognised in a
published figure.

A count below the threshold (but not zero) is published as "fewer than T". Where the
counts are the parts of a published total (men and women of the 307 who returned), one
withheld part could be worked out by subtraction, so further parts are withheld, smallest
first, until no withheld small part can be pinned to a single value. A threshold of 0 or
1 publishes everything."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Withheld:
    """A count not published. `small` when the count itself is below the threshold
    (published as "fewer than T"); otherwise it is withheld only to protect a small one
    and is published without a figure."""

    small: bool


Published = int | Withheld


def is_small(n: int, threshold: int) -> bool:
    return 0 < n < threshold


def publish(n: int, threshold: int) -> Published:
    """A count that is not part of a published total."""
    return Withheld(small=True) if is_small(n, threshold) else n


def _pinned(small: int, others: int, withheld_sum: int, threshold: int) -> bool:
    """Whether a reader who knows the withheld parts' sum, that each small part is 1 to
    T-1 and each other withheld part is at least T, can tell a small part's value."""
    if small == 0:
        return False
    rest_small = small - 1
    highest = min(threshold - 1, withheld_sum - rest_small - others * threshold)
    lowest = 1 if others else max(1, withheld_sum - rest_small * (threshold - 1))
    return highest <= lowest


def publish_parts(parts: Mapping[K, int], threshold: int) -> dict[K, Published]:
    """The parts of a total that is itself published. When even withholding every part
    would leave a small one pinned (a total of one, say), every part is withheld without a
    figure: nothing is said of them."""
    small = {key for key, n in parts.items() if is_small(n, threshold)}
    others: set[K] = set()
    visible = sorted((n, i, key) for i, (key, n) in enumerate(parts.items())
                     if n > 0 and key not in small)  # fmt: skip
    while _pinned(len(small), len(others),
                  sum(parts[k] for k in small | others), threshold):  # fmt: skip
        if not visible:
            return dict.fromkeys(parts, Withheld(small=False))
        others.add(visible.pop(0)[2])
    return {
        key: Withheld(small=True) if key in small else Withheld(small=False) if key in others
        else n for key, n in parts.items()
    }  # fmt: skip
