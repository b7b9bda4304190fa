"""Benchmark of the exchange stage planner (`homeward.core.planning.plan_stages`).

Run from the repository root:

    .venv/bin/python bench/planning/plan_bench.py [--repeat 3] [--seed 7]
        [--out bench/results/planning.json]

Cases (persons drawn with a fixed seed):
- `seeds`: the seeds' exchange, 1,000 of ours to receive and 1,000 we hold to hand over,
  three stages of 390, 307 and 303, one for one; all military, captivity of 30 to 1,200
  days (a tenth unknown), agreed priority 0 to 3.
- `large`: 10,000 + 10,000 across 20 stages of 500, one for one; 5% seriously wounded and
  sick, 10% civilians, the rest military; random captivity as above; 2% pinned to a random
  stage, 1% excluded.
- `large-by-category`: the same persons with parity within each category.

For each case: the wall time of `plan_stages` (the first run, which also imports HiGHS in a
fresh process for the first case, and the best of `--repeat`), the number of feasibility
questions asked of HiGHS, the time of `check_plan` on the result (which must find nothing),
the persons planned per side and not planned, the explanation codes, and the process's peak
resident set (`ru_maxrss`, cumulative: the cases run smallest first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from benchenv import machine, source_state

from homeward.core.planning import (
    Candidate,
    Category,
    Direction,
    Stage,
    check_plan,
    plan_stages,
)
from homeward.core.planning.counts_model import CountsModel

DAY_ONE = dt.date(2025, 5, 23)


def seeds_case(rng: random.Random) -> tuple[list[Stage], list[Candidate]]:
    stages = [
        Stage(number, DAY_ONE + dt.timedelta(days=number - 1), capacity)
        for number, capacity in enumerate([390, 307, 303], start=1)
    ]
    candidates = [
        _person(rng, f"{side.value}-{i}", side, Category.MILITARY)
        for side in Direction
        for i in range(1000)
    ]
    return stages, candidates


def large_case(
    rng: random.Random, *, by_category: bool = False
) -> tuple[list[Stage], list[Candidate]]:
    stages = [
        Stage(number, DAY_ONE + dt.timedelta(days=number - 1), 500, parity_by_category=by_category)
        for number in range(1, 21)
    ]
    candidates = []
    for side in Direction:
        for i in range(10_000):
            draw = rng.random()
            category = (
                Category.WOUNDED_SICK
                if draw < 0.05
                else Category.CIVILIAN
                if draw < 0.15
                else Category.MILITARY
            )
            special = rng.random()
            candidates.append(
                _person(
                    rng,
                    f"{side.value}-{i}",
                    side,
                    category,
                    pinned=rng.randint(1, 20) if special < 0.02 else None,
                    excluded=0.02 <= special < 0.03,
                )
            )
    return stages, candidates


def _person(
    rng: random.Random,
    person: str,
    side: Direction,
    category: Category,
    *,
    pinned: int | None = None,
    excluded: bool = False,
) -> Candidate:
    days = None if rng.random() < 0.1 else rng.randint(30, 1200)
    return Candidate(person, side, category, days, rng.randint(0, 3), pinned, excluded)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure(
    name: str, make: Callable[[], tuple[list[Stage], list[Candidate]]], repeat: int
) -> dict[str, Any]:
    stages, candidates = make()
    questions = 0
    feasible = CountsModel.feasible

    def counting(model: CountsModel) -> bool:
        nonlocal questions
        questions += 1
        return feasible(model)

    CountsModel.feasible = counting  # type: ignore[method-assign]
    try:
        walls = []
        for _ in range(repeat):
            questions = 0
            started = time.perf_counter()
            plan = plan_stages(stages, candidates)
            walls.append(time.perf_counter() - started)
    finally:
        CountsModel.feasible = feasible  # type: ignore[method-assign]
    started = time.perf_counter()
    violations = check_plan(stages, candidates, plan.assignment())
    check_seconds = time.perf_counter() - started
    assert violations == [], violations
    result = {
        "case": name,
        "persons": len(candidates),
        "stages": len(stages),
        "wall_seconds_first": round(walls[0], 3),
        "wall_seconds_best": round(min(walls), 3),
        "wall_seconds_median": round(statistics.median(walls), 3),
        "feasibility_questions": questions,
        "check_plan_seconds": round(check_seconds, 3),
        "received_per_stage": [s.received_count for s in plan.stages],
        "handed_over_per_stage": [s.handed_over_count for s in plan.stages],
        "not_planned": len(plan.not_planned),
        "reasons": dict(Counter(e.reason.value for e in plan.explanations.values())),
        "peak_rss_mb_so_far": peak_rss_mb(),
    }
    print(
        f"{name:>18}: {len(candidates):,} persons, {len(stages)} stages: "
        f"first {walls[0]:.2f} s, best {min(walls):.2f} s, {questions} questions, "
        f"check {check_seconds:.2f} s, not planned {len(plan.not_planned)}, "
        f"peak RSS {result['peak_rss_mb_so_far']} MB",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    results = [
        measure("seeds", lambda: seeds_case(random.Random(args.seed)), args.repeat),
        measure("large", lambda: large_case(random.Random(args.seed)), args.repeat),
        measure(
            "large-by-category",
            lambda: large_case(random.Random(args.seed), by_category=True),
            args.repeat,
        ),
    ]
    import highspy

    report = {
        "benchmark": "planning",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": args.seed,
        "repeat": args.repeat,
        "total_seconds": round(time.perf_counter() - started, 1),
        "results": results,
        "machine": machine(),
        "versions": {"python": platform.python_version(), "highspy": _highspy_version(highspy)},
        "source": source_state(),
    }
    if args.out:
        args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"written to {args.out}")


def _highspy_version(highspy: Any) -> str:
    from importlib.metadata import version

    return f"{version('highspy')} (HiGHS {highspy.Highs().version()})"


if __name__ == "__main__":
    main()
