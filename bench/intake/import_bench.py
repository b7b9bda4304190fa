"""Benchmark of a list import, end to end (parse, link, write), against a large registry.

Run from the repository root:

    .venv/bin/python bench/intake/import_bench.py [--registry-size N] [--rows M]
        [--database sqlite|postgres] [--seed S] [--source-kind KIND] [--data DIR]
        [--profile FILE] [--out bench/results/<name>.json]

The issue's target: importing 100,000 rows against a 100,000-person registry takes at most
2 minutes on SQLite and on PostgreSQL.

1. Data: `bench/linkage/generate.py --registry-size N --incoming-size M --dedupe-size 0
   --seed S` writes registry.csv (Ukrainian, as staff keep it), incoming.csv (variants of
   registry persons from five kinds of source, and ~15% persons absent from the registry)
   and truth.csv. `--data DIR` keeps the files in DIR and reuses them when their sizes and
   seed fit.
2. Registry: a fresh database (SQLite: a new file in a temporary HOMEWARD_VAR_DIR with the
   dev settings; PostgreSQL: the database `homeward_bench_intake` on
   postgres://postgres@127.0.0.1:5432, dropped before and after), migrated, a user
   `registrar` with the role registrar, then registry.csv as N persons through
   `registry.services.create_persons` in chunks (audit entries included). Not timed as
   part of the import.
3. Import: a new process (as a worker or `homeward import-list` would be) calls
   `intake.services.import_file` on incoming.csv as the registrar. Timed: the whole call,
   and each stage between the progress callbacks (staging = the first parse and checks,
   then reading, indexing, linking, grouping, writing), with the SQL statements and their
   seconds per stage. Peak RSS of that process (getrusage), the batch's counts, and how many
   automatic links go to the right person by the generator's truth.

`--what-if CHANGE` (repeatable) patches the import process to measure a change before it is
made in src/: `gc-off` (no cyclic garbage collection during the import), `parse-once` (the
run reuses the list the staging parsed), `sorted-unique` (the blocking's pair deduplication
by sort instead of NumPy 2.3+'s hash-based `np.unique`), `person-ids` (matched rows point
at their person by id, without loading the persons), `pg-server-binding` (PostgreSQL
`OPTIONS["server_side_binding"] = True`), `pg-no-unnest` (PostgreSQL bulk inserts as
multi-row VALUES instead of Django 5.2's UNNEST of one array per column). Each must leave
the decisions unchanged.

`--other-writer` has another user edit a person every OTHER_WRITE_PAUSE seconds in the
benchmark's own process while the import runs (`registry.services.update_person`, audited,
the way a registrar saves a form), and reports the latency of those writes per stage of the
import, and any that failed ("database is locked"). It answers whether other users' writes
wait on an import.

`--profile FILE` runs the import process under py-spy (`pip install py-spy`; the stacks,
idle waits on the database included, go to FILE) and adds the top functions by inclusive
and self time to the results; sampling slows the import a little, so time runs without it.

The code measured is a copy of src/homeward (and of bench/linkage) taken at start, so
edits made to the working tree during a run cannot mix two versions. Everything created is
removed at the end, also after an error, Ctrl+C or SIGTERM. See bench/intake/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import gc
import hashlib
import importlib
import itertools
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The shared helpers live one folder up (bench/benchenv.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchenv import (
    SETTINGS_MODULE,
    clean_up_on_sigterm,
    database_size,
    fresh_environment,
    machine,
    source_state,
    versions,
    write_results,
)

PG_BENCH_DB = "homeward_bench_intake"
TARGET_SECONDS = 120.0
FILL_CHUNK = 5000  # persons per create_persons call (one transaction each)
REGISTRAR = "registrar"
SOURCE_NAME = "Bench: mixed list"
PROFILE_RATE = 50  # py-spy samples per second
PROFILE_TOP = 30
# Changes tried by patching the import process only (nothing under src/ is edited); the
# figures without --what-if are the code as it is.
WHAT_IF = (
    "gc-off", "parse-once", "sorted-unique", "person-ids", "pg-server-binding", "pg-no-unnest",
)  # fmt: skip
BENCH_SETTINGS = "homeward_bench_intake_settings"
EDITOR = "editor"  # the other user of --other-writer
OTHER_WRITE_PAUSE = 0.2  # seconds between two of their writes


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


# --- Environment: a snapshot of the code and a fresh database -------------------------------


def max_rss_mb(usage: resource.struct_rusage) -> float:
    return round(usage.ru_maxrss / 1024, 1)  # kilobytes on Linux


# --- 1. Data ------------------------------------------------------------------------------


def generated_data(
    snapshot: Path, data: Path | None, registry_size: int, rows: int, seed: int
) -> tuple[Path, dict[str, Any], float | None]:
    """The generator's files: reused from `data` when they fit, written otherwise.
    Returns the directory, its meta.json and the seconds generating took (None: reused)."""
    out = data or snapshot / "data"
    meta_path = out / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        sizes = meta.get("sizes", {})
        if (meta.get("seed"), sizes.get("registry"), sizes.get("incoming")) == (
            seed,
            registry_size,
            rows,
        ):
            log(f"reusing the generated files in {out}")
            return out, meta, None
    log(f"generating {registry_size} registry persons and {rows} list rows (seed {seed})")
    command = [
        sys.executable,
        str(snapshot / "linkage" / "generate.py"),
        f"--registry-size={registry_size}",
        f"--incoming-size={rows}",
        "--dedupe-size=0",
        f"--seed={seed}",
        f"--out={out}",
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    seconds = time.perf_counter() - started
    return out, json.loads(meta_path.read_text(encoding="utf-8")), seconds


# --- 2. Registry --------------------------------------------------------------------------


def fill_registry(registry_csv: Path, registrar: Any) -> tuple[dict[str, Any], dict[str, int]]:
    """registry.csv as persons through `create_persons`, FILL_CHUNK at a time. Returns the
    figures and the generator's person id → the registry's primary key."""
    from django.utils import timezone

    from homeward.apps.audit.context import audit_context
    from homeward.apps.registry.models import Rank
    from homeward.apps.registry.services import create_persons
    from homeward.core.intake import prepare_list
    from homeward.core.tabular import read_table

    started = time.perf_counter()
    prepared = prepare_list(read_table(registry_csv), None, timezone.localdate())
    if prepared.problems:
        raise RuntimeError(f"registry.csv: {prepared.problems[:5]}")
    ranks = {r.code: r for r in Rank.objects.all()}
    read_seconds = time.perf_counter() - started
    pk_of: dict[str, int] = {}
    with audit_context("command"):
        for first in range(0, len(prepared.rows), FILL_CHUNK):
            chunk = prepared.rows[first : first + FILL_CHUNK]
            created = create_persons(
                actor=registrar,
                rows=[_person_fields(row.fields, ranks) for row in chunk],
                note={"bench": "registry"},
            )
            for row, person in zip(chunk, created, strict=True):
                pk_of[row.record_id] = person.pk
            done = first + len(chunk)
            elapsed = time.perf_counter() - started
            log(f"  {done} persons, {elapsed:.0f} s ({done / elapsed:.0f} persons/s)")
    seconds = time.perf_counter() - started
    return {
        "persons": len(pk_of),
        "seconds": round(seconds, 1),
        "reading_seconds": round(read_seconds, 1),
        "persons_per_second": round(len(pk_of) / seconds, 1),
        "chunk": FILL_CHUNK,
    }, pk_of


def _person_fields(f: dict[str, str], ranks: dict[str, Any]) -> dict[str, Any]:
    """A registry row as `create_persons` takes it (the generator's civilians have neither
    rank nor service number)."""
    rank = ranks.get(f["rank"]) if f["rank"] else None
    civilian = rank is None and not f["service_number"]
    return {
        "side": "own",
        "category": "civilian" if civilian else "military",
        "surname": f["surname"],
        "given_name": f["given_name"],
        "patronymic": f["patronymic"],
        "sex": f["sex"] or "unknown",
        "birth_date": dt.date.fromisoformat(f["birth_date"]) if f["birth_date"] else None,
        "birth_date_precision": f["birth_date_precision"] or "unknown",
        "birth_place": f["birth_place"],
        "unit": f["unit"],
        "rank": rank,
        "rank_category": rank.category if rank else ("civilian" if civilian else "unknown"),
        "service_number": f["service_number"],
    }


# --- 3. The import, in its own process ------------------------------------------------------


class Probe:
    """Where the import process spends time besides Python: SQL statements (a database
    execute wrapper), commits and the cyclic garbage collector, each by stage. SQL is also
    counted by statement kind and table (`INSERT registry_sourcerecord`)."""

    def __init__(self) -> None:
        self.stage = "staging"
        self.count: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.by_kind: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.kind_seconds: defaultdict[str, defaultdict[str, float]] = defaultdict(
            lambda: defaultdict(float)
        )
        self.commit_seconds: defaultdict[str, float] = defaultdict(float)
        self.gc_seconds: defaultdict[str, float] = defaultdict(float)
        self.gc_collections: Counter[str] = Counter()
        self._gc_started = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            words = sql.split(None, 3)
            kind = words[0].upper()
            if kind == "INSERT" and len(words) > 2:
                kind = f"INSERT {words[2].strip(chr(34))}"
            self.count[self.stage] += 1
            self.seconds[self.stage] += seconds
            self.by_kind[self.stage][kind] += 1
            self.kind_seconds[self.stage][kind] += seconds

    def gc_callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.gc_seconds[self.stage] += time.perf_counter() - self._gc_started
            self.gc_collections[f"generation {info['generation']}"] += 1

    def timed_commit(self, commit: Callable[[], None]) -> Callable[[], None]:
        def wrapper() -> None:
            started = time.perf_counter()
            try:
                commit()
            finally:
                self.commit_seconds[self.stage] += time.perf_counter() - started

        return wrapper

    def stage_figures(self, stage: str) -> dict[str, Any]:
        kinds = self.by_kind[stage]
        return {
            "sql_statements": self.count[stage],
            "sql_seconds": round(self.seconds[stage], 3),
            "commit_seconds": round(self.commit_seconds[stage], 3),
            "gc_seconds": round(self.gc_seconds[stage], 3),
            "sql_by_kind": {
                kind: {"statements": n, "seconds": round(self.kind_seconds[stage][kind], 3)}
                for kind, n in kinds.most_common()
            },
        }


def rss_mb() -> float | None:
    """The process's resident set size now (VmRSS), in MB."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


