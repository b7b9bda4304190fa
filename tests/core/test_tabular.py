"""Reading incoming lists: encodings, dialects, XLSX, header names, and bad files."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from openpyxl import Workbook

from homeward.core.tabular import IGNORE, TabularFileError, map_headers, read_table

LIST = "Прізвище;Ім'я;По батькові;Дата народження\nШевченко;Олександр;Миколайович;21.03.1990\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1251", b""), ("utf-16", b"")],
)
def test_encodings(encoding: str, prefix: bytes) -> None:
    table = read_table("list.csv", data=prefix + LIST.encode(encoding))
    assert table.headers == ["Прізвище", "Ім'я", "По батькові", "Дата народження"]
    assert table.rows[0].cells["Прізвище"] == "Шевченко"
    assert table.rows[0].number == 2 and table.delimiter == ";"


RUSSIAN_LIST = (
    "ФИО;Дата рождения;Звание\n"
    "ШЕВЧЕНКО Александр Николаевич;21.03.1990;рядовой\n"
    "БОЙКО Иван Петрович;1990;младший сержант\n"
)


@pytest.mark.parametrize(
    ("text", "encoding", "found"),
    [
        (RUSSIAN_LIST, "koi8-r", "koi8-r"),
        (RUSSIAN_LIST, "cp1251", "cp1251"),
        (LIST.replace("Шевченко", "Ґонта").replace("Олександр", "Євгеній"), "koi8-u", "koi8-u"),
        # Capitals alone: KOI8 swaps the cases of Windows-1251, so case cannot tell them.
        ("ФИО\nШЕВЧЕНКО АЛЕКСАНДР НИКОЛАЕВИЧ\nБОЙКО ИВАН\n", "koi8-r", "koi8-r"),
        ("ФИО\nШЕВЧЕНКО АЛЕКСАНДР НИКОЛАЕВИЧ\nБОЙКО ИВАН\n", "cp1251", "cp1251"),
        # Too few letters to tell the two apart: the commoner encoding.
        ("id;ФИО\n1;Ян\n", "cp1251", "cp1251"),
    ],
)
def test_windows_1251_and_koi8_are_told_apart(text: str, encoding: str, found: str) -> None:
    table = read_table("list.csv", data=text.encode(encoding))
    assert table.encoding == found
    assert [table.headers, *[list(r.cells.values()) for r in table.rows]] == [
        line.split(";") for line in text.splitlines()
    ]


def test_a_single_byte_list_is_read_in_its_encoding_row_by_row() -> None:
    """Each person of the synthetic registry alone in a file, in both encodings."""
    from homeward.core.synthetic import Generator

    for person in Generator(seed=7).persons(300, held_share=0.5):
        text = f"ПІБ\n{person.surname.upper()} {person.given_name} {person.patronymic}\n"
        for encoding in ("cp1251", "koi8-u"):
            table = read_table("one.csv", data=text.encode(encoding))
            assert table.encoding.replace("koi8-r", "koi8-u") == encoding, text


def test_utf16_without_a_byte_order_mark() -> None:
    table = read_table("list.csv", data=LIST.encode("utf-16-le"))
    assert table.rows[0].cells["Ім'я"] == "Олександр"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_dialects(delimiter: str) -> None:
    text = f'ФИО{delimiter}Дата рождения\n"ШЕВЧЕНКО Александр, мл."{delimiter}21.03.1990\n'
    table = read_table("list.csv", data=text.encode("cp1251"))
    assert table.rows[0].cells == {"ФИО": "ШЕВЧЕНКО Александр, мл.", "Дата рождения": "21.03.1990"}


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_are_read_as_text() -> None:
    data = _xlsx(
        [
            ["ПІБ", "Дата народження", "Особистий номер"],
            ["Шевченко О. М.", dt.datetime(1990, 3, 21), 123456.0],
        ]
    )
    table = read_table("list.xlsx", data=data)
    assert table.rows[0].cells == {
        "ПІБ": "Шевченко О. М.",
        "Дата народження": "1990-03-21",
        "Особистий номер": "123456",
    }


def test_blank_lines_are_skipped_and_numbers_stay_true() -> None:
    table = read_table("l.csv", data=b"surname,given_name\n\nBoiko,Ivan\n,\nMelnyk,Petro\n")
    assert [(r.number, r.cells["surname"]) for r in table.rows] == [(3, "Boiko"), (5, "Melnyk")]


def test_only_headers_is_a_table_without_rows() -> None:
    table = read_table("l.csv", data=b"surname,given_name\n")
    assert table.rows == [] and table.problems == []


def test_ragged_rows_are_reported_with_their_line() -> None:
    table = read_table("l.csv", data=b"surname,given_name\nBoiko,Ivan,extra\nMelnyk,Petro\nShort\n")
    assert [str(p) for p in table.problems] == [
        "row 2: more cells (3) than columns (2): a separator inside a value, "
        "or a missing column name"
    ]
    assert [r.cells for r in table.rows] == [
        {"surname": "Melnyk", "given_name": "Petro"},
        {"surname": "Short", "given_name": ""},
    ]


def test_overlong_cells_are_reported() -> None:
    table = read_table("l.csv", data=b"surname\n" + b"x" * 20_000 + b"\nBoiko\n")
    assert table.problems[0].row == 2 and table.problems[0].column == "surname"
    assert [r.cells["surname"] for r in table.rows] == ["Boiko"]


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"  \n\n", "empty"),
        ("garbage.csv", random.Random(7).randbytes(2048) + b"\x00\x00\x01", "not a text"),
        # Bytes of text values alone, without the NULs that mark binary data.
        (
            "noise.csv",
            bytes(0x20 + b % 0xE0 for b in random.Random(7).randbytes(4096)).replace(b"\x98", b""),
            "neither Ukrainian nor Russian",
        ),
        ("garbage.xlsx", b"PK\x03\x04 not really a workbook", "not a readable XLSX"),
        ("dupes.csv", b"surname,surname\nA,B\n", "appear twice"),
        ("noheader.csv", b",,\nA,B,C\n", "first row"),
    ],
)
def test_unreadable_files_say_which_and_why(name: str, data: bytes, says: str) -> None:
    with pytest.raises(TabularFileError) as caught:
        read_table(name, data=data)
    assert caught.value.path == name and says in str(caught.value)


def test_a_real_file_on_disk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "list.csv"
    path.write_bytes(LIST.encode("cp1251"))
    assert read_table(path).encoding == "cp1251"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Прізвище", "surname"),
        ("Фамилия", "surname"),
        ("Last name", "surname"),
        ("ім’я", "given_name"),
        ("Имя", "given_name"),
        ("По батькові", "patronymic"),
        ("Отчество", "patronymic"),
        ("ПІБ", "full_name"),
        ("П.І.Б.", "full_name"),
        ("ФИО", "full_name"),
        ("Ф.И.О.", "full_name"),
        ("Дата народження", "date_of_birth"),
        ("ДАТА РОЖДЕНИЯ", "date_of_birth"),
        ("DOB", "date_of_birth"),
        ("Звание", "rank"),
        ("Військова частина", "unit"),
        ("В/Ч", "unit"),
        ("Особистий номер", "service_number"),
        ("id", "record_id"),
        ("№", "record_id"),
        ("Стать", "sex"),
    ],
)
def test_headers_in_three_languages(header: str, field: str) -> None:
    assert map_headers([header]) == {header: field}


def test_unknown_headers_are_extra_and_overrides_win() -> None:
    headers = ["Прізвище", "Позивний", "Нотатка"]
    assert map_headers(headers) == {"Прізвище": "surname"}
    assert map_headers(headers, {"Позивний": "given_name"}) == {
        "Прізвище": "surname",
        "Позивний": "given_name",
    }
    with pytest.raises(ValueError, match="callsign"):
        map_headers(headers, {"Позивний": "callsign"})


def test_an_ignored_header_is_not_read_even_when_recognised() -> None:
    headers = ["Прізвище", "Ім'я", "Примітка"]
    assert map_headers(headers, {"Ім'я": IGNORE, "Примітка": "given_name"}) == {
        "Прізвище": "surname",
        "Примітка": "given_name",
    }


def test_a_field_is_taken_once() -> None:
    assert map_headers(["Прізвище", "Фамилия"]) == {"Прізвище": "surname"}


def _ods(rows: list[list[object]]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Список")
    for row in rows:
        line = TableRow()
        for value in row:
            if isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            line.addElement(cell)
        sheet.addElement(line)
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_ods_cells_are_read_as_text() -> None:
    data = _ods([["ПІБ", "Дата народження", "Особистий номер"],
                 ["Шевченко О. М.", dt.date(1990, 3, 21), 123456]])  # fmt: skip
    table = read_table("list.ods", data=data)
    assert table.encoding == "ods"
    assert table.rows[0].cells == {
        "ПІБ": "Шевченко О. М.",
        "Дата народження": "1990-03-21",
        "Особистий номер": "123456",
    }


def test_a_damaged_ods_is_refused() -> None:
    with pytest.raises(TabularFileError, match="not a readable ODS"):
        read_table("list.ods", data=b"PK\x03\x04 not really a zip")


def test_garbage_behind_a_byte_order_mark_is_not_text() -> None:
    garbage = b"\xff\xfe" + random.Random(3).randbytes(4000)
    with pytest.raises(TabularFileError, match="not a text"):
        read_table("list.csv", data=garbage)
