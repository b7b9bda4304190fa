"""Scale figures of the identity-resolution engine (issue 3 targets):

- a list of 1,000 incoming records against a registry of 1,000,000 persons: the index
  build time, the link time once it is built, and peak memory (RSS);
- deduplicating a file of N records, end to end through `homeward dedupe`.

Usage:
    .venv/bin/python bench/linkage/scale.py link --registry DIR/registry.csv \
        --incoming DIR/incoming.csv [--incoming-rows 1000] [--json OUT]
    .venv/bin/python bench/linkage/scale.py dedupe --input FILE.csv [--json OUT]

The registry is read with the engine's own reader (homeward.linkage_cli.load), so the
index build time includes parsing the CSV.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from homeward.core.linkage.engine import RegistryIndex
from homeward.linkage_cli import load


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def link(args: argparse.Namespace) -> dict[str, object]:
    started = time.perf_counter()
    registry = load(args.registry, {}, False)
    read = time.perf_counter() - started
    index = RegistryIndex.build(registry.ids, registry.columns, registry.extras)
    built = time.perf_counter() - started
    incoming = load(args.incoming, {}, False)
    n = args.incoming_rows
    columns = {k: v[:n] for k, v in incoming.columns.items()}
    extras = {k: v[:n] for k, v in incoming.extras.items()}
    timings = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        results, _table = index.link(incoming.ids[:n], columns, extras)
        timings.append(time.perf_counter() - t0)
    decisions = {d: sum(r.decision == d for r in results) for d in ("match", "review", "new")}
    return {
        "registry_rows": len(registry.ids),
        "incoming_rows": len(results),
        "read_registry_s": round(read, 2),
        "index_build_s": round(built, 2),
        "link_s": [round(t, 3) for t in timings],
        "peak_rss_mib": round(_peak_mib()),
        "decisions": decisions,
    }


def dedupe(args: argparse.Namespace) -> dict[str, object]:
    homeward = Path(sys.executable).with_name("homeward")
    out = Path(args.out)
    started = time.perf_counter()
    command = [str(homeward), "dedupe", args.input, "--out", str(out)]
    process = subprocess.Popen(command)  # noqa: S603 (our own console script)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"homeward dedupe failed with status {status}")
    with out.open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    return {"rows": rows, "wall_s": round(wall, 1), "peak_rss_mib": round(usage.ru_maxrss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("link")
    p.add_argument("--registry", required=True)
    p.add_argument("--incoming", required=True)
    p.add_argument("--incoming-rows", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--json")
    p.set_defaults(run=link)
    d = commands.add_parser("dedupe")
    d.add_argument("--input", required=True)
    d.add_argument("--out", required=True)
    d.add_argument("--json")
    d.set_defaults(run=dedupe)
    args = parser.parse_args()
    figures = args.run(args)
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
