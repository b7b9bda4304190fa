"""`homeward link` and `homeward dedupe`: the identity-resolution engine on files, with no
database and no Django.

Files are read with `core.tabular` (CSV in any common encoding and dialect, or XLSX;
headers in English, Ukrainian or Russian; `--map HEADER=FIELD` wins). A file that cannot
be used stops the run with a message naming the file, row and column and what to do, and
leaves no output; the output is written to a temporary file beside the target and moved
into place only when complete.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from homeward.core.linkage.engine import RegistryIndex, Thresholds, dedupe
from homeward.core.tabular import (
    ID_FIELD,
    Table,
    TabularFileError,
    header_key,
    map_headers,
    parse_map,
    read_table,
)

MAX_LISTED = 10


class UsageError(Exception):
    """Stops the run: the message says what is wrong and what to do."""


@dataclass
class Columns:
    path: str
    ids: list[str]
    columns: dict[str, list[str]]
    extras: dict[str, list[str]]
    lines: list[int]  # the file line of each row, for messages
    headers: dict[str, str]  # field → header, for messages
    columns_in_file: list[str]


def check_map(overrides: dict[str, str], *files: Columns) -> None:
    """Every --map header must name a column of at least one of the files (the registry
    and the list may each have their own)."""
    known = {header_key(h) for f in files for h in f.columns_in_file}
    missing = [h for h in overrides if header_key(h) not in known]
    if missing:
        listing = "; ".join(f"{f.path}: {', '.join(f.columns_in_file)}" for f in files)
        raise UsageError(
            f"--map names column(s) no file has: {', '.join(missing)}. Columns: {listing}."
        )


def _parse_map(items: Sequence[str]) -> dict[str, str]:
    try:
        return parse_map(items)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _problems(path: str, lines: Iterable[str]) -> str:
    listed = list(lines)
    more = f"\n  … and {len(listed) - MAX_LISTED} more" if len(listed) > MAX_LISTED else ""
    return f"{path}:\n  " + "\n  ".join(listed[:MAX_LISTED]) + more


def load(path: str, overrides: dict[str, str], skip_bad_rows: bool) -> Columns:
    try:
        table: Table = read_table(path)
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such file.") from exc
    except IsADirectoryError as exc:
        raise UsageError(f"{path}: this is a folder; give the file inside it.") from exc
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror}).") from exc
    except TabularFileError as exc:
        raise UsageError(str(exc)) from exc
    if table.problems and not skip_bad_rows:
        raise UsageError(
            _problems(path, (str(p) for p in table.problems))
            + "\nFix these rows, or run again with --skip-bad-rows to leave them out."
        )
    mapping = map_headers(table.headers, overrides)
    header_of = {field: header for header, field in mapping.items()}
    if ID_FIELD not in header_of:
        raise UsageError(
            f"{path}: no id column (record_id, person_id or id). Add one, or name yours with "
            "--map HEADER=record_id."
        )
    id_header = header_of[ID_FIELD]
    ids = [row.cells[id_header] for row in table.rows]
    lines = [row.number for row in table.rows]
    seen: dict[str, int] = {}
    bad = []
    for line, record_id in zip(lines, ids, strict=True):
        if not record_id:
            bad.append(f"row {line}, column “{id_header}”: the id is empty")
        elif record_id in seen:
            bad.append(
                f"row {line}, column “{id_header}”: id {record_id} repeats row {seen[record_id]}"
            )
        else:
            seen[record_id] = line
    if bad:
        raise UsageError(_problems(path, bad) + "\nEvery row needs its own id.")
    if not ids:
        raise UsageError(f"{path}: the file has a header but no rows.")
    columns = {
        field: [row.cells[header] for row in table.rows]
        for header, field in mapping.items()
        if field != ID_FIELD
    }
    extras = {
        header: [row.cells[header] for row in table.rows]
        for header in table.headers
        if header and header not in mapping
    }
    return Columns(path, ids, columns, extras, lines, header_of, list(table.headers))


@contextmanager
def atomic_output(path: str) -> Iterator[TextIO]:
    """A file that appears under `path` only once it is complete."""
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise UsageError(f"{path}: the folder {target.parent} does not exist.")
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _warn_values(data: Columns, problems: list[tuple[int, str, str]]) -> None:
    if problems:
        lines = [
            f"row {data.lines[row]}"
            + (f", column “{data.headers.get(field, field)}”" if field else "")
            + f": {message}"
            for row, field, message in problems
        ]
        print(
            "warning: "
            + _problems(data.path, lines)
            + "\nThese values were left out; the rows were linked on the rest.",
            file=sys.stderr,
        )


class Stages:
    """One progress bar over the stages of a run (shown on a terminal only), and with
    --timings each stage's wall time on stderr at the end."""

    def __init__(self, names: Sequence[str], timings: bool = False) -> None:
        self.names = list(names)
        self.timings = timings
        self.spent: dict[str, float] = {}
        self.current = ""
        self.since = time.perf_counter()
        self.bar: Any = None
        if sys.stderr.isatty():
            from tqdm import tqdm  # only a terminal shows it: a tenth of a second to import

            self.bar = tqdm(
                total=len(names),
                unit="stage",
                file=sys.stderr,
                bar_format="{l_bar}{bar}| {elapsed}",
            )

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        if self.current:
            self.spent[self.current] = self.spent.get(self.current, 0.0) + now - self.since
            if self.bar is not None:
                self.bar.update(1)
        self.current, self.since = name, now
        if self.bar is not None:
            self.bar.set_description(name)

    def close(self) -> None:
        if self.current:
            self("")
        if self.bar is not None:
            self.bar.update(len(self.names) - self.bar.n)
            self.bar.close()
        if self.timings and self.spent:
            parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.spent.items())
            print(f"timings: {parts}", file=sys.stderr)


