"""Run every identity-resolution tool on every dataset, score it, print one table.

    .venv/bin/python bench/linkage/run.py --dataset DIR [--dataset DIR2 ...] \
        [--tools homeward,splink] [--task link|dedupe|both] [--json OUT.json] \
        [--map HEADER=FIELD ...] [--timeout SECONDS] [--repeat N] [--keep DIR]

A dataset directory holds `registry.csv`, `incoming.csv`, `truth.csv` (link) and/or
`dedupe.csv`, `dedupe_truth.csv` (dedupe); a task whose files are missing is skipped.
A `map.txt` in the directory (one HEADER=FIELD a line, `#` starts a comment) is passed to
every tool as `--map` arguments, after any `--map` given here.

Tools: `homeward`, `splink` (trained on each run, which is how the lead's target
compares), and `splink-pretrained` (list it after `splink`: it reuses the model that
`splink` saved and times prediction alone).

Each tool runs as a child process with the CLI contract of `homeward link` /
`homeward dedupe`. Wall time is measured around the child; its peak memory is the
`ru_maxrss` that `os.wait4` reports for it (KiB on Linux; it covers the child and any
grandchildren it waited for). A tool that fails, times out or writes unreadable output
becomes a row with the error, and the run goes on.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from evaluate import evaluate  # noqa: E402  (a sibling script, not a package)

VENV_BIN = ROOT / ".venv" / "bin"


def _python() -> str:
    venv = VENV_BIN / "python"
    return str(venv) if venv.exists() else sys.executable


def tool_command(tool: str) -> list[str]:
    """The command prefix that, followed by `link ...` or `dedupe ...`, runs a tool."""
    if tool == "homeward":
        return [str(VENV_BIN / "homeward")]
    if tool in ("splink", "splink-pretrained"):
        return [_python(), str(HERE / "splink_baseline.py")]
    raise SystemExit(f"unknown tool {tool!r} (known: homeward, splink, splink-pretrained)")


@dataclass
class Result:
    tool: str
    dataset: str
    task: str
    ok: bool = False
    error: str = ""
    wall_seconds: float | None = None
    wall_seconds_all: list[float] = field(default_factory=list)
    peak_mib: float | None = None
    exit_code: int | None = None
    command: list[str] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)


def read_map_file(path: Path) -> list[str]:
    if not path.exists():
        return []
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            items.append(line)
    return items


def run_child(
    command: list[str], stdout_path: Path, stderr_path: Path, timeout: float
) -> tuple[int, float, float, bool]:
    """(exit status, wall seconds, peak MiB, timed out) of one child process."""
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        started = time.perf_counter()
        # A session of its own, so a timeout can end the child and anything it started.
        proc = subprocess.Popen(  # noqa: S603  (our own tool commands, no shell)
            command, stdout=out, stderr=err, cwd=ROOT, start_new_session=True
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            # wait4 rather than Popen.wait: it also returns the child's resource usage.
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped
    return proc.returncode, wall, usage.ru_maxrss / 1024, timed_out.is_set()


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return " | ".join(text.splitlines()[-lines:])[-400:]


def run_one(
    tool: str,
    dataset: Path,
    task: str,
    maps: list[str],
    workdir: Path,
    timeout: float,
    repeat: int = 1,
) -> Result:
    result = Result(tool=tool, dataset=dataset.name, task=task)
    stem = f"{dataset.name}.{task}.{tool}"
    out_csv = workdir / f"{stem}.csv"
    out_csv.unlink(missing_ok=True)  # never score a previous run's output
    map_args = [a for item in maps for a in ("--map", item)]
    if task == "link":
        args = [
            "link",
            "--registry", str(dataset / "registry.csv"),
            "--incoming", str(dataset / "incoming.csv"),
            "--out", str(out_csv),
        ]  # fmt: skip
        truth = dataset / "truth.csv"
    else:
        args = ["dedupe", str(dataset / "dedupe.csv"), "--out", str(out_csv)]
        truth = dataset / "dedupe_truth.csv"
    # `splink` saves its trained model; `splink-pretrained` (listed after it) predicts
    # with that model, so its time is Splink without training, as in production use.
    model = workdir / f"{dataset.name}.{task}.splink-model.json"
    if tool == "splink":
        model.unlink(missing_ok=True)
        args += ["--save-model", str(model)]
    elif tool == "splink-pretrained":
        if not model.exists():
            result.error = "no trained model: list splink before splink-pretrained"
            return result
        args += ["--model", str(model)]
    try:
        command = tool_command(tool) + args + map_args
    except SystemExit as exc:
        result.error = str(exc)
        return result
    result.command = command
    if not Path(command[0]).exists():
        result.error = f"not found: {command[0]}"
        return result

    stderr_path = workdir / f"{stem}.stderr"
    walls: list[float] = []
    for _ in range(repeat):
        try:
            code, wall, peak, timed_out = run_child(
                command, workdir / f"{stem}.stdout", stderr_path, timeout
            )
        except OSError as exc:
            result.error = f"could not start: {exc}"
            return result
        walls.append(wall)
        result.exit_code = code
        result.peak_mib = max(peak, result.peak_mib or 0.0)
        # The median damps the noise of a shared machine; every run is in the JSON.
        result.wall_seconds = statistics.median(walls)
        result.wall_seconds_all = walls
        if timed_out:
            result.error = f"timed out after {timeout:g} s"
            return result
        if code != 0:
            result.error = f"exit {code}: {_tail(stderr_path)}"
            return result
    if not out_csv.exists():
        result.error = f"no output file {out_csv.name}"
        return result
    try:
        incoming = dataset / "incoming.csv" if task == "link" else None
        result.metrics = evaluate(task, str(out_csv), str(truth), incoming and str(incoming))
    except Exception as exc:  # a malformed output is the tool's failure, not ours
        result.error = f"unreadable output: {type(exc).__name__}: {exc}"
        return result
    result.ok = True
    return result


def _fmt(value: float | None, digits: int = 4) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _notes(r: Result) -> str:
    if not r.ok:
        return "FAILED: " + r.error.replace("|", "/")
    m = r.metrics
    if r.task == "link":
        notes = f"auto {m['auto_links']}, review {m['review']}, new {m['new']}"
        if m["review_precision"] is not None:
            notes += f", review precision {m['review_precision']:.3f}"
        if m["auto_links_to_absent"]:
            notes += f", auto links of absent records {m['auto_links_to_absent']}"
    else:
        notes = f"clusters {m['clusters']} (true {m['entities']})"
    if m.get("missing_rows"):
        notes += f", missing rows {m['missing_rows']}"
    return notes


def table(results: list[Result]) -> str:
    header = (
        "| tool | dataset | task | precision | recall | share of attainable | F1 "
        "| wall s | peak MiB | notes |"
    )
    lines = [header, "|" + "---|" * 10]
    for r in results:
        m = r.metrics
        lines.append(
            "| "
            + " | ".join(
                [
                    r.tool,
                    r.dataset,
                    r.task,
                    _fmt(m.get("precision")),
                    _fmt(m.get("recall")),
                    _fmt(m.get("share_of_attainable")),
                    _fmt(m.get("f1")),
                    _fmt(r.wall_seconds, 1),
                    _fmt(r.peak_mib, 0),
                    _notes(r),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def time_ratios(results: list[Result]) -> list[dict]:
    """Homeward's wall time over Splink's (trained, and pretrained when it ran)."""
    ratios = []
    by_key = {(r.dataset, r.task, r.tool): r for r in results}
    for dataset, task in dict.fromkeys((r.dataset, r.task) for r in results):
        h = by_key.get((dataset, task, "homeward"))
        for baseline in ("splink", "splink-pretrained"):
            s = by_key.get((dataset, task, baseline))
            if h and s and h.ok and s.ok and h.wall_seconds and s.wall_seconds:
                ratios.append(
                    {
                        "dataset": dataset,
                        "task": task,
                        "baseline": baseline,
                        "homeward_seconds": h.wall_seconds,
                        "baseline_seconds": s.wall_seconds,
                        "ratio": h.wall_seconds / s.wall_seconds,
                    }
                )
    return ratios


def _git(*args: str) -> str:
    git = shutil.which("git")
    if git is None:
        return ""
    try:
        return subprocess.run(  # noqa: S603
            [git, *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark identity-resolution tools.")
    parser.add_argument("--dataset", action="append", required=True, type=Path)
    parser.add_argument("--tools", default="homeward,splink")
    parser.add_argument("--task", choices=("link", "dedupe", "both"), default="both")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument(
        "--map", action="append", default=[], metavar="HEADER=FIELD",
        help="passed to every tool on every dataset (before the dataset's map.txt)",
    )  # fmt: skip
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per tool run")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per tool; the median wall time counts"
    )
    parser.add_argument(
        "--keep", type=Path, help="keep the tools' outputs and logs in this directory"
    )
    args = parser.parse_args(argv)

    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    tasks = ("link", "dedupe") if args.task == "both" else (args.task,)
    needs = {
        "link": ("registry.csv", "incoming.csv", "truth.csv"),
        "dedupe": ("dedupe.csv", "dedupe_truth.csv"),
    }

    started = dt.datetime.now(dt.UTC)
    tmp = None
    if args.keep:
        workdir = args.keep
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="linkage-bench-")
        workdir = Path(tmp.name)

    results: list[Result] = []
    skipped: list[str] = []
    try:
        for dataset in args.dataset:
            dataset = dataset.resolve()
            maps = args.map + read_map_file(dataset / "map.txt")
            for task in tasks:
                if not all((dataset / f).exists() for f in needs[task]):
                    skipped.append(f"{dataset.name}/{task}")
                    continue
                for tool in tools:
                    print(f"running {tool} {task} on {dataset.name} ...", file=sys.stderr)
                    r = run_one(tool, dataset, task, maps, workdir, args.timeout, args.repeat)
                    results.append(r)
                    state = "ok" if r.ok else "FAILED"
                    print(f"  {state} in {_fmt(r.wall_seconds, 1)} s", file=sys.stderr)
    finally:
        if tmp is not None:
            tmp.cleanup()

    print(table(results))
    ratios = time_ratios(results)
    if ratios:
        print()
        for baseline in dict.fromkeys(x["baseline"] for x in ratios):
            print(
                f"Homeward / {baseline} wall time: "
                + "; ".join(
                    f"{x['dataset']} {x['task']} {x['ratio']:.2f}×"
                    for x in ratios
                    if x["baseline"] == baseline
                )
            )
    if skipped:
        print(f"\nSkipped (files missing): {', '.join(skipped)}")

    if args.json:
        report = {
            "date": started.isoformat(timespec="seconds"),
            "command": [sys.argv[0], *(argv if argv is not None else sys.argv[1:])],
            "git_commit": _git("rev-parse", "HEAD"),
            "git_modified_files": len(_git("status", "--porcelain").splitlines()),
            "machine": {
                "cpu_count": os.cpu_count(),
                "platform": platform.platform(),
                "processor": platform.processor() or platform.machine(),
                "python": platform.python_version(),
            },
            "timeout_seconds": args.timeout,
            "repeat": args.repeat,
            "results": [asdict(r) for r in results],
            "homeward_over_splink_wall_time": ratios,
            "skipped": skipped,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
