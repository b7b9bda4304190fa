"""Benchmark of the verification of a list from the other side of an exchange, end to end.

Run from the repository root:

    .venv/bin/python bench/exchanges/verify_bench.py [--registry-size N] [--rows M]
        [--database sqlite|postgres] [--seed S] [--data DIR] [--out FILE]

What is measured is `exchanges.lists.load_their_list(kind="their_offer")` as the upload
view calls it, in one request: read the file (`intake.services.read_list`), read the
registry's persons of the list's side (`registry.selectors.linkage_columns`) and index them
(`RegistryIndex.build`), link every row through the engine and check it
(`exchanges.verification.verify`), then write a submitted version with one `ListEntry` a
row, its `ListChange` rows and an audit entry, all in one transaction.

1. Data: `bench/linkage/generate.py` through `bench/intake/import_bench.generated_data`:
   registry.csv, incoming.csv (variants of registry persons from five kinds of source, ~15%
   absent from the registry) and truth.csv. incoming.csv is the other side's list; rows
   `read_list` finds fault with (the service refuses a file with any) are dropped first and
   counted.
2. Registry: a fresh database (`benchenv.fresh_environment`; PostgreSQL database
   `homeward_bench_verify`), migrated, registry.csv as N persons of side "own" through
   `import_bench.fill_registry` (not timed). The user `exchange_officer` (role
   exchange_officer) and an agreement "Bench" (N for N) are created.
3. First load: a new process calls `load_their_list` on the list, timed whole and by stage
   (module functions wrapped in that process only; nothing under src/ changes), with SQL
   statements, commits and cyclic GC per stage (`import_bench.Probe`) and peak RSS.
4. Second load: another new process loads the same file into the same agreement: version 2,
   whose changes are computed against version 1.
5. Check: verdicts, flags and changes of each version from the database; the first
   version's entries against truth.csv (precision of "confirmed", persons confirmed).

The code measured is a copy of src/homeward taken at start. Everything created is removed
at the end, also after an error, Ctrl+C or SIGTERM. See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import importlib.util
import io
import itertools
import json
import os
import resource
import secrets
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

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

BENCH = Path(__file__).resolve().parents[1]


def _import_bench() -> ModuleType:
    """bench/intake/import_bench.py, for its data, registry filling and probe."""
    path = BENCH / "intake" / "import_bench.py"
    spec = importlib.util.spec_from_file_location("import_bench", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


intake: Any = _import_bench()

PG_BENCH_DB = "homeward_bench_verify"
OFFICER = "exchange_officer"
REGISTRAR = "registrar"
KIND = "their_offer"
# The stages of one load, in the order the wrapped functions mark them (see `child_load`).
STAGES = (
    "locking",  # load_their_list up to read_list: the permission and the agreement checked
    "reading",  # read_list: the file parsed and checked
    "engine_columns",  # verify → _link: the rows as the engine reads them
    "registry_columns",  # registry.selectors.linkage_columns: the side's persons read
    "thresholds",  # thresholds_for("counterpart")
    "index_build",  # RegistryIndex.build
    "review_labels",  # reviewers' decisions read for calibration
    "linking",  # RegistryIndex.link
    "checks",  # verify after linking: facts of the matched persons, check_entry per row
    "writing",  # the agreement locked, the version, the entries (bulk), up to the changes
    "changes",  # _record_their_changes: against the previous version, ListChange rows
    "audit_commit",  # the audit entry and the commit
)
# The four parts the README reports, each a sum of stages.
PARTS = {
    "reading": ("locking", "reading"),
    "index": ("registry_columns", "index_build"),
    "linking": ("engine_columns", "thresholds", "review_labels", "linking", "checks"),
    "writing": ("writing", "changes", "audit_commit"),
}
# An upload is a web request; a longer wait than this is where the README draws the line.
REQUEST_SECONDS = 10.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --- 1. The other side's list ---------------------------------------------------------------


def readable_list(incoming: Path, out_dir: Path) -> tuple[Path, dict[str, Any], dict[int, str]]:
    """The list to load: incoming.csv, or a copy without the rows `read_list` finds fault
    with. Returns the file, what was checked, and each row's line number → record id."""
    from homeward.apps.intake.services import read_list
    from homeward.core.tabular import map_headers, read_table

    content = incoming.read_bytes()
    headers = read_table(incoming.name, data=content).headers
    prepared = read_list(incoming.name, content, {})
    bad = prepared.bad_rows
    problems = Counter(f"{p.column or '—'}: {p.message}" for p in prepared.problems)
    path = incoming
    if bad:
        path = out_dir / "their-list.csv"
        with (
            incoming.open(encoding="utf-8", newline="") as src,
            path.open("w", encoding="utf-8", newline="") as dst,
        ):
            writer = csv.writer(dst)
            # Line numbers as read_table counts them: the header is line 1.
            for number, record in enumerate(csv.reader(src), start=1):
                if number not in bad:
                    writer.writerow(record)
        content = path.read_bytes()
        prepared = read_list(path.name, content, {})
        if prepared.problems:
            raise RuntimeError(f"{path}: still {len(prepared.problems)} problems")
    checked = {
        "headers": headers,
        "mapping": map_headers(headers),
        "extra_columns": [h for h in headers if h not in prepared.mapping],
        "rows_in_file": len(prepared.rows) + len(bad),
        "rows_dropped": len(bad),
        "problems_of_dropped": dict(problems.most_common(10)),
        "rows_loaded": len(prepared.rows),
        "file": path.name,
        "file_bytes": len(content),
    }
    return path, checked, {row.number: row.record_id for row in prepared.rows}


