"""The stage planning MILP on counts, solved by HiGHS (highspy).

Capacities and parity see a person only through their direction and category, so persons
of one (direction, category) who are not pinned are interchangeable: any assignment x[person,
stage] is, as far as the constraints go, the integer counts n[direction, category, stage] it
adds up to, and any counts are met by giving them to the persons in order of priority. The
model therefore has one integer variable per (direction, category, stage), whatever the
number of persons; pinned persons are constants. The planner asks it one question only (is
there a solution within these bounds?) and expresses every decision on persons as bounds on
two kinds of rows: how many of a group are planned at all (`total`), and how many of them are
in the first i + 1 stages (`cumulative`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from homeward.core.messages import Message
from homeward.core.messages import gettext_noop as _
from homeward.core.planning.errors import SolverError
from homeward.core.planning.inputs import Category, Direction, Stage

if TYPE_CHECKING:
    import highspy

Group = tuple[Direction, Category]

# A plan of a few dozen integers is solved in milliseconds; a minute means HiGHS is stuck,
# and an answer it could not prove is no answer.
_TIME_LIMIT_SECONDS = 60.0
_TOLERANCE = 1e-9


def _load_highspy() -> tuple[ModuleType, highspy.Highs]:
    try:
        import highspy
    except ImportError as exc:  # pragma: no cover - the package is a dependency
        raise SolverError(
            [Message(_("the HiGHS solver (Python package highspy) is not installed"))]
        ) from exc
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", _TIME_LIMIT_SECONDS)
    return highspy, solver


class CountsModel:
    """`free[group]`: persons of the group who are neither pinned nor excluded.
    `pinned[(group, stage index)]`: persons pinned there."""

    def __init__(
        self,
        stages: Sequence[Stage],
        free: Mapping[Group, int],
        pinned: Mapping[tuple[Group, int], int],
    ) -> None:
        highspy, self._solver = _load_highspy()
        self._highspy = highspy
        groups = [group for group, size in free.items() if size > 0]
        self._free = {group: free[group] for group in groups}
        last = len(stages) - 1
        self._column = {
            (group, s): i
            for i, (group, s) in enumerate(
                (group, s) for group in groups for s in range(len(stages))
            )
        }
        infinity = highspy.kHighsInf
        self._infinity = infinity
        count = len(self._column)
        if count:
            self._solver.addVars(
                count,
                [0.0] * count,
                [float(self._free[group]) for group, _s in self._column],
            )
            self._solver.changeColsIntegrality(
                count,
                np.arange(count, dtype=np.int32),
                np.full(count, int(highspy.HighsVarType.kInteger), dtype=np.uint8),
            )
        self._rows = 0
        self._total: dict[Group, int] = {}
        self._cumulative: dict[tuple[Group, int], int] = {}
        self._capacity: dict[Direction, list[tuple[int, float]]] = {d: [] for d in Direction}
        self._parity: list[tuple[int, float, float]] = []
        for group in groups:
            self._total[group] = self._add_row(
                [((group, s), 1.0) for s in range(len(stages))], 0.0, float(self._free[group])
            )
            for i in range(last):
                self._cumulative[group, i] = self._add_row(
                    [((group, s), 1.0) for s in range(i + 1)], 0.0, infinity
                )
        for s, stage in enumerate(stages):
            for direction in Direction:
                capacity = stage.capacity(direction)
                if capacity is None:
                    continue
                room = capacity - sum(
                    pinned.get(((direction, category), s), 0) for category in Category
                )
                entries = [((group, s), 1.0) for group in groups if group[0] is direction]
                row = self._add_row(entries, -infinity, float(room))
                self._capacity[direction].append((row, float(room)))
            for categories in self._parity_groups(stage):
                self._add_parity_row(s, stage, categories, pinned)

    @staticmethod
    def _parity_groups(stage: Stage) -> list[tuple[Category, ...]]:
        if stage.parity_by_category:
            return [(category,) for category in Category]
        return [tuple(Category)]

    def _add_parity_row(
        self,
        s: int,
        stage: Stage,
        categories: tuple[Category, ...],
        pinned: Mapping[tuple[Group, int], int],
    ) -> None:
        # handed over - ratio × received, both counting the pinned, within ± margin
        entries: list[tuple[tuple[Group, int], float]] = []
        constant = 0.0
        for category in categories:
            receive, hand_over = (Direction.RECEIVE, category), (Direction.HAND_OVER, category)
            constant += pinned.get((hand_over, s), 0) - stage.ratio * pinned.get((receive, s), 0)
            if receive in self._free:
                entries.append(((receive, s), -stage.ratio))
            if hand_over in self._free:
                entries.append(((hand_over, s), 1.0))
        margin = stage.parity_margin()
        lower, upper = -margin - constant, margin - constant
        row = self._add_row(entries, lower, upper)
        self._parity.append((row, lower, upper))

    def _add_row(
        self,
        entries: Sequence[tuple[tuple[Group, int], float]],
        lower: float,
        upper: float,
    ) -> int:
        columns = [self._column[key] for key, _value in entries]
        values = [value for _key, value in entries]
        self._solver.addRow(lower, upper, len(columns), columns, values)
        self._rows += 1
        return self._rows - 1

    def set_total(self, group: Group, lower: int, upper: int) -> None:
        """Between `lower` and `upper` free persons of `group` planned at all."""
        self._solver.changeRowBounds(self._total[group], float(lower), float(upper))

    def set_cumulative(self, group: Group, stage_index: int, lower: int, upper: int) -> None:
        """Between `lower` and `upper` free persons of `group` in stages 0..stage_index."""
        row = self._cumulative[group, stage_index]
        self._solver.changeRowBounds(row, float(lower), float(upper))

    def feasible(self) -> bool:
        solver = self._solver
        solver.run()
        status = solver.getModelStatus()
        statuses = self._highspy.HighsModelStatus
        if status == statuses.kOptimal:
            return True
        # The objective is zero, so "unbounded or infeasible" can only be infeasible.
        if status in (statuses.kInfeasible, statuses.kUnboundedOrInfeasible):
            return False
        if status == statuses.kModelEmpty:
            # No one left to place: only the pinned constants remain, and the rows must
            # allow zero.
            lp = solver.getLp()
            return all(
                low <= _TOLERANCE and high >= -_TOLERANCE
                for low, high in zip(lp.row_lower_, lp.row_upper_, strict=True)
            )
        raise SolverError(
            [
                Message(
                    _("the HiGHS solver gave no answer (%(status)s)"),
                    {"status": solver.modelStatusToString(status)},
                )
            ]
        )

    @contextmanager
    def relaxed(
        self, *, capacity_of: Direction | None = None, parity: bool = False
    ) -> Iterator[None]:
        """Drops the capacities of one direction or the parity rows for the time of a question
        (to tell which of them refused a person)."""
        infinity = self._infinity
        capacity_rows = self._capacity[capacity_of] if capacity_of is not None else []
        parity_rows = self._parity if parity else []
        for row, _room in capacity_rows:
            self._solver.changeRowBounds(row, -infinity, infinity)
        for row, _lower, _upper in parity_rows:
            self._solver.changeRowBounds(row, -infinity, infinity)
        try:
            yield
        finally:
            for row, room in capacity_rows:
                self._solver.changeRowBounds(row, -infinity, room)
            for row, lower, upper in parity_rows:
                self._solver.changeRowBounds(row, lower, upper)
