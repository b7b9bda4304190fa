"""Hostile files (issue 21, point 1): a list past its limits is refused before its rows
are read, saying what the limit is. The bombs here are small, as a sender's would be:
what they declare, not their size, is the danger."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook

from homeward.core.tabular import Limits, TabularFileError, read_table


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(data: bytes, change: dict[bytes, bytes], padding: int = 0) -> bytes:
    """The workbook with its first sheet's XML edited, as a hostile sender would, and
    `padding` bytes of spaces (which compress to almost nothing) added to it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                for old, new in change.items():
                    assert old in content
                    content = content.replace(old, new)
                content = content.replace(b"<sheetData>", b"<sheetData>" + b" " * padding)
            target.writestr(info.filename, content)
    return out.getvalue()


LIST = [["surname", "given_name"], ["Boiko", "Ivan"], ["Melnyk", "Petro"]]


def test_a_spreadsheet_that_unpacks_past_the_limit_is_refused_unread() -> None:
    bomb = _rewrite_sheet(_xlsx(LIST), {}, padding=8 * 2**20)
    assert len(bomb) < 64 * 1024  # 8 MB of XML in a few kilobytes
    with pytest.raises(TabularFileError, match="unpacks to 8 MB, more than the 4 MB") as caught:
        read_table("list.xlsx", data=bomb, limits=Limits(unpacked_bytes=4 * 2**20))
    assert caught.value.path == "list.xlsx"
    assert read_table("list.xlsx", data=bomb).rows  # under the default limit it is a list


def test_a_sheet_that_claims_a_millionth_row_is_refused_at_the_row_limit() -> None:
    last_row_moved = {
        b'<row r="3"': b'<row r="1000000"',
        b'r="A3"': b'r="A1000000"',
        b'r="B3"': b'r="B1000000"',
    }
    far = _rewrite_sheet(_xlsx(LIST), last_row_moved)
    with pytest.raises(TabularFileError, match="more than 1000 rows"):
        read_table("list.xlsx", data=far, limits=Limits(rows=1000))


def test_a_declared_width_is_not_believed() -> None:
    # openpyxl pads every row to the <dimension> a sheet declares: 16,384 columns here.
    wide = _rewrite_sheet(_xlsx(LIST), {b'ref="A1:B3"': b'ref="A1:XFD1048576"'})
    table = read_table("list.xlsx", data=wide)
    assert table.headers == ["surname", "given_name"]
    assert len(table.rows) == 2


def test_too_many_rows_or_columns_in_a_csv() -> None:
    rows = "surname\n" + "Boiko\n" * 11
    with pytest.raises(TabularFileError, match="more than 10 rows"):
        read_table("list.csv", data=rows.encode(), limits=Limits(rows=10))
    assert len(read_table("list.csv", data=rows.encode(), limits=Limits(rows=11)).rows) == 11
    header = ",".join(f"c{i}" for i in range(501))
    with pytest.raises(TabularFileError, match="501 columns, more than the 500"):
        read_table("list.csv", data=f"{header}\n".encode())


def test_a_header_of_sixty_thousand_columns_is_checked_in_linear_time() -> None:
    header = ",".join(f"c{i}" for i in range(60_000))
    started = time.perf_counter()
    with pytest.raises(TabularFileError, match="60000 columns"):
        read_table("list.csv", data=f"{header}\n".encode())
    # Not a benchmark (bench/README.md has the figures): the quadratic check took 59 s.
    assert time.perf_counter() - started < 10


def test_duplicate_headers_are_still_named() -> None:
    with pytest.raises(TabularFileError, match="appear twice: surname"):
        read_table("list.csv", data=b"surname,given_name,surname\nBoiko,Ivan,Boiko\n")


def _ods_bomb(rows: int, columns: int) -> bytes:
    """Two elements of XML that stand for rows × columns filled cells."""
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


def test_an_ods_that_repeats_one_row_a_million_times_is_refused_unread() -> None:
    # calamine would build all 99,000 × 1,000 cells: 33 s and 12 GB for 1.5 KB.
    with pytest.raises(TabularFileError, match="1000 columns, more than the 500"):
        read_table("list.ods", data=_ods_bomb(99_000, 1000))
    with pytest.raises(TabularFileError, match="more than 300000 rows"):
        read_table("list.ods", data=_ods_bomb(1_000_000, 2))


def test_an_ods_with_the_empty_rows_a_spreadsheet_program_writes_is_read() -> None:
    document = OpenDocumentSpreadsheet()
    sheet = Table(name="List")
    for values in LIST:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        row.addElement(TableCell(numbercolumnsrepeated=16000))  # empty, to the sheet's edge
        sheet.addElement(row)
    empty = TableRow(numberrowsrepeated=1048000)
    empty.addElement(TableCell(numbercolumnsrepeated=16384))
    sheet.addElement(empty)
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    table = read_table("list.ods", data=buffer.getvalue())
    assert table.headers == ["surname", "given_name"]
    assert len(table.rows) == 2
