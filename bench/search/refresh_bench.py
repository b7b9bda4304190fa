"""What a search costs right after a bulk import (issue 22, point 1; ADR 43).

Run from the repository root:

    .venv/bin/python bench/search/refresh_bench.py [--database sqlite|postgres]
        [--registry N] [--imported M] [--searches K] [--out FILE]

A fresh database (bench/benchenv.py) gets N persons through `registry.services.create_persons`
(as an import or `homeward import-list` writes them, audit entries included). A first
search builds the process's index (`registry.search_index.search`). Then M more persons are
created the same way, as one import would, and K searches follow at once, each timed as
the web process runs it: the first catches the index up with the import, the others find
it current. Before ADR 43 each of those searches re-read the stamps of every person changed
within five minutes of the newest change, the whole import: about 1 s a search at 100,000
(the issue's measurement).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchenv import (
    clean_up_on_sigterm,
    fresh_environment,
    machine,
    source_state,
    versions,
    write_results,
)

CHUNK = 5000
QUERIES = ("Шевченко Олександр", "Kovalenko Petro 1990", "Бойко І.", "Мельник 1985", "Tkachenko")


def _create(count: int, seed: int) -> None:
    from homeward.apps.accounts.services import ensure_user
    from homeward.apps.audit.context import audit_context
    from homeward.apps.registry.demo import _fields, _Vocab
    from homeward.apps.registry.services import create_persons
    from homeward.core.synthetic import Generator

    vocab = _Vocab()
    people = list(Generator(seed=seed).persons(count))
    with audit_context("command"):
        actor, _ = ensure_user(actor=None, username="bench", password="x" * 20, roles=["registrar"])
        for first in range(0, count, CHUNK):
            create_persons(
                actor=actor, rows=[_fields(p, vocab) for p in people[first : first + CHUNK]]
            )


def _timed_search(text: str) -> float:
    from homeward.apps.registry import search_index

    started = time.perf_counter()
    search_index.search(text)
    return (time.perf_counter() - started) * 1000


def run(args: argparse.Namespace) -> dict[str, Any]:
    source = source_state()
    with fresh_environment(
        args.database, pg_database="homeward_bench_refresh", prefix="homeward-bench-refresh-"
    ):
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        _create(args.registry, seed=1)
        fill = time.perf_counter() - started
        build = _timed_search("Шевченко")
        started = time.perf_counter()
        _create(args.imported, seed=2)
        imported = time.perf_counter() - started
        times = [_timed_search(QUERIES[i % len(QUERIES)]) for i in range(args.searches)]
        return {
            "benchmark": "search right after a bulk import",
            "database": args.database,
            "registry": args.registry,
            "imported": args.imported,
            "fill_seconds": round(fill, 1),
            "import_seconds": round(imported, 1),
            "first_search_builds_ms": round(build, 1),
            "catch_up_search_ms": round(times[0], 1),
            "next_searches": len(times) - 1,
            "next_p50_ms": round(statistics.median(times[1:]), 1),
            "next_p95_ms": round(sorted(times[1:])[int(0.95 * (len(times) - 1))], 1),
            "source": source,
            "versions": versions(),
            "machine": machine(),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--registry", type=int, default=100_000)
    parser.add_argument("--imported", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=101)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    clean_up_on_sigterm()
    results = run(args)
    for key in (
        "database",
        "registry",
        "imported",
        "first_search_builds_ms",
        "catch_up_search_ms",
        "next_p50_ms",
        "next_p95_ms",
    ):
        print(f"{key:<24} {results[key]}")
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
