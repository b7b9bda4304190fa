"""Incoming lists as rows: CSV in any common encoding and dialect, XLSX or ODS, with headers
recognised in English, Ukrainian and Russian.

A file that cannot be read raises `TabularFileError` saying which file and what to do; a
file that can be read keeps its rows verbatim, and each row that does not fit the header
is reported with its number (`Table.problems`), so the caller decides to stop or skip.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homeward.core.errors import HomewardError
from homeward.core.messages import Message

# `_` only marks a template for the catalogue: it is translated where it is shown.
from homeward.core.messages import gettext_noop as _
from homeward.core.names.normalize import normalize_apostrophes

FIELDS: tuple[str, ...] = (
    "record_id", "surname", "given_name", "patronymic", "full_name", "sex", "date_of_birth",
    "place_of_birth", "address", "postcode", "occupation", "rank", "unit", "service_number",
)  # fmt: skip

ID_FIELD = "record_id"  # the row's own id in its file
IGNORE = ""  # in a mapping: do not read this header as any field (it is still kept verbatim)

HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "record_id": ("record_id", "record id", "person_id", "person id", "id", "№", "no",
                  "номер запису", "ід", "номер записи"),
    "surname": ("surname", "last name", "last_name", "family name", "прізвище", "фамилия"),
    "given_name": ("given_name", "given name", "first name", "first_name", "forename",
                   "ім'я", "имя"),
    "patronymic": ("patronymic", "middle name", "middle_name", "по батькові", "по-батькові",
                   "отчество"),
    "full_name": ("full_name", "full name", "name", "піб", "п і б", "прізвище ім'я по батькові",
                  "фио", "ф и о", "фамилия имя отчество"),
    "sex": ("sex", "gender", "стать", "пол"),
    "date_of_birth": ("date_of_birth", "date of birth", "dob", "birth date", "birthdate",
                      "дата народження", "д н", "дата рождения", "д р", "рік народження",
                      "год рождения", "year of birth"),
    "place_of_birth": ("place_of_birth", "place of birth", "birthplace", "місце народження",
                       "место рождения"),
    "address": ("address", "адреса", "адрес", "місце проживання", "место жительства"),
    "postcode": ("postcode", "postal code", "zip", "zip code", "індекс", "поштовий індекс",
                 "индекс", "почтовый индекс"),
    "occupation": ("occupation", "position", "посада", "професія", "должность", "профессия"),
    "rank": ("rank", "military rank", "звання", "військове звання", "звание",
             "воинское звание"),
    "unit": ("unit", "military unit", "військова частина", "в ч", "підрозділ", "часть",
             "воинская часть", "подразделение"),
    "service_number": ("service_number", "service number", "personal number",
                       "особистий номер", "жетон", "личный номер", "номер жетона"),
}  # fmt: skip

_DELIMITERS = ",;\t|"
MAX_CELL = 10_000  # characters; a longer cell is no name or date


@dataclass(frozen=True, slots=True)
class Limits:
    """What a file may hold before it is refused unread: a list of persons has tens of
    columns and at most a few hundred thousand rows, and an XLSX or ODS file that unpacks
    to more than `unpacked_bytes` is a zip bomb, not a list."""

    rows: int = 300_000
    columns: int = 500
    unpacked_bytes: int = 500 * 1024 * 1024


class TabularFileError(HomewardError):
    """The file as a whole cannot be read; nothing from it is used. `reason` says why
    and what to do, to be shown after the file's name."""

    def __init__(self, path: str, reason: Message) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # 1-based line in the file, the header being row 1
    column: str
    reason: Message

    @property
    def message(self) -> str:
        return str(self.reason)

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column “{self.column}”" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # the line in the file (the header is line 1), for messages
    cells: dict[str, str]  # verbatim, by header


@dataclass
class Table:
    path: str
    headers: list[str]
    rows: list[Row]
    encoding: str = ""
    delimiter: str = ""
    problems: list[RowProblem] = field(default_factory=list)


