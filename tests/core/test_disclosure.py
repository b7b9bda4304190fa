"""Small counts withheld: alone, and as parts of a published total where subtraction
would give them away."""

from __future__ import annotations

import itertools

from homeward.core.disclosure import Withheld, publish, publish_parts

SMALL, HIDDEN = Withheld(small=True), Withheld(small=False)


def test_a_count_alone_is_withheld_only_when_small() -> None:
    assert [publish(n, 5) for n in (0, 1, 4, 5, 300)] == [0, SMALL, SMALL, 5, 300]
    assert publish(1, 0) == 1 and publish(1, 1) == 1


def test_one_small_part_takes_the_smallest_other_part_with_it() -> None:
    assert publish_parts({"men": 305, "women": 2}, 5) == {"men": HIDDEN, "women": SMALL}
    parts = {"private": 270, "sergeant": 27, "officer": 3, "civilians": 0}
    assert publish_parts(parts, 5) == {
        "private": 270, "sergeant": HIDDEN, "officer": SMALL, "civilians": 0}  # fmt: skip


def test_two_small_parts_that_add_up_to_their_least_are_protected() -> None:
    # 1 + 1: a reader who knows the sum 2 knows both are 1
    assert publish_parts({"a": 100, "b": 1, "c": 1}, 5) == {"a": HIDDEN, "b": SMALL, "c": SMALL}
    # 4 + 4: the sum 8 pins both at the most a small count can be
    assert publish_parts({"a": 100, "b": 4, "c": 4}, 5)["a"] == HIDDEN
    # 2 + 3: the sum 5 leaves each anywhere from 1 to 4
    assert publish_parts({"a": 100, "b": 2, "c": 3}, 5) == {"a": 100, "b": SMALL, "c": SMALL}


def test_nothing_is_withheld_without_small_parts_or_below_a_threshold_of_two() -> None:
    assert publish_parts({"men": 280, "women": 27, "unknown": 0}, 5) == {
        "men": 280, "women": 27, "unknown": 0}  # fmt: skip
    assert publish_parts({"men": 306, "women": 1}, 1) == {"men": 306, "women": 1}


def test_a_total_too_small_to_split_withholds_every_part() -> None:
    assert publish_parts({"men": 1, "women": 0}, 5) == {"men": HIDDEN, "women": HIDDEN}


def test_no_withheld_small_part_can_be_worked_out() -> None:
    """Brute force over small tables: for every published result, the small parts that
    are withheld must each be consistent with more than one value."""
    threshold = 4
    for cells in itertools.product(range(0, 9), repeat=3):
        result = publish_parts(dict(enumerate(cells)), threshold)
        if all(isinstance(v, int) for v in result.values()) or all(
            v == HIDDEN for v in result.values()
        ):
            continue  # everything published, or nothing but the total
        known = {k: v for k, v in result.items() if isinstance(v, int)}
        for k, v in result.items():
            if v != SMALL:
                continue
            # every table a reader cannot tell apart from this one
            total = sum(cells)
            splits = ((a, b, total - a - b) for a in range(total + 1) for b in range(total + 1 - a))
            values = {
                other[k]
                for other in splits
                if all(other[i] == n for i, n in known.items())
                and all((result[i] == SMALL) == (0 < other[i] < threshold)
                        for i in result if not isinstance(result[i], int))
                and all(other[i] >= threshold for i in result if result[i] == HIDDEN)
            }  # fmt: skip
            assert len(values) > 1, (cells, result)