def child_import(spec_path: Path) -> int:
    """The import process: `import_file` on the list as the registrar, timed by stage.
    Writes its figures as JSON to the file the spec names."""
    process_started = time.perf_counter()
    spec = json.loads(spec_path.read_text())
    what_if = set(spec["what_if"])
    if "pg-server-binding" in what_if:
        os.environ["DJANGO_SETTINGS_MODULE"] = BENCH_SETTINGS
    import django

    django.setup()
    apply_what_if(what_if)
    from django.contrib.auth.models import User
    from django.db import connection

    import homeward
    from homeward.apps.audit.context import audit_context
    from homeward.apps.intake.services import import_file

    if not Path(homeward.__file__).is_relative_to(spec["snapshot"]):
        raise RuntimeError(f"homeward imported from {homeward.__file__}, not the snapshot")
    user = User.objects.get(username=spec["username"])
    path = Path(spec["file"])
    content = path.read_bytes()
    probe = Probe()
    marks: list[tuple[str, float]] = []

    def progress(stage: str, _fraction: float) -> None:
        marks.append((stage, time.perf_counter()))
        probe.stage = stage

    connection.ensure_connection()
    connection.commit = probe.timed_commit(connection.commit)  # type: ignore[method-assign]
    gc.callbacks.append(probe.gc_callback)
    setup_seconds = time.perf_counter() - process_started
    rss_before = rss_mb()
    started = time.perf_counter()
    if "gc-off" in what_if:
        gc.disable()
    with audit_context("command"), connection.execute_wrapper(probe):
        batch = import_file(
            actor=user,
            file_name=path.name,
            content=content,
            source_kind=spec["source_kind"],
            source_name=spec["source_name"],
            progress=progress,
        )
    finished = time.perf_counter()
    gc.callbacks.remove(probe.gc_callback)  # before enabling: its first run is not the import's
    gc.enable()
    bounds = [("staging", started), *marks, ("end", finished)]
    stages = {
        stage: {"seconds": round(end - begin, 3), **probe.stage_figures(stage)}
        for (stage, begin), (_next, end) in itertools.pairwise(bounds)
    }
    result = {
        "batch_id": batch.pk,
        "status": batch.status,
        "summary": batch.summary(),
        "file_bytes": len(content),
        "setup_seconds": round(setup_seconds, 3),
        "import_seconds": round(finished - started, 3),
        "stages": stages,
        # CLOCK_MONOTONIC, shared with the parent: places its writes in the stages.
        "stage_bounds": bounds,
        "sql_statements": sum(probe.count.values()),
        "sql_seconds": round(sum(probe.seconds.values()), 3),
        "commit_seconds": round(sum(probe.commit_seconds.values()), 3),
        "gc_seconds": round(sum(probe.gc_seconds.values()), 3),
        "gc_collections": dict(sorted(probe.gc_collections.items())),
        "rss_before_import_mb": rss_before,
        "rss_after_import_mb": rss_mb(),
        "peak_rss_mb": max_rss_mb(resource.getrusage(resource.RUSAGE_SELF)),
        "process_seconds": round(time.perf_counter() - process_started, 3),
    }
    Path(spec["result"]).write_text(json.dumps(result, indent=2))
    return 0


