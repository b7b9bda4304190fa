"""CSV and XLSX exports of a filtered person list."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from homeward.apps.common.choices import display
from homeward.apps.registry.models import Person

# A cell that starts like a formula is run by spreadsheet programs when the file is opened
# (CSV injection); such text is exported with a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _columns() -> list[tuple[str, Callable[[Person], str]]]:
    return [
        (_("Case number"), lambda p: p.case_number),
        (_("Surname"), lambda p: p.surname),
        (_("Given name"), lambda p: p.given_name),
        (_("Patronymic"), lambda p: p.patronymic),
        (_("Name (Latin)"), lambda p: p.full_name_latin),
        (_("Sex"), display(Person, "sex")),
        (_("Date of birth"), lambda p: p.birth.iso()),
        (_("Side"), display(Person, "side")),
        (_("Category"), display(Person, "category")),
        (_("Status"), display(Person, "current_status")),
        (_("Service branch"), lambda p: str(p.branch or "")),
        (_("Unit"), lambda p: p.unit),
        (_("Rank"), lambda p: str(p.rank or "")),
        (_("Rank category"), display(Person, "rank_category")),
        (_("Service number"), lambda p: p.service_number),
        (_("Direction"), lambda p: str(p.direction or "")),
        (_("Groups"), lambda p: "; ".join(str(g) for g in p.groups.all())),
        (_("Date of capture"), lambda p: p.captured.iso()),
        (_("Place of capture"), lambda p: p.capture_place),
    ]


def rows(persons: QuerySet[Person]) -> Iterator[list[str]]:
    columns = _columns()
    yield [title for title, _get in columns]
    for person in persons.iterator(chunk_size=1000):
        yield [neutralise(str(get(person))) for _title, get in columns]


def csv_chunks(table: Iterable[list[str]]) -> Iterator[bytes]:
    """The CSV file in pieces, so a large export is streamed instead of held in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The BOM makes Excel open the file as UTF-8 instead of the local code page.
    buffer.write("\ufeff")
    for number, row in enumerate(table, start=1):
        writer.writerow(row)
        if number % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_csv(table: Iterable[list[str]]) -> bytes:
    return b"".join(csv_chunks(table))


def to_xlsx(table: Iterable[list[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Persons"))
    for row in table:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
