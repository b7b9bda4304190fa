"""Small counts withheld: alone, and as parts of a published total where subtraction
would give them away."""

from __future__ import annotations

import itertools

from homeward.core.disclosure import Withheld, publish, publish_parts

SMALL, HIDDEN = Withheld(small=True), Withheld(small=False)


def test_a_count_alone_is_withheld_only_when_small() -> None:
    assert [publish(n, 5) for n in (0, 1, 4, 5, 300)] == [0, SMALL, SMALL, 5, 300]
    assert publish(1, 0) == 1 and publish(1, 1) == 1


def test_one_small_part_withholds_every_part() -> None:
    assert publish_parts({"men": 305, "women": 2}, 5) == {"men": HIDDEN, "women": HIDDEN}
    parts = {"private": 270, "sergeant": 27, "officer": 3, "civilians": 0}
    assert publish_parts(parts, 5) == dict.fromkeys(parts, HIDDEN)  # the zero too


def test_nothing_is_withheld_without_small_parts_or_below_a_threshold_of_two() -> None:
    assert publish_parts({"men": 280, "women": 27, "unknown": 0}, 5) == {
        "men": 280, "women": 27, "unknown": 0}  # fmt: skip
    assert publish_parts({"men": 306, "women": 1}, 1) == {"men": 306, "women": 1}


def test_no_small_part_can_be_worked_out_by_a_reader_who_knows_the_rule() -> None:
    """Brute force over small tables, as a reader who knows how parts are withheld: every
    table with the same total and the same published parts could be the true one, and
    none of its withheld small parts may have a single possible value."""
    for threshold, size, largest in ((5, 2, 14), (5, 3, 14), (3, 4, 8), (5, 4, 9)):
        alike: dict[tuple[int, tuple[object, ...]], list[tuple[int, ...]]] = {}
        for cells in itertools.product(range(largest + 1), repeat=size):
            shown = tuple(publish_parts(dict(enumerate(cells)), threshold).values())
            alike.setdefault((sum(cells), shown), []).append(cells)
        for (total, shown), tables in alike.items():
            for k, value in enumerate(shown):
                if isinstance(value, int):
                    continue
                values = {table[k] for table in tables}
                if total < largest:  # every split of the total is among the tables
                    assert not (len(values) == 1 and 0 < min(values) < threshold), (
                        total, shown, tables)  # fmt: skip
