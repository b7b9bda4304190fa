"""Benchmarks of the Homeward registry on a fresh database: loading, search, pages, exports
and audit verification.

Run from the repository root:

    .venv/bin/python bench/registry_bench.py [--persons N] [--database sqlite|postgres]
                                             [--out bench/results/<name>.json]

`--persons` (default 5000) is the size of the synthetic registry loaded through
`homeward.apps.registry.demo.load_demo`. `--database sqlite` (the default) migrates a new
SQLite file in a temporary HOMEWARD_VAR_DIR with the dev settings; `--database postgres`
creates the database `homeward_bench` on postgres://postgres@127.0.0.1:5432 (dropping a
left-over one first) and points DATABASE_URL at it. Either way everything created is
removed at the end, also after a failure or SIGTERM.

The code measured is a copy of src/homeward taken at start (recorded with the git commit
and the number of modified files in src/), so edits made to the working tree during a run
that takes minutes cannot mix two versions of the application. A summary is printed;
`--out` also writes every figure as JSON. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import secrets
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from benchenv import (
    clean_up_on_sigterm,
    database_size,
    fresh_environment,
    machine,
    source_state,
    versions,
    write_results,
)

T = TypeVar("T")

PG_BENCH_DB = "homeward_bench"
REPEATS = 5
PAGE = 50

# Name searches people actually type: Ukrainian and Russian surnames in Cyrillic, their
# Latin spellings, upper case, surname with given name, prefixes, apostrophe variants and
# misses. The case and service numbers taken from the loaded data are added at run time.
NAME_QUERIES: tuple[str, ...] = (
    "Шевченко",
    "shevchenko",
    "SHEVCHENKO",
    "МЕЛЬНИК",
    "Мельник",
    "melnyk",
    "Бойко",
    "Бойко Сергій",
    "boiko serhii",
    "Коваленко Олександр",
    "Мельник Андрій Іванович",
    "Лук'яненко",
    "Лук’яненко",
    "lukianenko",
    "Іваненко",
    "Ткачук",
    "Шев",
    "Ков",
    "Олександр",
    "Иванов",
    "ivanov",
    "Смирнов Александр",
    "КУЗНЕЦОВ",
    "Фёдоров",
    "Ярошенко Тарас",
    "Zzyzx",
    "Шевченко Zzyzx",
)
# The person list as the page is used: no filter (sorted by name), name searches, a case
# number, a miss, a filtered and re-sorted list, and the 20th page of everything.
LIST_QUERIES: tuple[dict[str, str], ...] = (
    {},
    {"q": "Шевченко"},
    {"q": "shevchenko"},
    {"q": "Бойко Сергій"},
    {"q": "{case_number}"},
    {"q": "Zzyzx"},
    {"side": "own", "sort": "-updated"},
    {"page": "20"},
)
DETAIL_PAGES = 20
SQL_SHOWN = 160  # characters of a query's text kept in the results


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(samples: list[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default method)."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(samples_s: list[float]) -> dict[str, float | int]:
    ms = [s * 1000 for s in samples_s]
    return {
        "samples": len(ms),
        "p50_ms": round(percentile(ms, 50), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "max_ms": round(max(ms), 3),
        "mean_ms": round(statistics.fmean(ms), 3),
    }


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    """Seconds taken by fn(*args, **kwargs), and its result."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


# --- Environment: a fresh database, created before Django is set up -------------------------


# --- The benchmarks -----------------------------------------------------------------------


