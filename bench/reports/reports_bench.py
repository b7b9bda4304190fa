"""Benchmarks of statements, statistics and partner exports on a fresh database holding the
registry demo and the demo exchange.

Run from the repository root:

    .venv/bin/python bench/reports/reports_bench.py [--persons N] [--database sqlite|postgres]
                                                    [--out bench/results/<name>.json]

`--persons` (default 5000) is the size of the synthetic registry loaded through
`homeward.apps.registry.demo.load_demo` (which also creates the five demo sources); the demo
exchange (`homeward.apps.exchanges.demo.load_exchange_demo`: 1,000 of ours received and 1,000
we held handed over in three stages, 2,000 more persons) is run on it afterwards, as
`homeward demo` does. `--database sqlite` (the default) migrates a new SQLite file in a
temporary HOMEWARD_VAR_DIR with the dev settings; `--database postgres` creates the database
`homeward_bench_reports` on postgres://postgres@127.0.0.1:5432 (dropping a left-over one
first). Everything created is removed at the end, also after a failure or SIGTERM.

Measured, after the load (see bench/reports/README.md):

1. Statements: `statement_for(find_stage(2), Lang.EN)` and `period_statement_for(2025-05-23,
   2025-05-25, Lang.UK)`: median of 5 calls, SQL queries.
2. Statistics overall: `overall_tables(administrator, "en")`, median of 5, SQL queries; the
   pages GET /statistics/overall/ and GET /statistics/ through the test client (and the
   partner exports' GET pages), median of 5 after a warm-up, SQL queries.
3. Statistics exports: POST /statistics/export/ (scope=overall, audience=public) as CSV,
   XLSX and PDF: median of 5, bytes, SQL queries.
4. Partner exports: POST /exports/pfif/ (streamed; the stream is consumed inside the timing)
   and POST /exports/icrc/ (XLSX): median of 3, then one pass under tracemalloc for the
   peak memory (for PFIF a second one that drops each chunk once read); persons, bytes,
   SQL queries.

The code measured is a copy of src/homeward taken at start (bench/benchenv.py). A summary
is printed; `--out` also writes every figure as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import secrets
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

# The shared helpers live one folder up (bench/benchenv.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
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

PG_BENCH_DB = "homeward_bench_reports"
REPEATS = 5  # statements, tables, pages, statistics exports
EXPORT_REPEATS = 3  # partner exports (each also records a disclosure)
HOST = "127.0.0.1"
SQL_SHOWN = 160  # characters of a query's text kept in the results
SQL_TOP = 5  # the statements that took longest (median over the calls), with
SQL_TOP_SHOWN = 400  # this much of their text
# The users of `homeward demo` that these features need, one role each.
ROLES = ("exchange_officer", "administrator", "registrar", "communications")
PERIOD = (dt.date(2025, 5, 23), dt.date(2025, 5, 25))
STATISTICS_PAGES = ("/statistics/overall/", "/statistics/")
# The partner exports' pages: each counts (or lists) the persons it would send.
EXPORT_PAGES = ("/exports/", "/exports/icrc/", "/exports/pfif/")
STATISTICS_FORMATS = ("csv", "xlsx", "pdf")
PFIF_FORM = {
    "recipient": "Missing-person board (benchmark)",
    "purpose": "Benchmark of the PFIF export",
    "expires_in_days": "365",
    "include_home": "on",
}
ICRC_FORM = {
    "recipient": "ICRC Central Tracing Agency",
    "purpose": "Benchmark of the Art. 122 export",
    "file_format": "xlsx",
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    """Seconds taken by fn(*args, **kwargs), and its result."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


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


def measured(fn: Callable[[], T]) -> tuple[float, T, list[tuple[str, float]]]:
    """Seconds, result, and each SQL statement's text and seconds, of one call of `fn`."""
    from django.db import connection

    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
    return elapsed, result, timer.timings