# --- 2. One load, in its own process ---------------------------------------------------------


class Timeline:
    """Marks where each stage of a load begins; the probe counts SQL, commits and GC under
    the stage current."""

    def __init__(self, probe: Any) -> None:
        self.probe = probe
        self.marks: list[tuple[str, float]] = []

    def mark(self, stage: str) -> None:
        self.marks.append((stage, time.perf_counter()))
        self.probe.stage = stage

    def wrap(self, owner: Any, name: str, before: str | None, after: str | None) -> None:
        """Mark `before` when owner.name is called and `after` when it returns."""
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if before:
                self.mark(before)
            try:
                return original(*args, **kwargs)
            finally:
                if after:
                    self.mark(after)

        setattr(owner, name, wrapper)


def child_load(spec_path: Path) -> int:
    """The load process: `load_their_list` on the file as the officer, timed by stage.
    Writes its figures as JSON to the file the spec names."""
    process_started = time.perf_counter()
    spec = json.loads(spec_path.read_text())
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection

    import homeward
    from homeward.apps.audit.context import audit_context
    from homeward.apps.exchanges import lists, verification
    from homeward.apps.exchanges.models import Agreement
    from homeward.apps.registry import selectors
    from homeward.core.linkage.engine import RegistryIndex

    if not Path(homeward.__file__).is_relative_to(spec["snapshot"]):
        raise RuntimeError(f"homeward imported from {homeward.__file__}, not the snapshot")
    user = User.objects.get(username=spec["username"])
    agreement = Agreement.objects.get(pk=spec["agreement"])
    path = Path(spec["file"])
    content = path.read_bytes()
    probe = intake.Probe()
    timeline = Timeline(probe)
    timeline.wrap(lists, "read_list", "reading", "engine_columns")
    timeline.wrap(selectors, "linkage_columns", "registry_columns", "thresholds")
    timeline.wrap(RegistryIndex, "build", "index_build", "review_labels")
    timeline.wrap(RegistryIndex, "link", "linking", "checks")
    timeline.wrap(verification, "verify", None, "writing")
    timeline.wrap(lists, "_record_their_changes", "changes", "audit_commit")

    connection.ensure_connection()
    connection.commit = probe.timed_commit(connection.commit)  # type: ignore[method-assign]
    gc.callbacks.append(probe.gc_callback)
    setup_seconds = time.perf_counter() - process_started
    rss_before = intake.rss_mb()
    with audit_context("web"), connection.execute_wrapper(probe):
        timeline.mark("locking")
        version = lists.load_their_list(
            actor=user,
            agreement=agreement,
            kind=KIND,
            file_name=path.name,
            content=content,
        )
        finished = time.perf_counter()
    gc.callbacks.remove(probe.gc_callback)
    seen = [stage for stage, _t in timeline.marks]
    if seen != list(STAGES):
        raise RuntimeError(f"stages out of order: {seen}")
    bounds = [*timeline.marks, ("end", finished)]
    stages = {
        stage: {"seconds": round(end - begin, 3), **probe.stage_figures(stage)}
        for (stage, begin), (_next, end) in itertools.pairwise(bounds)
    }
    parts = {
        part: round(sum(stages[s]["seconds"] for s in members), 3)
        for part, members in PARTS.items()
    }
    result = {
        "version_id": version.pk,
        "version_number": version.number,
        "file_bytes": len(content),
        "setup_seconds": round(setup_seconds, 3),
        "load_seconds": round(finished - timeline.marks[0][1], 3),
        "parts": parts,
        "stages": stages,
        "sql_statements": sum(probe.count.values()),
        "sql_seconds": round(sum(probe.seconds.values()), 3),
        "commit_seconds": round(sum(probe.commit_seconds.values()), 3),
        "gc_seconds": round(sum(probe.gc_seconds.values()), 3),
        "gc_collections": dict(sorted(probe.gc_collections.items())),
        "rss_before_load_mb": rss_before,
        "rss_after_load_mb": intake.rss_mb(),
        "peak_rss_mb": intake.max_rss_mb(resource.getrusage(resource.RUSAGE_SELF)),
        "process_seconds": round(time.perf_counter() - process_started, 3),
    }
    Path(spec["result"]).write_text(json.dumps(result, indent=2))
    return 0