def _thresholds(args: argparse.Namespace) -> Thresholds:
    try:
        return Thresholds(match=args.match_threshold, review=args.review_threshold)
    except ValueError as exc:
        raise UsageError(f"--match-threshold/--review-threshold: {exc}.") from exc


def run_link(args: argparse.Namespace) -> object:
    overrides = _parse_map(args.map)
    thresholds = _thresholds(args)
    stages = Stages(
        [
            "reading the registry",
            "indexing",
            "reading the list",
            "blocking",
            "comparing",
            "deciding",
            "writing",
        ],
        args.timings,
    )
    try:
        stages("reading the registry")
        registry = load(args.registry, overrides, args.skip_bad_rows)
        stages("indexing")
        index = RegistryIndex.build(registry.ids, registry.columns, registry.extras)
        _warn_values(registry, index.table.problems)
        stages("reading the list")
        incoming = load(args.incoming, overrides, args.skip_bad_rows)
        check_map(overrides, registry, incoming)
        results, table = index.link(
            incoming.ids, incoming.columns, incoming.extras, thresholds, progress=stages
        )
        _warn_values(incoming, table.problems)
        stages("writing")
        with atomic_output(args.out) as handle:
            writer = csv.writer(handle)
            writer.writerow(["record_id", "person_id", "probability", "decision", "explanation"])
            for r in results:
                writer.writerow(
                    [r.record_id, r.person_id, f"{r.probability:.6f}", r.decision, r.explanation]
                )
    finally:
        stages.close()
    counts = {d: sum(r.decision == d for r in results) for d in ("match", "review", "new")}
    print(
        f"{len(results)} records: {counts['match']} match, {counts['review']} review, "
        f"{counts['new']} new → {args.out}",
        file=sys.stderr,
    )
    return registry, index, incoming, results, table


def run_dedupe(args: argparse.Namespace) -> object:
    overrides = _parse_map(args.map)
    thresholds = _thresholds(args)
    stages = Stages(
        ["reading", "encoding", "blocking", "comparing", "clustering", "writing"], args.timings
    )
    try:
        stages("reading")
        data = load(args.input, overrides, args.skip_bad_rows)
        check_map(overrides, data)
        stages("encoding")
        results = dedupe(data.ids, data.columns, data.extras, thresholds, progress=stages)
        stages("writing")
        with atomic_output(args.out) as handle:
            writer = csv.writer(handle)
            writer.writerow(["record_id", "cluster_id", "probability"])
            for r in results:
                p = "" if r.probability is None else f"{r.probability:.6f}"
                writer.writerow([r.record_id, r.cluster_id, p])
    finally:
        stages.close()
    clusters = len({r.cluster_id for r in results})
    print(f"{len(results)} records in {clusters} clusters → {args.out}", file=sys.stderr)
    return data, results


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, help="the CSV file to write")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="read column HEADER as FIELD (repeatable)",
    )
    parser.add_argument(
        "--match-threshold",
        type=float,
        default=Thresholds.match,
        help="probability from which a link is decided automatically",
    )
    parser.add_argument(
        "--review-threshold",
        type=float,
        default=Thresholds.review,
        help="probability from which a candidate goes to review",
    )
    parser.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="leave out rows that do not fit the header instead of stopping",
    )
    parser.add_argument(
        "--timings", action="store_true", help="print each stage's wall time at the end"
    )


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="homeward", description="Identity resolution on files.")
    commands = main.add_subparsers(dest="command", required=True)
    link = commands.add_parser("link", help="link a list to a registry")
    link.add_argument("--registry", required=True, help="the registry (CSV or XLSX)")
    link.add_argument("--incoming", required=True, help="the list to link (CSV or XLSX)")
    _common(link)
    link.set_defaults(run=run_link)
    dd = commands.add_parser("dedupe", help="cluster the records of one file")
    dd.add_argument("input", help="the file to deduplicate (CSV or XLSX)")
    _common(dd)
    dd.set_defaults(run=run_dedupe)
    return main


def main(argv: Sequence[str] | None = None, *, exit_process: bool = False) -> int:
    """Run a command and return its exit code.

    With `exit_process` (the console entry point) the process ends here without tearing
    down what the run built: freeing a registry index object by object, and then the name
    caches at interpreter shutdown, took a third of a link's wall time, and the operating
    system reclaims a finished process's memory at once. Output files are closed by then.
    """
    args = parser().parse_args(argv)
    # The cyclic garbage collector walks every live container each time it runs, and a run
    # holds some millions (the name dictionaries alone 250,000 entries): a fifth of a link's
    # wall time. The engine's data holds no reference cycles, so a one-shot run goes
    # without it; memory is freed by reference counting as usual.
    gc.disable()
    built: object = None
    try:
        built = args.run(args)
        code = 0
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        print("interrupted: no output was written.", file=sys.stderr)
        code = 130
    if exit_process:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    del built
    return code