def apply_what_if(what_if: set[str]) -> None:
    """Patch the import process with the changes to try (see the module docstring)."""
    if "parse-once" in what_if:
        from homeward.apps.intake import services

        parse = services._prepare
        parsed: dict[tuple[str, bytes], Any] = {}

        def prepare_once(file_name: str, content: bytes, mapping: Any) -> Any:
            # The run reads the file with the mapping the staging found: the same list.
            key = (file_name, hashlib.sha256(content).digest())
            if key not in parsed:
                parsed[key] = parse(file_name, content, mapping)
            return parsed[key]

        services._prepare = prepare_once
    if "sorted-unique" in what_if:
        import numpy as np

        from homeward.core.linkage import blocking

        def unique_pairs(a: Any, b: Any, size: int) -> tuple[Any, Any]:
            codes = np.sort(a * np.int64(size) + b)
            if len(codes):
                codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
            return codes // size, codes % size

        blocking._unique_pairs = unique_pairs
    if "person-ids" in what_if:
        from homeward.apps.registry.models import Person

        def stubs(id_list: Any = None, **_kwargs: Any) -> dict[int, Any]:
            # What `person_id=` would cost: no query, no full rows.
            return {pk: Person(pk=pk) for pk in id_list}

        Person.objects.in_bulk = stubs  # type: ignore[method-assign]
    if "pg-no-unnest" in what_if:
        from django.db.models.sql.compiler import SQLInsertCompiler

        compiler: Any = importlib.import_module("django.db.backends.postgresql.compiler")

        # Each value its own parameter: psycopg quotes JSON texts in C, where the UNNEST
        # arrays are quoted element by element in Python.
        compiler.SQLInsertCompiler.assemble_as_sql = SQLInsertCompiler.assemble_as_sql