class LoadProbe:
    """A database execute wrapper that counts statements by their first word and notes
    the time at every tenth of the persons inserted, so throughput can be seen to hold up
    or fall off as the tables grow. It costs a function call per statement."""

    def __init__(self, persons: int) -> None:
        self.statements: Counter[str] = Counter()
        self.step = max(persons // 10, 1)
        self.inserted = 0
        self.started = time.perf_counter()
        self.marks: list[float] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.statements[sql.split(None, 1)[0].upper()] += 1
        result = execute(sql, params, many, context)
        if sql.startswith('INSERT INTO "registry_person" '):
            self.inserted += 1
            if self.inserted % self.step == 0:
                self.marks.append(time.perf_counter() - self.started)
        return result

    def deciles(self) -> list[float]:
        """Persons per second within each tenth of the load."""
        bounds = [0.0, *self.marks]
        return [round(self.step / (b - a), 1) for a, b in itertools.pairwise(bounds) if b > a]


def bench_load(count: int) -> tuple[dict[str, Any], Any]:
    """Users through `ensure_user`, then `load_demo`, all in a "command" audit context."""
    from django.db import connection

    from homeward.apps.accounts.services import ensure_user
    from homeward.apps.audit.context import audit_context
    from homeward.apps.audit.models import AuditEntry
    from homeward.apps.registry.demo import load_demo
    from homeward.apps.registry.models import Person, SourceRecord, StatusEvent

    with audit_context("command"):
        registrar, _ = ensure_user(
            actor=None,
            username="registrar",
            password=secrets.token_urlsafe(16),
            roles=["registrar"],
        )
        administrator, _ = ensure_user(
            actor=None,
            username="administrator",
            password=secrets.token_urlsafe(16),
            roles=["administrator"],
        )
        audit_before = AuditEntry.objects.count()
        probe = LoadProbe(count)
        with connection.execute_wrapper(probe):
            seconds, stats = timed(
                load_demo, count=count, registrar=registrar, confirmer=administrator
            )
    persons = Person.objects.count()
    audit_total = AuditEntry.objects.count()
    result = {
        "persons": persons,
        "by_side": dict(stats),
        "status_events": StatusEvent.objects.count(),
        "source_records": SourceRecord.objects.count(),
        "seconds": round(seconds, 3),
        "persons_per_second": round(persons / seconds, 1),
        "audit_entries_written": audit_total - audit_before,
        "audit_entries_total": audit_total,
        "audit_entries_per_person": round((audit_total - audit_before) / persons, 2),
        "persons_per_second_by_tenth": probe.deciles(),
        "sql_statements": sum(probe.statements.values()),
        "sql_statements_per_person": {
            kind: round(n / persons, 1) for kind, n in probe.statements.most_common()
        },
        "database_bytes": database_size(),
    }
    return result, registrar


def sample_person_numbers() -> tuple[str, str]:
    """A case number and a service number that exist in the loaded data."""
    from homeward.apps.registry.models import Person

    middle = Person.objects.count() // 2
    case_number = Person.objects.order_by("id").values_list("case_number", flat=True)[middle]
    service_number = (
        Person.objects.exclude(service_number="")
        .order_by("id")
        .values_list("service_number", flat=True)[middle // 2]
    )
    return case_number, service_number


def first_page(qs: Any) -> list[Any]:
    """Evaluate the first page of a queryset, with its prefetches, as the list page does."""
    return list(qs[:PAGE])


def bench_search(user: Any, case_number: str, service_number: str) -> dict[str, Any]:
    """`search_persons(persons_for(user), q)`: the first page and the count, separately."""
    from homeward.apps.registry.selectors import persons_for, search_persons

    queries = [*NAME_QUERIES, case_number, case_number.lower(), service_number]
    page_samples: list[float] = []
    count_samples: list[float] = []
    per_query: list[dict[str, Any]] = []
    for query in queries:
        page_times: list[float] = []
        count_times: list[float] = []
        found = 0
        for _ in range(REPEATS):
            qs = search_persons(persons_for(user), query)
            page_time, _page = timed(first_page, qs)
            qs = search_persons(persons_for(user), query)
            count_time, found = timed(qs.count)
            page_times.append(page_time)
            count_times.append(count_time)
        page_samples += page_times
        count_samples += count_times
        per_query.append(
            {
                "query": query,
                "found": found,
                "page_median_ms": round(statistics.median(page_times) * 1000, 3),
                "count_median_ms": round(statistics.median(count_times) * 1000, 3),
            }
        )
    both = [p + c for p, c in zip(page_samples, count_samples, strict=True)]
    return {
        "queries": len(queries),
        "repeats": REPEATS,
        "first_page": summary_ms(page_samples),
        "count": summary_ms(count_samples),
        "page_plus_count": summary_ms(both),
        "per_query": per_query,
    }


class SqlTimer:
    """A database execute wrapper that keeps each statement's text and seconds (Django's
    own query log rounds the time to whole milliseconds)."""

    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.timings.append((sql, time.perf_counter() - started))


def _get(client: Any, url: str) -> tuple[float, int, int, list[tuple[str, float]]]:
    """Seconds, status, number of SQL queries and each query's text and seconds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timer = SqlTimer()
    with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = client.get(url)
        _body = response.content
        elapsed = time.perf_counter() - started
    return elapsed, response.status_code, len(ctx.captured_queries), timer.timings


def bench_pages(user: Any, case_number: str) -> dict[str, Any]:
    """The person list and detail pages through the test client, as the registrar."""
    from urllib.parse import urlencode

    from django.db.models import Count
    from django.test import Client

    from homeward.apps.registry.models import Person

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def run(urls: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        samples: list[float] = []
        rows: list[dict[str, Any]] = []
        _get(client, urls[0][0])  # warm the template and URL caches once
        for url, extra in urls:
            times: list[float] = []
            counts: set[int] = set()
            slowest: dict[str, float] = {}
            sql_ms: list[float] = []
            for _ in range(REPEATS):
                elapsed, status, count, timings = _get(client, url)
                if status != 200:
                    raise RuntimeError(f"GET {url} answered {status}")
                times.append(elapsed)
                counts.add(count)
                sql_ms.append(sum(seconds for _sql, seconds in timings) * 1000)
                for sql, seconds in timings:
                    text = sql[:SQL_SHOWN]
                    slowest[text] = max(slowest.get(text, 0.0), seconds * 1000)
            samples += times
            worst = max(slowest, key=slowest.__getitem__)
            rows.append(
                {
                    "url": url,
                    **extra,
                    "median_ms": round(statistics.median(times) * 1000, 3),
                    "sql_queries": sorted(counts),
                    "sql_median_ms": round(statistics.median(sql_ms), 2),
                    "slowest_sql": {"max_ms": round(slowest[worst], 2), "sql": worst},
                }
            )
        return {**summary_ms(samples), "pages": rows}

    list_urls: list[tuple[str, dict[str, Any]]] = []
    for params in LIST_QUERIES:
        query = urlencode({k: v.format(case_number=case_number) for k, v in params.items()})
        shown = "&".join(f"{k}={v.format(case_number=case_number)}" for k, v in params.items())
        list_urls.append((f"/persons/?{query}" if query else "/persons/", {"query": shown}))

    # Persons spread over the registry, plus the ones with the most status events and source
    # records: if the query count grows with those, the page has an N+1.
    annotated = Person.objects.annotate(
        n_events=Count("status_events", distinct=True),
        n_records=Count("source_records", distinct=True),
    ).order_by()
    ids = list(Person.objects.order_by("id").values_list("id", flat=True))
    chosen = random.Random(7).sample(ids, min(DETAIL_PAGES - 2, len(ids)))
    for busiest in ("-n_events", "-n_records"):
        chosen.append(annotated.order_by(busiest, "id").values_list("id", flat=True)[0])
    facts = {
        row["id"]: row
        for row in annotated.filter(id__in=chosen).values("id", "n_events", "n_records")
    }
    detail_urls = [
        (
            f"/persons/{pk}/",
            {"status_events": facts[pk]["n_events"], "source_records": facts[pk]["n_records"]},
        )
        for pk in chosen
    ]
    return {
        "repeats": REPEATS,
        "list": run(list_urls),
        "detail": run(detail_urls),
    }


def bench_exports(user: Any) -> dict[str, Any]:
    """CSV and XLSX of the whole registry: a timed pass, then a pass under tracemalloc."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from homeward.apps.registry.exports import rows, to_csv, to_xlsx
    from homeward.apps.registry.selectors import persons_for

    def export(build: Callable[[Iterator[list[str]]], bytes]) -> bytes:
        return build(rows(persons_for(user)))

    result: dict[str, Any] = {}
    for name, build in (("csv", to_csv), ("xlsx", to_xlsx)):
        with CaptureQueriesContext(connection) as ctx:
            seconds, body = timed(export, build)
        tracemalloc.start()
        traced_seconds, _body = timed(export, build)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result[name] = {
            "seconds": round(seconds, 3),
            "bytes": len(body),
            "sql_queries": len(ctx.captured_queries),
            "peak_memory_mb": round(peak / 1024 / 1024, 1),
            "seconds_under_tracemalloc": round(traced_seconds, 3),
        }
    return result


def bench_verification() -> dict[str, Any]:
    from homeward.apps.audit.verification import verify_audit_trail

    seconds, verification = timed(verify_audit_trail)
    if verification.broken is not None:
        raise RuntimeError(f"audit chain broken: {verification.broken}")
    return {
        "entries": verification.entries,
        "seconds": round(seconds, 3),
        "entries_per_second": round(verification.entries / seconds, 1),
    }


def run(persons: int, database: str) -> dict[str, Any]:
    started_at = dt.datetime.now(dt.UTC)
    wall = time.perf_counter()
    source = source_state()
    with fresh_environment(database, pg_database=PG_BENCH_DB, prefix="homeward-bench-") as var_dir:
        import django
        from django.core.management import call_command
        from django.urls import get_resolver

        import homeward

        if not Path(homeward.__file__).is_relative_to(var_dir):
            raise RuntimeError(f"homeward imported from {homeward.__file__}, not the snapshot")
        django.setup()
        # Import every view now, not at the first request minutes later.
        get_resolver().url_patterns  # noqa: B018
        log(f"migrating a fresh {database} database")
        migrate_seconds, _ = timed(call_command, "migrate", interactive=False, verbosity=0)
        results: dict[str, Any] = {
            "benchmark": "homeward registry",
            "date": started_at.isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "persons_requested": persons,
            "database": database,
            "source": source,
            "versions": versions(),
            "machine": machine(),
            "migrate_seconds": round(migrate_seconds, 3),
            "load_average_at_start": os.getloadavg(),
        }
        log(f"loading {persons} persons")
        results["load"], registrar = bench_load(persons)
        log(f"  {results['load']['seconds']} s, {results['load']['persons_per_second']} persons/s")
        case_number, service_number = sample_person_numbers()
        log("search")
        results["search"] = bench_search(registrar, case_number, service_number)
        log("pages")
        results["pages"] = bench_pages(registrar, case_number)
        log("exports")
        results["exports"] = bench_exports(registrar)
        log("audit verification")
        results["audit_verification"] = bench_verification()
    results["load_average_at_end"] = os.getloadavg()
    results["total_seconds"] = round(time.perf_counter() - wall, 1)
    return results


def print_summary(r: dict[str, Any]) -> None:
    load, search, pages = r["load"], r["search"], r["pages"]
    lines = [
        f"{r['versions']['database']}, N={load['persons']}, {r['date']}",
        f"load           {load['seconds']:>9.1f} s  {load['persons_per_second']:>8.1f} persons/s"
        f"  {load['audit_entries_written']} audit entries",
        "search page    p50 {p50_ms:.2f} ms  p95 {p95_ms:.2f} ms  max {max_ms:.2f} ms".format(
            **search["first_page"]
        ),
        "search count   p50 {p50_ms:.2f} ms  p95 {p95_ms:.2f} ms  max {max_ms:.2f} ms".format(
            **search["count"]
        ),
    ]
    for name in ("list", "detail"):
        page = pages[name]
        queries = sorted({n for row in page["pages"] for n in row["sql_queries"]})
        lines.append(
            f"{name:<6} page    p50 {page['p50_ms']:.2f} ms  p95 {page['p95_ms']:.2f} ms  "
            f"max {page['max_ms']:.2f} ms  SQL queries {queries}"
        )
    for fmt, e in r["exports"].items():
        lines.append(
            f"export {fmt:<5}   {e['seconds']:>9.2f} s  peak {e['peak_memory_mb']} MB  "
            f"{e['bytes']} bytes  {e['sql_queries']} SQL queries"
        )
    v = r["audit_verification"]
    lines.append(
        f"verify audit   {v['seconds']:>9.2f} s  {v['entries_per_second']:>8.1f} entries/s"
        f"  ({v['entries']} entries)"
    )
    lines.append(f"total          {r['total_seconds']:>9.1f} s")
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--persons", type=int, default=5000, help="registry size (5000)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--out", type=Path, help="write every figure to this JSON file")
    args = parser.parse_args(argv)
    if args.persons < 10:
        parser.error("--persons must be at least 10")
    clean_up_on_sigterm()
    results = run(args.persons, args.database)
    print_summary(results)
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