def repeated(fn: Callable[[], T], repeats: int) -> tuple[dict[str, Any], T]:
    """`fn` called `repeats` times: the median, first, min and max milliseconds, the SQL
    queries per call (a set: it should not vary), the median SQL time, the slowest
    statement and the statements that took longest; and the last result."""
    times: list[float] = []
    counts: set[int] = set()
    sql_ms: list[float] = []
    slowest: dict[str, float] = {}
    per_statement: dict[str, list[float]] = {}  # the statement's ms in each call
    result: Any = None
    for _ in range(repeats):
        elapsed, result, timings = measured(fn)
        times.append(elapsed)
        counts.add(len(timings))
        sql_ms.append(sum(seconds for _sql, seconds in timings) * 1000)
        in_call: dict[str, float] = {}
        for sql, seconds in timings:
            text = sql[:SQL_SHOWN]
            slowest[text] = max(slowest.get(text, 0.0), seconds * 1000)
            in_call[sql] = in_call.get(sql, 0.0) + seconds * 1000
        for sql, spent in in_call.items():
            per_statement.setdefault(sql, []).append(spent)
    figures: dict[str, Any] = {
        "repeats": repeats,
        "median_ms": ms(statistics.median(times)),
        "first_ms": ms(times[0]),
        "min_ms": ms(min(times)),
        "max_ms": ms(max(times)),
        "sql_queries": sorted(counts),
        "sql_median_ms": round(statistics.median(sql_ms), 2),
    }
    if slowest:
        worst = max(slowest, key=slowest.__getitem__)
        figures["slowest_sql"] = {"max_ms": round(slowest[worst], 2), "sql": worst}
        medians = {sql: statistics.median(spent) for sql, spent in per_statement.items()}
        figures["sql_top"] = [
            {"median_ms": round(medians[sql], 2), "sql": sql[:SQL_TOP_SHOWN]}
            for sql in sorted(medians, key=medians.__getitem__, reverse=True)[:SQL_TOP]
        ]
    return figures, result


def traced(fn: Callable[[], T]) -> tuple[float, float, T]:
    """Peak MB of Python allocations during one call of `fn` (tracemalloc, which slows the
    code down several times), the seconds under tracing, and the result."""
    tracemalloc.start()
    try:
        seconds, result = timed(fn)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / 1024 / 1024, 1), round(seconds, 3), result


# --- The benchmarks -----------------------------------------------------------------------