def run_load_process(var_dir: Path, file: Path, agreement_id: int, label: str) -> dict[str, Any]:
    """Start a load process and wait for it."""
    spec_path = var_dir / f"load-{label}-spec.json"
    result_path = var_dir / f"load-{label}-result.json"
    spec_path.write_text(
        json.dumps(
            {
                "snapshot": str(var_dir / "src"),
                "username": OFFICER,
                "agreement": agreement_id,
                "file": str(file),
                "result": str(result_path),
            }
        )
    )
    command = [sys.executable, str(Path(__file__).resolve()), "--child-load", str(spec_path)]
    started = time.perf_counter()
    process = subprocess.Popen(command)  # noqa: S603
    try:
        _pid, status, usage = os.wait4(process.pid, 0)
    except BaseException:
        process.terminate()
        process.wait()
        raise
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"the load process failed (exit code {process.returncode})")
    result: dict[str, Any] = json.loads(result_path.read_text())
    result["process_wall_seconds"] = round(wall, 3)
    result["process_peak_rss_mb_wait4"] = intake.max_rss_mb(usage)
    return result


# --- 3. What the loads wrote, and how right it is ------------------------------------------


def version_contents(version_id: int) -> dict[str, Any]:
    """Verdicts, flags and changes of one version, from the database."""
    from homeward.apps.exchanges.models import ListChange, ListEntry

    entries = ListEntry.objects.filter(version_id=version_id)
    verdicts = Counter(entries.values_list("verdict", flat=True))
    flags: Counter[str] = Counter()
    flagged = 0
    for entry_flags in entries.values_list("flags", flat=True):
        flags.update(entry_flags)
        flagged += bool(entry_flags)
    changes = Counter(
        ListChange.objects.filter(version_id=version_id).values_list("action", flat=True)
    )
    return {
        "entries": entries.count(),
        "verdicts": {v: verdicts.get(v, 0) for v in ("confirmed", "possible", "unknown")},
        "entries_flagged": flagged,
        "flags": dict(flags.most_common()),
        "changes": dict(sorted(changes.items())),
    }


def entries_of(version_id: int) -> list[tuple[int | None, int | None, str]]:
    from homeward.apps.exchanges.models import ListEntry

    return list(
        ListEntry.objects.filter(version_id=version_id)
        .order_by("row")
        .values_list("row", "person_id", "verdict")
    )


