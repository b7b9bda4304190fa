"""What hostile files cost before they are refused (issue 21, point 1; ADR 37): time and
peak memory of `core.tabular.read_table` on files built as a hostile sender would.

Run from the repository root:

    .venv/bin/python bench/hostile/hostile_files_bench.py [--out bench/results/<name>.json]

Each case runs in a fresh Python process, so that its peak resident memory (ru_maxrss)
is its own (VmHWM). The cases:

- xlsx-1gb: an XLSX whose sheet unpacks to 1 GB (spaces, deflated to about 1 MB);
- xlsx-30mb-200k-rows: an XLSX of 200,000 short rows (the issue's 120 KB, 30 MB file),
  against a row limit of 100,000, to show reading stops at the limit;
- ods-repeat-99k-by-1000: 1.5 KB of ODS whose one row repeats 1,000 filled cells 99,000
  times (calamine alone: 33 s and 12 GB);
- csv-header-60000: a CSV whose header has 60,000 columns (169 KB; 59 s before);
- csv-100k-rows: an ordinary list of 100,000 rows, read (not refused), for scale.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

CASES = (
    "xlsx-1gb",
    "xlsx-30mb-200k-rows",
    "ods-repeat-99k-by-1000",
    "csv-header-60000",
    "csv-100k-rows",
)


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _padded_sheet(data: bytes, padding: int) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w", force_zip64=True) as part:
                    head, tail = content.split(b"<sheetData>")
                    part.write(head + b"<sheetData>")
                    chunk = b" " * 2**20
                    for _ in range(padding // len(chunk)):
                        part.write(chunk)
                    part.write(tail)
                continue
            target.writestr(info.filename, content)
    return out.getvalue()


def _ods_repeat(rows: int, columns: int) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = Table(name="List")
    header = TableRow()
    for name in ("surname", "given_name"):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=name))
        header.addElement(cell)
    sheet.addElement(header)
    repeated = TableRow(numberrowsrepeated=rows)
    cell = TableCell(valuetype="string", numbercolumnsrepeated=columns)
    cell.addElement(P(text="x"))
    repeated.addElement(cell)
    sheet.addElement(repeated)
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def build(case: str) -> tuple[str, bytes, dict[str, int]]:
    """The file's name, its bytes and the limits it is read under."""
    if case == "xlsx-1gb":
        return "bomb.xlsx", _padded_sheet(_xlsx([["surname"], ["Boiko"]]), 2**30), {}
    if case == "xlsx-30mb-200k-rows":
        rows = [["surname", "given_name"]] + [[f"Boiko{i}", "Ivan"] for i in range(200_000)]
        return "long.xlsx", _xlsx(rows), {"rows": 100_000}
    if case == "ods-repeat-99k-by-1000":
        return "bomb.ods", _ods_repeat(99_000, 1000), {}
    if case == "csv-header-60000":
        header = ",".join(f"column{i}" for i in range(60_000))
        return "wide.csv", f"{header}\nBoiko\n".encode(), {}
    rows = ["surname,given_name,date_of_birth"] + [
        f"Boiko{i},Ivan,{1960 + i % 40}-0{1 + i % 9}-1{i % 9}" for i in range(100_000)
    ]
    return "list.csv", "\n".join(rows).encode(), {}


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from
    the parent across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_one(case: str, path: Path) -> dict[str, object]:
    """In this process: read the prepared file and report time, memory and the outcome."""
    from homeward.core.tabular import Limits, TabularFileError, read_table

    meta = json.loads(path.with_suffix(".json").read_text())
    data = path.read_bytes()
    before = _peak_mb()
    started = time.perf_counter()
    try:
        table = read_table(meta["name"], data=data, limits=Limits(**meta["limits"]))
        outcome = f"read: {len(table.rows)} rows"
    except TabularFileError as exc:
        outcome = f"refused: {exc}"
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    return {
        "case": case,
        "file_bytes": len(data),
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(peak, 1),
        "rss_growth_mb": round(peak - before, 1),
        "outcome": outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.file)))
        return
    work = ROOT / "var" / "bench-hostile"
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for case in CASES:
        name, data, limits = build(case)
        path = work / f"{case}.bin"
        path.write_bytes(data)
        path.with_suffix(".json").write_text(json.dumps({"name": name, "limits": limits}))
        out = subprocess.run(  # noqa: S603 (our own script)
            [sys.executable, __file__, "--one", case, "--file", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout)
        results.append(result)
        print(
            f"{case:24} {result['file_bytes']:>10,} B  {result['seconds']:>7.3f} s  "
            f"peak {result['peak_rss_mb']:>7.1f} MB (+{result['rss_growth_mb']} MB)  "
            f"{str(result['outcome'])[:70]}"
        )
        path.unlink()
        path.with_suffix(".json").unlink()
    if args.out:
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