def bench_load(count: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The users (as `homeward demo` makes them), the registry demo with its sources, then
    the demo exchange, all in a "command" audit context."""
    from homeward.apps.accounts.roles import ROLES_BY_CODE
    from homeward.apps.accounts.services import ensure_user
    from homeward.apps.audit.context import audit_context
    from homeward.apps.audit.models import AuditEntry
    from homeward.apps.exchanges.demo import load_exchange_demo
    from homeward.apps.exchanges.models import Stage, StageMember
    from homeward.apps.registry.demo import load_demo
    from homeward.apps.registry.models import Person, Source, SourceRecord, StatusEvent

    users: dict[str, Any] = {}
    with audit_context("command"):
        for role in ROLES:
            users[role], _ = ensure_user(
                actor=None,
                username=role,
                password=secrets.token_urlsafe(16),
                roles=[role],
                full_name=f"Demo {ROLES_BY_CODE[role].label}",
            )
        audit_before = AuditEntry.objects.count()
        registry_seconds, stats = timed(
            load_demo,
            count=count,
            registrar=users["registrar"],
            confirmer=users["administrator"],
        )
        audit_after_registry = AuditEntry.objects.count()
        exchange_seconds, received = timed(
            load_exchange_demo,
            officer=users["exchange_officer"],
            registrar=users["registrar"],
            confirmer=users["administrator"],
        )
    audit_total = AuditEntry.objects.count()
    result = {
        "registry": {
            "persons": sum(stats.values()),
            "by_side": dict(stats),
            "seconds": round(registry_seconds, 3),
            "persons_per_second": round(sum(stats.values()) / registry_seconds, 1),
            "audit_entries_written": audit_after_registry - audit_before,
        },
        "exchange": {
            "received": received,
            "stages": Stage.objects.count(),
            "stage_members": StageMember.objects.count(),
            "seconds": round(exchange_seconds, 3),
            "audit_entries_written": audit_total - audit_after_registry,
        },
        "persons": Person.objects.count(),
        "sources": Source.objects.count(),
        "status_events": StatusEvent.objects.count(),
        "source_records": SourceRecord.objects.count(),
        "audit_entries_total": audit_total,
        "seconds": round(registry_seconds + exchange_seconds, 3),
        "database_bytes": database_size(),
    }
    return result, users


def bench_statements() -> dict[str, Any]:
    """A stage's statement (in English) and a period's (in Ukrainian), as the statement
    command and the statements page compose them."""
    from homeward.apps.reports.statements import find_stage, period_statement_for, statement_for
    from homeward.core.statements.language import Lang

    start, end = PERIOD
    calls: dict[str, Callable[[], Any]] = {
        "stage_2_en": lambda: statement_for(find_stage(2), Lang.EN),
        "period_uk": lambda: period_statement_for(start, end, Lang.UK),
    }
    result: dict[str, Any] = {}
    for name, call in calls.items():
        figures, statement = repeated(call, REPEATS)
        result[name] = {
            **figures,
            "title": statement.title,
            "paragraphs": len(statement.paragraphs),
            "characters": len(statement.text),
        }
    return result


def bench_overall_tables(user: Any) -> dict[str, Any]:
    from django.utils import translation

    from homeward.apps.reports.overall import overall_tables

    def call() -> Any:
        with translation.override("en"):
            return overall_tables(user, "en")

    figures, tables = repeated(call, REPEATS)
    return {
        **figures,
        "tables": [t.key for t in tables],
        "rows": sum(len(t.rows) for t in tables),
    }


def client_for(user: Any) -> Any:
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def bench_pages(client: Any, urls: tuple[str, ...]) -> dict[str, Any]:
    """Each URL fetched once to warm the caches, then REPEATS times."""
    result: dict[str, Any] = {}
    for url in urls:

        def get(url: str = url) -> Any:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}")
            return response.content

        get()
        figures, body = repeated(get, REPEATS)
        result[url] = {**figures, "bytes": len(body)}
    return result


def bench_statistics_exports(client: Any) -> dict[str, Any]:
    """The overall statistics as a file for publication, in each format."""
    result: dict[str, Any] = {}
    for fmt in STATISTICS_FORMATS:
        data = {"scope": "overall", "audience": "public", "file_format": fmt}

        def post(data: dict[str, str] = data) -> bytes:
            response = client.post("/statistics/export/", data)
            if response.status_code != 200 or "attachment" not in response.get(
                "Content-Disposition", ""
            ):
                raise RuntimeError(f"statistics export {data} answered {response.status_code}")
            return bytes(response.content)

        figures, body = repeated(post, REPEATS)
        result[fmt] = {**figures, "bytes": len(body)}
    return result


def _last_disclosure() -> dict[str, Any]:
    from homeward.apps.audit.models import AuditEntry

    entry = AuditEntry.objects.filter(action="disclosure.export").order_by("-seq").first()
    if entry is None:
        raise RuntimeError("the export recorded no disclosure")
    after: dict[str, Any] = entry.after
    return after


def bench_partner_exports(client: Any) -> dict[str, Any]:
    """PFIF (streamed: the stream is read inside the timing) and the ICRC's Art. 122 list:
    timed passes, then one under tracemalloc."""
    view_seconds: list[float] = []

    def pfif() -> bytes:
        started = time.perf_counter()
        response = client.post("/exports/pfif/", PFIF_FORM)
        view_seconds.append(time.perf_counter() - started)
        if response.status_code != 200 or not response.streaming:
            raise RuntimeError(f"PFIF export answered {response.status_code}, not a stream")
        return b"".join(response.streaming_content)

    def pfif_discarded() -> int:
        """The stream read a chunk at a time and dropped, as a server sends it on: the
        view's own peak memory, without the joined file."""
        response = client.post("/exports/pfif/", PFIF_FORM)
        return sum(len(chunk) for chunk in response.streaming_content)

    def icrc() -> bytes:
        response = client.post("/exports/icrc/", ICRC_FORM)
        if response.status_code != 200 or "attachment" not in response.get(
            "Content-Disposition", ""
        ):
            raise RuntimeError(f"ICRC export answered {response.status_code}")
        return bytes(response.content)

    result: dict[str, Any] = {}
    for name, call in (("pfif", pfif), ("icrc_xlsx", icrc)):
        figures, body = repeated(call, EXPORT_REPEATS)
        disclosure = _last_disclosure()
        if disclosure["kind"] != ("pfif" if name == "pfif" else "art122"):
            raise RuntimeError(f"{name}: the last disclosure is {disclosure['kind']}")
        peak_mb, traced_seconds, _body = traced(call)
        result[name] = {
            "persons": disclosure["count"],
            "bytes": len(body),
            "seconds": round(figures["median_ms"] / 1000, 3),
            **figures,
            "peak_memory_mb": peak_mb,
            "seconds_under_tracemalloc": traced_seconds,
        }
        if name == "pfif":
            # until the view returns: the persons' case numbers read and the disclosure
            # recorded, before a byte of the stream is made
            result[name]["view_median_ms"] = ms(statistics.median(view_seconds[:EXPORT_REPEATS]))
            # the peak above holds the whole file twice (the chunks and their join)
            peak_mb, _seconds, sent = traced(pfif_discarded)
            if sent != len(body):
                raise RuntimeError(f"PFIF sent {sent} bytes, then {len(body)}")
            result[name]["peak_memory_mb_chunks_dropped"] = peak_mb
    return result


def run(persons: int, database: str) -> dict[str, Any]:
    started_at = dt.datetime.now(dt.UTC)
    wall = time.perf_counter()
    source = source_state()
    with fresh_environment(
        database, pg_database=PG_BENCH_DB, prefix="homeward-bench-reports-"
    ) as var_dir:
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
            "benchmark": "homeward statements, statistics and partner exports",
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
        log(f"loading {persons} persons and the demo exchange")
        results["load"], users = bench_load(persons)
        log(
            f"  registry {results['load']['registry']['seconds']} s, "
            f"exchange {results['load']['exchange']['seconds']} s"
        )
        log("statements")
        results["statements"] = bench_statements()
        log("statistics")
        administrator = users["administrator"]
        results["overall_tables"] = bench_overall_tables(administrator)
        client = client_for(administrator)
        results["pages"] = bench_pages(client, STATISTICS_PAGES + EXPORT_PAGES)
        log("statistics exports")
        results["statistics_exports"] = bench_statistics_exports(client)
        log("partner exports")
        results["partner_exports"] = bench_partner_exports(client)
    results["load_average_at_end"] = os.getloadavg()
    results["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["total_seconds"] = round(time.perf_counter() - wall, 1)
    return results


def print_summary(r: dict[str, Any]) -> None:
    load = r["load"]
    lines = [
        f"{r['versions']['database']}, N={load['registry']['persons']} "
        f"(+{load['persons'] - load['registry']['persons']} of the exchange), {r['date']}",
        f"load           registry {load['registry']['seconds']:.1f} s, "
        f"exchange {load['exchange']['seconds']:.1f} s, {load['persons']} persons",
    ]

    def line(name: str, f: dict[str, Any], extra: str = "") -> str:
        return (
            f"{name:<26} {f['median_ms']:>10.1f} ms  (first {f['first_ms']:.1f}, max "
            f"{f['max_ms']:.1f})  SQL {f['sql_queries']}{extra}"
        )

    for name, f in r["statements"].items():
        lines.append(line(f"statement {name}", f))
    lines.append(line("overall_tables", r["overall_tables"]))
    for url, f in r["pages"].items():
        lines.append(line(f"GET {url}", f))
    for fmt, f in r["statistics_exports"].items():
        lines.append(line(f"statistics export {fmt}", f, f"  {f['bytes']} bytes"))
    for name, f in r["partner_exports"].items():
        lines.append(
            line(f"export {name}", f)
            + f"  {f['persons']} persons, {f['bytes']} bytes, peak {f['peak_memory_mb']} MB"
            + (
                f" ({f['peak_memory_mb_chunks_dropped']} MB with the chunks dropped)"
                if "peak_memory_mb_chunks_dropped" in f
                else ""
            )
        )
    start, end = (
        " ".join(f"{x:.2f}" for x in r[k]) for k in ("load_average_at_start", "load_average_at_end")
    )
    lines.append(
        f"load average   {start} -> {end}; "
        f"max RSS {r['max_rss_mb']} MB; total {r['total_seconds']:.1f} s"
    )
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