def accuracy(
    version_id: int, truth_csv: Path, pk_of: dict[str, int], record_of: dict[int, str]
) -> dict[str, Any]:
    """Each entry's verdict and person against the person the generator drew the row from."""
    truth: dict[str, int | None] = {}
    with truth_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            truth[row["record_id"]] = pk_of[row["person_id"]] if row["person_id"] else None
    n: Counter[str] = Counter()
    present_persons: set[int] = set()
    confirmed_persons: set[int] = set()
    for number, person, verdict in entries_of(version_id):
        true_pk = truth[record_of[number or 0]]
        n["entries"] += 1
        if true_pk is not None:
            n["present"] += 1
            present_persons.add(true_pk)
        else:
            n["absent"] += 1
        n[verdict] += 1
        if verdict == "confirmed":
            n["confirmed_right"] += person == true_pk
            n["confirmed_wrong_person"] += true_pk is not None and person != true_pk
            n["confirmed_absent_person"] += true_pk is None
            if person == true_pk and true_pk is not None:
                confirmed_persons.add(true_pk)
        elif verdict == "possible":
            n["possible_present"] += true_pk is not None
            n["possible_right"] += true_pk is not None and person == true_pk
        else:
            n["unknown_absent"] += true_pk is None
            n["unknown_present"] += true_pk is not None

    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    return {
        **dict(sorted(n.items())),
        "confirmed_precision": share(n["confirmed_right"], n["confirmed"]),
        "present_rows_confirmed_right": share(n["confirmed_right"], n["present"]),
        "present_persons": len(present_persons),
        "present_persons_confirmed": len(confirmed_persons),
        "present_persons_confirmed_share": share(len(confirmed_persons), len(present_persons)),
        "possible_candidate_right": share(n["possible_right"], n["possible_present"]),
        "unknown_truly_absent": share(n["unknown_absent"], n["unknown"]),
    }


# --- The run -------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    started_at = dt.datetime.now(dt.UTC)
    wall = time.perf_counter()
    source = source_state()
    results: dict[str, Any] = {"load_average_at_start": load_average()}
    with fresh_environment(
        args.database,
        pg_database=PG_BENCH_DB,
        prefix="homeward-bench-verify-",
        extra=("bench/linkage",),
    ) as var_dir:
        data_dir, meta, generate_seconds = intake.generated_data(
            var_dir, args.data, args.registry_size, args.rows, args.seed
        )
        import django
        from django.core.management import call_command
        from django.db import connections

        import homeward

        if not Path(homeward.__file__).is_relative_to(var_dir):
            raise RuntimeError(f"homeward imported from {homeward.__file__}, not the snapshot")
        django.setup()
        from homeward.apps.accounts.services import ensure_user
        from homeward.apps.audit.context import audit_context
        from homeward.apps.audit.models import AuditEntry
        from homeward.apps.exchanges.services import create_agreement

        log(f"migrating a fresh {args.database} database")
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        results |= {
            "benchmark": "homeward verification of the other side's list",
            "date": started_at.isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "database": args.database,
            "registry_size": args.registry_size,
            "rows": args.rows,
            "seed": args.seed,
            "kind": KIND,
            "source": source,
            "versions": versions(),
            "machine": machine(),
            "data": {
                "generate_seconds": round(generate_seconds, 1) if generate_seconds else None,
                "registry": meta.get("registry"),
                "incoming": meta.get("incoming"),
            },
            "migrate_seconds": round(time.perf_counter() - started, 1),
        }
        with audit_context("command"):
            registrar, _ = ensure_user(
                actor=None,
                username=REGISTRAR,
                password=secrets.token_urlsafe(16),
                roles=["registrar"],
            )
            officer, _ = ensure_user(
                actor=None,
                username=OFFICER,
                password=secrets.token_urlsafe(16),
                roles=["exchange_officer"],
            )
        log(f"filling the registry with {args.registry_size} persons (not timed as the load)")
        results["registry"], pk_of = intake.fill_registry(data_dir / "registry.csv", registrar)
        results["registry"]["database_bytes"] = database_size()
        their_list, results["list"], record_of = readable_list(data_dir / "incoming.csv", var_dir)
        log(
            f"the list: {results['list']['rows_loaded']} rows "
            f"({results['list']['rows_dropped']} dropped for problems)"
        )
        with audit_context("command"):
            agreement = create_agreement(
                actor=officer, title="Bench", formula="n_for_n", total=1000
            )
        audit_before = AuditEntry.objects.count()
        connections.close_all()

        loads: dict[str, Any] = {}
        for label in ("first", "second"):
            log(f"{label} load of {results['list']['rows_loaded']} rows (a new process)")
            load_before = load_average()
            loads[label] = run_load_process(var_dir, their_list, agreement.pk, label)
            loads[label]["load_average_before"] = load_before
            loads[label]["load_average_after"] = load_average()
            loads[label]["contents"] = version_contents(loads[label]["version_id"])
            log(f"  {loads[label]['load_seconds']} s: {loads[label]['parts']}")
        results["loads"] = loads
        first, second = (loads[k]["version_id"] for k in ("first", "second"))
        results["second_same_as_first"] = entries_of(first) == entries_of(second)
        results["accuracy"] = accuracy(first, data_dir / "truth.csv", pk_of, record_of)
        results["audit_entries_written"] = AuditEntry.objects.count() - audit_before
        results["database_bytes_after"] = database_size()
    results["load_average_at_end"] = load_average()
    results["bench_peak_rss_mb"] = intake.max_rss_mb(resource.getrusage(resource.RUSAGE_SELF))
    results["total_seconds"] = round(time.perf_counter() - wall, 1)
    return results