def header_key(header: str) -> str:
    """Headers compared without case, punctuation, apostrophe variants or extra spaces."""
    text = normalize_apostrophes(unicodedata.normalize("NFKC", header)).casefold()
    text = "".join(ch if ch.isalnum() or ch in "'№_" else " " for ch in text)
    return " ".join(text.split())


_SYNONYM_INDEX = {header_key(s): name for name, syns in HEADER_SYNONYMS.items() for s in syns}


def parse_map(items: Iterable[str]) -> dict[str, str]:
    """`--map HEADER=FIELD` options as {header: field}. Raises ValueError saying which
    option is wrong and how to write it."""
    mapping = {}
    for item in items:
        header, sep, field = item.partition("=")
        if not sep or not header.strip() or not field.strip():
            raise ValueError(f"--map {item}: write it as HEADER=FIELD, e.g. --map ПІБ=full_name")
        if field.strip() not in FIELDS:
            raise ValueError(
                f"--map {item}: “{field}” is not a field. Fields: {', '.join(FIELDS)}."
            )
        mapping[header.strip()] = field.strip()
    return mapping


def map_headers(
    headers: Iterable[str], overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """{header: field} for the headers that name a known field. `overrides` (header →
    field, as given with --map) win; IGNORE as the field leaves a header unread. Any other
    header is an extra attribute, kept under its name."""
    overrides = {header_key(k): v for k, v in (overrides or {}).items()}
    unknown = sorted(set(overrides.values()) - set(FIELDS) - {IGNORE})
    if unknown:
        raise ValueError(f"unknown field(s) in the mapping: {', '.join(unknown)}")
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        key = header_key(header)
        target = overrides[key] if key in overrides else _SYNONYM_INDEX.get(key)
        if target and target not in taken:
            mapping[header] = target
            taken.add(target)
    return mapping


def read_table(path: str | Path, *, data: bytes | None = None, limits: Limits = Limits()) -> Table:
    """Read a CSV, XLSX or ODS file (by its name's ending); `data` instead of reading the
    path. A file past `limits` is refused before its rows are read (`TabularFileError`)."""
    name = str(path)
    raw = Path(path).read_bytes() if data is None else data
    if not raw.strip():
        raise TabularFileError(
            name, Message(_("the file is empty. Export the list again with its rows."))
        )
    if name.lower().endswith((".xlsx", ".xlsm")):
        _check_unpacked(name, raw, limits)
        return _read_xlsx(name, raw, limits)
    if name.lower().endswith(".ods"):
        _check_unpacked(name, raw, limits)
        _check_ods_extent(name, raw, limits)
        return _read_ods(name, raw, limits)
    return _read_csv(name, raw, limits)


def _check_unpacked(name: str, raw: bytes, limits: Limits) -> None:
    """Refuse a spreadsheet whose parts unpack to more than the limit, from the sizes its
    zip directory declares (Python's zipfile never unpacks a part past its declared size,
    so a lie is caught as a damaged file)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip at all: the reader says what is wrong with it
    if unpacked > limits.unpacked_bytes:
        raise TabularFileError(
            name,
            Message(
                _(
                    "it unpacks to %(size)d MB, more than the %(limit)d MB a list may hold. "
                    "A spreadsheet that grows this much is damaged or built to harm: ask the "
                    "sender for the list as CSV."
                ),
                {"size": unpacked // 2**20, "limit": limits.unpacked_bytes // 2**20},
            ),
        )


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_VALUE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"


def _check_ods_extent(name: str, raw: bytes, limits: Limits) -> None:
    """Refuse an ODS sheet whose filled cells, with the repeats its XML declares, pass the
    limits. One element may stand for a million rows of a thousand cells: calamine would
    build them all (a 1.5 KB file took it 33 s and 12 GB). Repeated empty rows and cells,
    which spreadsheet programs write to the sheet's end, count for nothing."""
    from defusedxml.ElementTree import iterparse  # no entities: the XML is hostile too

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open("content.xml") as xml:
            rows = 0
            for _event, element in iterparse(xml, events=("end",)):
                if element.tag == f"{_ODS_TABLE}table":
                    return  # the first sheet is the list
                if element.tag != f"{_ODS_TABLE}table-row":
                    continue
                width, filled = 0, 0
                for cell in element:
                    repeat = int(cell.get(f"{_ODS_TABLE}number-columns-repeated", "1"))
                    width += repeat
                    if cell.get(_ODS_VALUE_TYPE) or len(cell):
                        filled = width
                if filled:
                    rows += int(element.get(f"{_ODS_TABLE}number-rows-repeated", "1"))
                element.clear()
                if rows > limits.rows + 1:
                    raise _too_many_rows(name, limits)
                if filled > limits.columns:
                    raise _too_many_columns(name, filled, limits)
    except (KeyError, ValueError, zipfile.BadZipFile, SyntaxError):
        return  # no readable content.xml: the reader says what is wrong with the file


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _check_xlsx_rows(name: str, workbook: Any, sheet: Any, limits: Limits) -> None:
    """Count the sheet's <row> elements in its XML as it unpacks, before openpyxl parses
    a row: a list past the row limit is refused in a fraction of the time reading it to
    the limit takes (10 s for 100,000 rows)."""
    rows, pending = 0, b""
    with workbook._archive.open(sheet._worksheet_path) as xml:
        while chunk := xml.read(2**20):
            text = pending + chunk
            # A match wholly inside `pending` was counted with the chunk before.
            rows += sum(1 for m in _ROW_TAG.finditer(text) if m.end() > len(pending))
            pending = text[-32:]
            if rows > limits.rows + 1:
                raise _too_many_rows(name, limits)


def _too_many_rows(name: str, limits: Limits) -> TabularFileError:
    return TabularFileError(
        name,
        Message(
            _("it has more than %(limit)d rows. Split the list and import the parts."),
            {"limit": limits.rows},
        ),
    )


def _too_many_columns(name: str, columns: int, limits: Limits) -> TabularFileError:
    return TabularFileError(
        name,
        Message(
            _(
                "a row has %(columns)d columns, more than the %(limit)d a list may have. "
                "Remove the empty or extra columns and save the list again."
            ),
            {"columns": columns, "limit": limits.columns},
        ),
    )


def _bounded(name: str, rows: Iterable[Iterable[object]], limits: Limits) -> list[list[str]]:
    """The rows as text, refused as soon as there are too many of them or a row is too
    wide: a sheet that declares a million rows is refused after the limit, not read."""
    lines = []
    for count, row in enumerate(rows, start=1):
        if count > limits.rows + 1:  # the header is a row too
            raise _too_many_rows(name, limits)
        line = [_cell(v) for v in row]
        if len(line) > limits.columns:
            while line and not line[-1]:
                line.pop()  # trailing empty cells a spreadsheet pads rows with
            if len(line) > limits.columns:
                raise _too_many_columns(name, len(line), limits)
        lines.append(line)
    return lines


def _decode(name: str, raw: bytes) -> tuple[str, str]:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                break
            # Two bytes of garbage can look like a byte-order mark.
            if encoding == "utf-8-sig" or _looks_like_text(text.lstrip("\ufeff")):
                return text, encoding
            break
    if b"\x00" in raw[:4096]:
        # UTF-16 without a byte-order mark puts a NUL beside every Latin letter.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text and _looks_like_text(text):
                return text, encoding
        raise TabularFileError(
            name,
            Message(
                _("this is not a text (CSV) file. Save the list as CSV or XLSX and try again.")
            ),
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_cyrillic(name, raw)


def _decode_cyrillic(name: str, raw: bytes) -> tuple[str, str]:
    """Windows-1251 or KOI8: every byte decodes in both, so the reading chosen is the one
    whose Cyrillic letters are the common letters of Ukrainian and Russian. Read the other
    way, a list turns into a scatter of rare letters (`ыЕБВЕМЙН`); random bytes are rare
    letters in both."""
    sample = raw[:65536]
    scores = {}
    for encoding in _SINGLE_BYTE_CYRILLIC:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:  # Windows-1251 leaves 0x98 unassigned
            continue
        if _looks_like_text(text):
            scores[encoding] = _common_letter_share(text)
    if not scores:
        raise TabularFileError(
            name, Message(_("the encoding could not be recognised. Save the list as UTF-8."))
        )
    # Too few letters to tell: the commoner encoding.
    best = max(
        scores, key=lambda e: (scores[e][1] >= _LETTERS_TO_JUDGE and scores[e][0], e == "cp1251")
    )
    share, letters = scores[best]
    if letters >= _LETTERS_TO_JUDGE and share < _LEAST_COMMON_SHARE:
        raise TabularFileError(
            name,
            Message(
                _(
                    "the text reads as neither Ukrainian nor Russian in any encoding "
                    "Homeward knows (UTF-8, UTF-16, Windows-1251, KOI8). Save the list as "
                    "UTF-8 and try again."
                )
            ),
        )
    try:
        text = raw.decode(best)
    except UnicodeDecodeError as exc:  # past the sample, a byte Windows-1251 lacks
        raise TabularFileError(
            name, Message(_("the encoding could not be recognised. Save the list as UTF-8."))
        ) from exc
    if best == "koi8-u" and raw.decode("koi8-r") == text:
        best = "koi8-r"  # KOI8-U only adds Ukrainian letters; name the one the file uses
    return text, best


# The twelve commonest Cyrillic letters of Ukrainian and Russian names and words: about 60–80%
# of the letters of a list read in its own encoding, 25–40% of one read in another.
_COMMON_LETTERS = frozenset("оеаинтсрвлкі")
_SINGLE_BYTE_CYRILLIC = ("cp1251", "koi8-u")
_LETTERS_TO_JUDGE = 8
_LEAST_COMMON_SHARE = 0.45


def _common_letter_share(text: str) -> tuple[float, int]:
    """How much the text's Cyrillic reads like Ukrainian or Russian (the share of its
    letters that are common ones, less the signs of a wrong reading), and how many
    Cyrillic letters it has.

    KOI8 holds the two cases in the opposite order to Windows-1251, so a name read the
    wrong way has a small letter before capitals (`Артем` → `юПРЕЛ`), and Ukrainian
    letters read the wrong way are box-drawing signs (`ПІБ` → `о╡а`): each counts against.
    """
    letters = common = wrong = 0
    previous = ""
    for ch in text[:65536]:
        if "\u0400" <= ch <= "\u04ff":
            letters += 1
            common += ch.lower() in _COMMON_LETTERS
            wrong += previous.islower() and ch.isupper()
        elif "\u2500" <= ch <= "\u25ff":
            wrong += 1
        previous = ch
    if not letters:
        return 0.0, 0
    return (common - 2 * wrong) / letters, letters


def _is_text(raw: bytes) -> bool:
    """Whether the bytes read as a text file would."""
    try:
        text, _encoding = _decode("", raw[:65536])
    except (TabularFileError, UnicodeDecodeError):
        return False
    return _looks_like_text(text)


_SIGNS_OF_LISTS = frozenset("№₴€")  # beyond Latin and Cyrillic, yet in the lists' headers


def _looks_like_text(text: str) -> bool:
    """Any bytes without a NUL pair decode as UTF-16; a list is Latin or Cyrillic letters,
    digits, spaces and punctuation, where binary data reads as a scatter of CJK signs."""
    sample = text[:4096]
    plain = sum(
        1
        for ch in sample
        if ch.isspace()
        or ord(ch) < 0x0530
        or ch in _SIGNS_OF_LISTS
        or unicodedata.category(ch).startswith("P")
    )
    return plain >= 0.9 * len(sample)


def _read_csv(name: str, raw: bytes, limits: Limits) -> Table:
    text, encoding = _decode(name, raw)
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = max(_DELIMITERS, key=lambda d: sample.split("\n", 1)[0].count(d))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = _bounded(name, reader, limits)
    except csv.Error as exc:
        raise TabularFileError(
            name,
            Message(
                _("it is not a valid CSV file (%(error)s). Save the list as CSV again."),
                {"error": str(exc)},
            ),
        ) from exc
    return _table(name, lines, encoding=encoding, delimiter=delimiter)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(name: str, raw: bytes, limits: Limits) -> Table:
    from openpyxl import load_workbook  # imported here: only XLSX files need it

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        if not raw.startswith(b"PK") and _is_text(raw):
            raise TabularFileError(
                name,
                Message(
                    _("it is named .xlsx but holds text (CSV). Rename it to .csv and try again.")
                ),
            ) from exc
        raise TabularFileError(
            name,
            Message(
                _(
                    "it is not a readable XLSX workbook (%(error)s). Open it in the spreadsheet "
                    "program and save it again as XLSX, or save the list as CSV."
                ),
                {"error": type(exc).__name__},
            ),
        ) from exc
    sheet = workbook.worksheets[0]
    try:
        _check_xlsx_rows(name, workbook, sheet, limits)
    except TabularFileError:
        workbook.close()
        raise
    # The sheet's own <dimension> is not trusted: openpyxl would pad every row to the
    # width it declares, and a tiny file can declare 16,384 columns.
    sheet.reset_dimensions()
    try:
        lines = _bounded(name, sheet.iter_rows(values_only=True), limits)
    finally:
        workbook.close()
    return _table(name, lines, encoding="xlsx", delimiter="")


def _read_ods(name: str, raw: bytes, limits: Limits) -> Table:
    from python_calamine import CalamineWorkbook  # imported here: only ODS files need it

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own kinds for a damaged file
        raise TabularFileError(
            name,
            Message(
                _(
                    "it is not a readable ODS spreadsheet (%(error)s). Open it in the "
                    "spreadsheet program and save it again as ODS, or save the list as CSV."
                ),
                {"error": type(exc).__name__},
            ),
        ) from exc
    return _table(name, _bounded(name, rows, limits), encoding="ods", delimiter="")


_EXTRA_CELLS = _(
    "more cells (%(cells)d) than columns (%(columns)d): a separator inside a value, or a "
    "missing column name"
)
_TOO_LONG = _("the value is too long (%(length)d characters) for a name, a date or a number")


def _table(name: str, lines: list[list[str]], *, encoding: str, delimiter: str) -> Table:
    lines = [[c.strip() for c in line] for line in lines]
    while lines and not any(lines[-1]):
        lines.pop()
    if not lines or not any(lines[0]):
        raise TabularFileError(
            name, Message(_("the first row must hold the column names; it is empty."))
        )
    headers = lines[0]
    while headers and not headers[-1]:
        headers = headers[:-1]
    counts = Counter(h for h in headers if h)  # linear: a header may have thousands
    duplicates = sorted(h for h, n in counts.items() if n > 1)
    if duplicates:
        raise TabularFileError(
            name,
            Message(
                _("column names appear twice: %(names)s. Rename one of each."),
                {"names": ", ".join(duplicates)},
            ),
        )
    table = Table(name, headers, [], encoding, delimiter)
    for number, line in enumerate(lines[1:], start=2):
        if not any(line):
            continue
        extra = [c for c in line[len(headers) :] if c]
        if extra:
            sizes = {"cells": len(line), "columns": len(headers)}
            table.problems.append(RowProblem(number, "", Message(_EXTRA_CELLS, sizes)))
            continue
        row = {h: (line[i] if i < len(line) else "") for i, h in enumerate(headers)}
        for header, value in row.items():
            if len(value) > MAX_CELL:
                too_long = Message(_TOO_LONG, {"length": len(value)})
                table.problems.append(RowProblem(number, header, too_long))
                break
        else:
            table.rows.append(Row(number, row))
    return table
