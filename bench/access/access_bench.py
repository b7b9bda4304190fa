"""What the access log (ADR 30) costs a page: the person page and a page of the person list,
measured with the log written and with it switched off, on a log already holding a large
history and a reader who has been reading all hour.

Run from the repository root:

    .venv/bin/python bench/access/access_bench.py [--database sqlite|postgres]
        [--history 1000000] [--window 20000] [--repeats 150] [--out bench/results/<name>.json]

On a fresh database (bench/benchenv.py: SQLite under a temporary HOMEWARD_VAR_DIR, or the
PostgreSQL database `homeward_bench_access`, removed afterwards) it:

1. creates 20 staff users and 600 persons (through the registry's services);
2. fills the log with `--history` rows (one event per 50 persons, spread over 30 days and
   the 20 users, persons drawn from 100,000 ids) and gives the measured reader `--window`
   rows in the last hour over 450 distinct persons, as a registrar paging all hour would
   have (their limit is raised so the benchmark is never refused);
3. times GET /persons/<id>/ (each time a person the reader has not read this hour, the most
   expensive case: the window is counted) and GET /persons/?page=<n> (50 persons) through
   Django's test client, alternating runs with the log on and off (`disclose` replaced by a
   no-op in the views), after a warm-up; and `record_reading` alone for 1 and 50 persons.

Prints a summary; `--out` writes every figure as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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

PG_BENCH_DB = "homeward_bench_access"
HOST = "127.0.0.1"
USERS = 20
PERSONS = 600
PER_EVENT = 50


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def summary_ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50": round(statistics.median(ordered) * 1000, 3),
        "p95": round(p95 * 1000, 3),
        "max": round(ordered[-1] * 1000, 3),
        "n": len(ordered),
    }


def fill_history(users: list[Any], reader: Any, history: int, window: int) -> dict[str, float]:
    """`history` rows over 30 days for every user, and `window` rows in the reader's hour."""
    from django.db import transaction
    from django.utils import timezone

    from homeward.apps.audit.models import AccessedPerson, AccessEvent

    rng = random.Random(20)
    now = timezone.now()

    def write(user: Any, rows: int, earliest: dt.timedelta, persons: list[int] | None) -> None:
        for start in range(0, rows, 5000):
            chunk = min(5000, rows - start)
            events, people = [], []
            for _ in range(0, chunk, PER_EVENT):
                at = now - dt.timedelta(seconds=rng.uniform(60, earliest.total_seconds()))
                events.append(
                    (
                        AccessEvent(
                            at=at,
                            user=user,
                            username=user.username,
                            route="registry:person_list",
                            path="/persons/",
                            address="10.0.0.1",
                            origin="web",
                            persons=PER_EVENT,
                        ),
                        at,
                    )
                )
            made = AccessEvent.objects.bulk_create([e for e, _ in events])
            for event, at in zip(made, (a for _, a in events), strict=True):
                ids = (
                    rng.sample(persons, PER_EVENT)
                    if persons
                    else [rng.randrange(1, 100_000) for _ in range(PER_EVENT)]
                )
                people.extend(
                    AccessedPerson(event=event, person_id=pk, user_id=user.pk, at=at) for pk in ids
                )
            AccessedPerson.objects.bulk_create(people, batch_size=5000)

    started = time.perf_counter()
    with transaction.atomic():
        per_user = history // len(users)
        for user in users:
            write(user, per_user, dt.timedelta(days=30), None)
        # The reader's last hour: 450 distinct persons read again and again.
        write(reader, window, dt.timedelta(minutes=59), list(range(200_000, 200_450)))
    return {"seconds": round(time.perf_counter() - started, 1)}