def print_summary(r: dict[str, Any]) -> None:
    acc = r["accuracy"]
    out = io.StringIO()
    print(
        f"{r['versions']['database']}: a list of {r['list']['rows_loaded']} rows "
        f"({r['list']['rows_dropped']} dropped) against {r['registry']['persons']} persons, "
        f"{r['date']}",
        file=out,
    )
    print(
        f"registry fill  {r['registry']['seconds']:>8.1f} s  "
        f"({r['registry']['persons_per_second']:.0f} persons/s, not part of the load)",
        file=out,
    )
    for label, load in r["loads"].items():
        contents = load["contents"]
        print(
            f"{label} load (version {load['version_number']})  {load['load_seconds']:.2f} s, "
            f"peak RSS {load['peak_rss_mb']:.0f} MB ({load['rss_before_load_mb']} MB before); "
            f"SQL {load['sql_statements']} statements {load['sql_seconds']:.2f} s, "
            f"commit {load['commit_seconds']:.2f} s, GC {load['gc_seconds']:.2f} s",
            file=out,
        )
        for stage, s in load["stages"].items():
            print(
                f"  {stage:<17} {s['seconds']:>7.3f} s  SQL {s['sql_statements']:>5} "
                f"{s['sql_seconds']:>6.3f} s  GC {s['gc_seconds']:>5.2f} s",
                file=out,
            )
        print(
            f"  verdicts {contents['verdicts']}, flags {contents['flags']}, "
            f"changes {contents['changes']}",
            file=out,
        )
    print(
        f"accuracy       confirmed precision {acc['confirmed_precision']} "
        f"({acc['confirmed_right']} of {acc['confirmed']}); present persons confirmed "
        f"{acc['present_persons_confirmed']} of {acc['present_persons']} "
        f"({acc['present_rows_confirmed_right']} of present rows)",
        file=out,
    )
    print(
        f"load average   {r['load_average_at_start']} at start, {r['load_average_at_end']} at "
        f"end; total {r['total_seconds']:.1f} s",
        file=out,
    )
    print(out.getvalue(), end="")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--registry-size", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=1_000, help="rows in the other side's list")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, help="keep (and reuse) the generated files here")
    parser.add_argument("--out", type=Path, help="write every figure to this JSON file")
    parser.add_argument("--child-load", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_load:
        return child_load(args.child_load)
    if args.registry_size < 100 or args.rows < 10:
        parser.error("--registry-size must be at least 100 and --rows at least 10")
    if args.data:
        args.data = args.data.resolve()
    clean_up_on_sigterm()
    results = run(args)
    print_summary(results)
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