class OtherWriter(threading.Thread):
    """Another user at work during the import: an audited edit of a person every
    OTHER_WRITE_PAUSE seconds, each timed, until stopped. Its own thread, hence its own
    database connection."""

    def __init__(self, editor: Any, person_ids: list[int]) -> None:
        super().__init__(daemon=True)
        self.editor, self.person_ids = editor, person_ids
        self.writes: list[dict[str, Any]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        from django.db import connection

        from homeward.apps.audit.context import audit_context
        from homeward.apps.registry.models import Person
        from homeward.apps.registry.services import update_person

        try:
            for n in itertools.count():
                if self.stopping.wait(OTHER_WRITE_PAUSE):
                    break
                pk = self.person_ids[n % len(self.person_ids)]
                version = Person.objects.values_list("version", flat=True).get(pk=pk)
                started = time.perf_counter()
                error = ""
                try:
                    with audit_context("web"):
                        update_person(
                            actor=self.editor,
                            person_id=pk,
                            expected_version=version,
                            fields={"correspondence_address": f"bench edit {n}"},
                        )
                except Exception as exc:  # a failed write is the finding
                    error = f"{type(exc).__name__}: {exc}"
                self.writes.append(
                    {
                        "at": started,
                        "seconds": round(time.perf_counter() - started, 4),
                        "error": error,
                    }
                )
        finally:
            connection.close()


def other_writes_by_stage(
    writes: list[dict[str, Any]], bounds: list[tuple[str, float]]
) -> dict[str, Any]:
    """The other user's writes grouped by the import stage they began in: count, latency
    p50 / p95 / max in milliseconds, failures (with the first message)."""

    def stage_at(t: float) -> str:
        for (stage, begin), (_next, end) in itertools.pairwise(bounds):
            if begin <= t < end:
                return stage
        return "before" if t < bounds[0][1] else "after"

    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for w in writes:
        groups[stage_at(w["at"])].append(w)
        if bounds[0][1] <= w["at"] < bounds[-1][1]:
            groups["during the import"].append(w)

    def figures(ws: list[dict[str, Any]]) -> dict[str, Any]:
        ms = sorted(w["seconds"] * 1000 for w in ws if not w["error"])
        failed = [w["error"] for w in ws if w["error"]]

        def pct(q: float) -> float | None:
            return round(ms[min(len(ms) - 1, int(q * len(ms)))], 1) if ms else None

        return {
            "writes": len(ws),
            "p50_ms": pct(0.5),
            "p95_ms": pct(0.95),
            "max_ms": round(ms[-1], 1) if ms else None,
            "failed": len(failed),
            "first_failure": failed[0] if failed else "",
        }

    order = [stage for stage, _ in bounds[:-1]] + ["during the import"]
    return {stage: figures(groups[stage]) for stage in order if groups[stage]}


def run_import_process(
    var_dir: Path, incoming: Path, source_kind: str, profile: Path | None, what_if: list[str]
) -> dict[str, Any]:
    """Start the import process (under py-spy with `profile`) and wait for it."""
    spec_path = var_dir / "import-spec.json"
    result_path = var_dir / "import-result.json"
    spec_path.write_text(
        json.dumps(
            {
                "snapshot": str(var_dir / "src"),
                "username": REGISTRAR,
                "file": str(incoming),
                "source_kind": source_kind,
                "source_name": SOURCE_NAME,
                "result": str(result_path),
                "what_if": what_if,
            }
        )
    )
    if "pg-server-binding" in what_if:
        (var_dir / "src" / f"{BENCH_SETTINGS}.py").write_text(
            f"from {SETTINGS_MODULE} import *  # noqa: F403\n"
            f"from {SETTINGS_MODULE} import DATABASES\n\n"
            'DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True\n'
        )
    command = [sys.executable, str(Path(__file__).resolve()), "--child-import", str(spec_path)]
    if profile is not None:
        py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        profile.parent.mkdir(parents=True, exist_ok=True)
        command = [
            py_spy, "record", "--rate", str(PROFILE_RATE), "--format", "raw", "--function",
            "--idle", "--output", str(profile), "--", *command,
        ]  # fmt: skip
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
        raise RuntimeError(f"the import process failed (exit code {process.returncode})")
    result: dict[str, Any] = json.loads(result_path.read_text())
    result["process_wall_seconds"] = round(wall, 3)
    result["process_peak_rss_mb_wait4"] = max_rss_mb(usage)
    return result


# --- Checking the import against the generator's truth --------------------------------------


def accuracy(batch_id: int, truth_csv: Path, pk_of: dict[str, int]) -> dict[str, Any]:
    """Each row's decision against the person the generator drew it from."""
    from homeward.apps.intake.models import ImportedRecord, ReviewTask

    truth: dict[str, tuple[int | None, bool]] = {}
    with truth_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pid = row["person_id"]
            truth[row["record_id"]] = (pk_of[pid] if pid else None, row["attainable"] == "1")
    best: dict[str, int | None] = {
        rid: (int(c[0]["person_id"]) if c else None)
        for rid, c in ReviewTask.objects.filter(batch_id=batch_id).values_list(
            "record__external_id", "candidates"
        )
    }
    n: Counter[str] = Counter()
    for rid, decision, person in ImportedRecord.objects.filter(batch_id=batch_id).values_list(
        "record__external_id", "decision", "record__person_id"
    ):
        true_pk, attainable = truth[rid]
        present = true_pk is not None
        n["rows"] += 1
        n["present"] += present
        n["attainable"] += attainable
        if decision == "match":
            n["match"] += 1
            n["match_right"] += person == true_pk
            n["match_wrong_person"] += present and person != true_pk
            n["match_absent_person"] += not present
        elif decision == "review":
            n["review"] += 1
            n["review_present"] += present
            n["review_best_right"] += present and best.get(rid) == true_pk
        else:
            n["new"] += 1
            n["new_absent"] += not present
            n["new_but_present"] += present
    recall = n["match_right"] / n["present"] if n["present"] else 0.0
    attainable_share = n["attainable"] / n["present"] if n["present"] else 0.0
    return {
        **dict(sorted(n.items())),
        "precision": round(n["match_right"] / n["match"], 4) if n["match"] else None,
        "recall": round(recall, 4),
        "share_of_attainable": round(recall / attainable_share, 4) if attainable_share else None,
        "review_precision": (
            round(n["review_best_right"] / n["review_present"], 4) if n["review_present"] else None
        ),
        "new_precision": round(n["new_absent"] / n["new"], 4) if n["new"] else None,
    }


def written(batch_id: int, audit_before: int) -> dict[str, int]:
    """What the import left in the database."""
    from homeward.apps.audit.models import AuditEntry
    from homeward.apps.intake.models import ImportedRecord, ReviewTask
    from homeward.apps.registry.models import Person, SourceRecord

    return {
        "source_records": SourceRecord.objects.filter(imported__batch_id=batch_id).count(),
        "review_tasks": ReviewTask.objects.filter(batch_id=batch_id).count(),
        "imported_records": ImportedRecord.objects.filter(batch_id=batch_id).count(),
        "persons_after": Person.objects.count(),
        "audit_entries_written": AuditEntry.objects.count() - audit_before,
    }


# --- Profile --------------------------------------------------------------------------------


def _frame_name(frame: str, snapshot: str) -> str:
    """`function (path:line)` with the path made short: homeward/…, django/…, numpy/…"""
    name, _, where = frame.rpartition(" (")
    where = where.rstrip(")")
    for prefix in (f"{snapshot}/", "/site-packages/", "/lib/python"):
        if prefix in where:
            where = where.split(prefix, 1)[1]
            break
    return f"{where}:{name}" if name else frame


def summarize_profile(path: Path, snapshot: str, rate: int = PROFILE_RATE) -> dict[str, Any]:
    """Top functions by inclusive and by self seconds from py-spy's raw (collapsed) stacks;
    only the main thread's stacks ("process" lines of the raw format are skipped)."""
    inclusive: Counter[str] = Counter()
    self_: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_frame_name(f, snapshot) for f in stack.split(";") if " (" in f]
        if not frames:
            continue
        total += count
        for name in set(frames):
            inclusive[name] += count
        self_[frames[-1]] += count

    def top(counter: Counter[str]) -> list[dict[str, Any]]:
        return [
            {"function": name, "seconds": round(c / rate, 2), "share": round(c / total, 4)}
            for name, c in counter.most_common(PROFILE_TOP)
        ]

    return {
        "samples": total,
        "rate_hz": rate,
        "sampled_seconds": round(total / rate, 1),
        "inclusive": top(inclusive),
        "self": top(self_),
    }