def measure(client: Any, urls: Callable[[int], str], repeats: int) -> dict[str, Any]:
    """Alternating runs with the log on and off; each on-run asks for new persons."""
    import homeward.apps.registry.views as views

    real = views.disclose
    on: list[float] = []
    off: list[float] = []
    for i in range(repeats * 2):
        logged = i % 2 == 0
        views.disclose = real if logged else (lambda request, ids: None)
        started = time.perf_counter()
        response = client.get(urls(i // 2), HTTP_HOST=HOST)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (urls(i // 2), response.status_code)
        (on if logged else off).append(elapsed)
    views.disclose = real
    result = {"logged": summary_ms(on), "not_logged": summary_ms(off)}
    result["added_p50_ms"] = round(result["logged"]["p50"] - result["not_logged"]["p50"], 3)
    return result


def run(database: str, history: int, window: int, repeats: int) -> dict[str, Any]:
    os.environ["HOMEWARD_READ_LIMITS"] = "registrar=1000000"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from homeward.apps.accounts.services import ensure_user
    from homeward.apps.audit.access import Reading, record_reading
    from homeward.apps.audit.context import audit_context
    from homeward.apps.audit.models import AccessedPerson
    from homeward.apps.registry import services
    from homeward.apps.registry.models import Person

    setup_test_environment()
    call_command("migrate", verbosity=0)
    with audit_context("command"):
        reader, _ = ensure_user(
            actor=None, username="reader", password="x" * 16, roles=["registrar"]
        )
        users = [reader] + [
            ensure_user(actor=None, username=f"staff{i}", password="x" * 16, roles=["registrar"])[0]
            for i in range(USERS - 1)
        ]
        rows = [
            {
                "side": "own",
                "category": "military",
                "surname": f"Коваль{i:04d}",
                "given_name": "Петро",
                "rank_category": "private",
                "sex": "male",
            }
            for i in range(PERSONS)
        ]
        services.create_persons(actor=reader, rows=rows)
    log(f"filling the log: {history:,} rows of history, {window:,} in the reader's hour")
    filled = fill_history(users, reader, history, window)
    log(f"filled in {filled['seconds']} s")
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    client = Client()
    client.force_login(User.objects.get(username="reader"))
    for url in ("/persons/", f"/persons/{ids[0]}/"):
        client.get(url, HTTP_HOST=HOST)  # warm-up
    log("person page")
    detail = measure(client, lambda i: f"/persons/{ids[1 + i % (len(ids) - 1)]}/", repeats)
    log("person list, 50 a page")
    pages = len(ids) // 50
    listing = measure(client, lambda i: f"/persons/?page={1 + i % pages}", repeats)

    reading = Reading(user=reader, route="bench", path="/bench/", address="127.0.0.1")
    direct: dict[str, Any] = {}
    for size in (1, 50):
        samples = []
        for i in range(repeats):
            persons = range(300_000 + i * size, 300_000 + (i + 1) * size)
            started = time.perf_counter()
            record_reading(reading, persons)
            samples.append(time.perf_counter() - started)
        direct[f"record_reading_{size}"] = summary_ms(samples)
    return {
        "database": database,
        "history_rows": AccessedPerson.objects.count(),
        "window_rows": window,
        "fill": filled,
        "person_page": detail,
        "person_list_page": listing,
        **direct,
        "database_bytes": database_size(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--window", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=150)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    clean_up_on_sigterm()
    started = dt.datetime.now(dt.UTC)
    with fresh_environment(args.database, pg_database=PG_BENCH_DB, prefix="hw-access-bench-"):
        source = source_state()
        figures = run(args.database, args.history, args.window, args.repeats)
        results = {
            "date": started.isoformat(timespec="seconds"),
            "command": " ".join(sys.argv),
            "source": source,
            "machine": machine(),
            "versions": versions(),
            **figures,
        }
    for name in ("person_page", "person_list_page"):
        page = results[name]
        print(
            f"{name}: logged p50 {page['logged']['p50']} ms p95 {page['logged']['p95']} ms; "
            f"not logged p50 {page['not_logged']['p50']} ms p95 {page['not_logged']['p95']} ms; "
            f"added {page['added_p50_ms']} ms"
        )
    for size in (1, 50):
        r = results[f"record_reading_{size}"]
        print(f"record_reading of {size}: p50 {r['p50']} ms p95 {r['p95']} ms")
    print(f"history rows {results['history_rows']:,}, database {results['database_bytes']} bytes")
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