# --- The run -------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    started_at = dt.datetime.now(dt.UTC)
    wall = time.perf_counter()
    source = source_state()
    with fresh_environment(
        args.database,
        pg_database=PG_BENCH_DB,
        prefix="homeward-bench-intake-",
        extra=("bench/linkage",),
    ) as var_dir:
        data_dir, meta, generate_seconds = generated_data(
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

        log(f"migrating a fresh {args.database} database")
        migrate_seconds, _ = timed(call_command, "migrate", interactive=False, verbosity=0)
        results: dict[str, Any] = {
            "benchmark": "homeward list import",
            "date": started_at.isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "database": args.database,
            "registry_size": args.registry_size,
            "rows": args.rows,
            "seed": args.seed,
            "source_kind": args.source_kind,
            "what_if": args.what_if,
            "target_seconds": TARGET_SECONDS,
            "source": source,
            "versions": versions(),
            "machine": machine(),
            "data": {
                "generate_seconds": round(generate_seconds, 1) if generate_seconds else None,
                "registry": meta.get("registry"),
                "incoming": meta.get("incoming"),
            },
            "migrate_seconds": round(migrate_seconds, 1),
        }
        with audit_context("command"):
            registrar, _ = ensure_user(
                actor=None,
                username=REGISTRAR,
                password=secrets.token_urlsafe(16),
                roles=["registrar"],
            )
            editor, _ = ensure_user(
                actor=None,
                username=EDITOR,
                password=secrets.token_urlsafe(16),
                roles=["registrar"],
            )
        log(f"filling the registry with {args.registry_size} persons (not timed as the import)")
        results["registry"], pk_of = fill_registry(data_dir / "registry.csv", registrar)
        results["registry"]["database_bytes"] = database_size()
        audit_before = AuditEntry.objects.count()
        connections.close_all()

        results["load_average_at_start"] = os.getloadavg()
        log(f"importing {args.rows} rows{' under py-spy' if args.profile else ''}")
        writer = OtherWriter(editor, sorted(pk_of.values())[:100]) if args.other_writer else None
        if writer:
            writer.start()
        try:
            imported = run_import_process(
                var_dir, data_dir / "incoming.csv", args.source_kind, args.profile, args.what_if
            )
        finally:
            if writer:
                writer.stopping.set()
                writer.join()
        if writer:
            results["other_writer"] = {
                "pause_seconds": OTHER_WRITE_PAUSE,
                "by_stage": other_writes_by_stage(writer.writes, imported["stage_bounds"]),
            }
        results["load_average_at_end"] = os.getloadavg()
        results["import"] = imported
        results["meets_target"] = imported["import_seconds"] <= TARGET_SECONDS
        log(f"  {imported['import_seconds']} s; checking against the truth")
        results["written"] = written(imported["batch_id"], audit_before)
        results["written"]["database_bytes"] = database_size()
        results["accuracy"] = accuracy(imported["batch_id"], data_dir / "truth.csv", pk_of)
        if args.profile:
            results["profile"] = {
                "file": str(args.profile),
                **summarize_profile(args.profile, str(var_dir / "src")),
            }
    results["bench_peak_rss_mb"] = max_rss_mb(resource.getrusage(resource.RUSAGE_SELF))
    results["total_seconds"] = round(time.perf_counter() - wall, 1)
    return results


def print_summary(r: dict[str, Any]) -> None:
    imp, acc, summary = r["import"], r["accuracy"], r["import"]["summary"]
    lines = [
        f"{r['versions']['database']}: {summary['rows']} rows against "
        f"{r['registry']['persons']} persons, {r['date']}",
        f"registry fill   {r['registry']['seconds']:>8.1f} s  "
        f"({r['registry']['persons_per_second']:.0f} persons/s, not part of the import)",
    ]
    for stage, s in imp["stages"].items():
        lines.append(
            f"  {stage:<12}  {s['seconds']:>8.2f} s  SQL {s['sql_statements']:>6} statements "
            f"{s['sql_seconds']:>6.2f} s  commit {s['commit_seconds']:>5.2f} s  "
            f"GC {s['gc_seconds']:>5.2f} s"
        )
    if r["what_if"]:
        lines.append(f"what if         {', '.join(r['what_if'])} (patched; not the code as it is)")
    target = "meets" if r["meets_target"] else "misses"
    lines += [
        f"import          {imp['import_seconds']:>8.2f} s  ({target} the "
        f"{r['target_seconds']:.0f} s target; process {imp['process_wall_seconds']:.1f} s "
        f"with {imp['setup_seconds']:.1f} s start-up)",
        f"SQL, commit, GC {imp['sql_seconds']:>8.2f} s, {imp['commit_seconds']:.2f} s, "
        f"{imp['gc_seconds']:.2f} s ({imp['sql_statements']} statements; GC "
        f"{', '.join(f'{k}: {v}' for k, v in imp['gc_collections'].items())})",
        f"peak RSS        {imp['peak_rss_mb']:>8.1f} MB (import process; "
        f"{imp['rss_before_import_mb']} MB before the import)",
        f"decisions       {summary['linked']} linked, {summary['review']} to review, "
        f"{acc['new']} new rows → {summary['new_persons']} new persons, "
        f"{summary['errors']} bad rows",
        f"accuracy        precision {acc['precision']}, recall {acc['recall']}, share of "
        f"attainable {acc['share_of_attainable']}, review best right {acc['review_precision']}",
        f"total           {r['total_seconds']:>8.1f} s",
    ]
    if "other_writer" in r:
        lines.append(
            f"another user's writes during the import (one every "
            f"{r['other_writer']['pause_seconds']} s), latency by stage:"
        )
        for stage, w in r["other_writer"]["by_stage"].items():
            lines.append(
                f"  {stage:<17} {w['writes']:>4} writes  p50 {w['p50_ms']} ms  p95 "
                f"{w['p95_ms']} ms  max {w['max_ms']} ms  failed {w['failed']}"
                + (f" ({w['first_failure'][:80]})" if w["failed"] else "")
            )
    if "profile" in r:
        lines.append("profile, inclusive seconds (top 15):")
        lines += [
            f"  {p['seconds']:>7.2f} s  {p['function']}" for p in r["profile"]["inclusive"][:15]
        ]
        lines.append("profile, self seconds (top 15):")
        lines += [f"  {p['seconds']:>7.2f} s  {p['function']}" for p in r["profile"]["self"][:15]]
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--registry-size", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the imported list")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source-kind", default="other", help="the list's source kind")
    parser.add_argument("--data", type=Path, help="keep (and reuse) the generated files here")
    parser.add_argument("--profile", type=Path, help="run the import under py-spy into FILE")
    parser.add_argument(
        "--what-if",
        action="append",
        default=[],
        choices=WHAT_IF,
        help="patch the import process to try a change (repeatable; see the module docstring)",
    )
    parser.add_argument(
        "--other-writer",
        action="store_true",
        help="another user edits persons during the import; report their write latency",
    )
    parser.add_argument("--out", type=Path, help="write every figure to this JSON file")
    parser.add_argument("--child-import", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_import:
        return child_import(args.child_import)
    if args.registry_size < 100 or args.rows < 10:
        parser.error("--registry-size must be at least 100 and --rows at least 10")
    if args.data:
        args.data = args.data.resolve()
    if args.profile:
        args.profile = args.profile.resolve()
    clean_up_on_sigterm()
    results = run(args)
    print_summary(results)
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
