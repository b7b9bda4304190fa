"""The statistics as files: CSV (one count per line), XLSX (a sheet per table) and PDF (the
tables, set in DejaVu Sans). For the staff every count; for publication small counts
withheld (core.disclosure), marked "<5" and "x" with a note saying what they mean. Every
export is recorded in the audit trail with its audience."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from importlib.resources import files

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook

from homeward.apps.audit import services as audit
from homeward.apps.common.permissions import Perm
from homeward.apps.registry.exports import neutralise
from homeward.core.disclosure import Published
from homeward.core.statistics import Table, published

MAY_EXPORT = Perm.VIEW_STATISTICS
FONTS = files("homeward") / "static" / "vendor" / "dejavu"
FORMATS = ("csv", "xlsx", "pdf")
AUDIENCES = ("staff", "public")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
WITHHELD_OTHER = "x"


def prepared(tables: Sequence[Table], audience: str) -> list[Table]:
    """The tables for the audience: as they are for the staff, withheld for the public."""
    if audience == "staff":
        return list(tables)
    return published(tables, settings.HOMEWARD_PUBLIC_MIN_COUNT)


def cell(value: Published) -> int | str:
    if isinstance(value, int):
        return value
    return f"<{settings.HOMEWARD_PUBLIC_MIN_COUNT}" if value.small else WITHHELD_OTHER


def note(audience: str) -> str:
    if audience == "staff":
        return _("For the staff: every count, not for publication.")
    t = settings.HOMEWARD_PUBLIC_MIN_COUNT
    return _("For publication: counts from 1 to %(below)s are shown as “<%(t)s”. Where "
             "counts are the parts of a total and one of them is that small, each part of "
             "that row is shown as “x”, as is any count a stage's own figures withhold; a "
             "column that would show nobody is left out. The tables of the registry by "
             "status and of the months are for the staff only: their counts add up to "
             "those of the others.") % {
        "below": t - 1, "t": t}  # fmt: skip


def _grid(table: Table) -> Iterator[list[int | str]]:
    """The header and the rows, with the total where the cells are its parts."""
    with_total = any(row.total is not None for row in table.rows)
    yield ["", *table.columns, *([_("Total")] if with_total else [])]
    for row in table.rows:
        total = [row.total if row.total is not None else ""] if with_total else []
        yield [row.label, *(cell(c) for c in row.cells), *total]


def to_csv(tables: Sequence[Table]) -> bytes:
    """One count per line: table, row, column, count. A spreadsheet opens it as is."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Table"), _("Row"), _("Column"), _("Count")])
    for table in tables:
        header, *rows = list(_grid(table))
        for row in rows:
            for column, value in zip(header[1:], row[1:], strict=True):
                if value != "":
                    writer.writerow([neutralise(table.title), neutralise(str(row[0])),
                                     neutralise(str(column)), value])  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(tables: Sequence[Table], heading: str) -> bytes:
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = _("About")[:31]
    for line in heading.split("\n"):
        about.append([line])
    used: set[str] = {about.title}
    for table in tables:
        title = table.key[:31]
        while title in used:
            title = f"{title[:28]}_{len(used)}"
        used.add(title)
        sheet = book.create_sheet(title)
        sheet.append([neutralise(table.title)])
        for row in _grid(table):
            sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(tables: Sequence[Table], heading: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(15, 15, 15)
    pdf.set_title(heading.split("\n")[0])
    pdf.set_creator("Homeward")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    lines = heading.split("\n")
    pdf.multi_cell(0, 7, lines[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for line in lines[1:]:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    for table in tables:
        header, *rows = list(_grid(table))
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, table.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 7 if len(header) > 8 else 8)
        width = pdf.epw
        first = min(45.0, width / 3)
        rest = (width - first) / max(1, len(header) - 1)
        with pdf.table(col_widths=(first, *([rest] * (len(header) - 1))),
                       text_align=("LEFT", *(["RIGHT"] * (len(header) - 1))),
                       line_height=4.5) as grid:  # fmt: skip
            for values in (header, *rows):
                cells = grid.row()
                for value in values:
                    cells.cell(str(value))
    return bytes(pdf.output())


@transaction.atomic
def export(*, actor: User, tables: Sequence[Table], title: str, fmt: str,
           audience: str) -> bytes:  # fmt: skip
    """The file, recorded as an export of aggregate counts with its audience."""
    if not actor.has_perm(MAY_EXPORT):
        raise PermissionDenied(_("You may not see aggregate counts."))
    if fmt not in FORMATS or audience not in AUDIENCES:
        raise ValueError(f"unknown format {fmt!r} or audience {audience!r}")
    shown = prepared(tables, audience)
    now = timezone.localtime()
    heading = "\n".join((title, _("Homeward, %(when)s.") % {
        "when": date_format(now, "DATETIME_FORMAT")}, note(audience)))  # fmt: skip
    content = (to_csv(shown) if fmt == "csv" else to_xlsx(shown, heading) if fmt == "xlsx"
               else to_pdf(shown, heading))  # fmt: skip
    audit.record(
        actor=actor, action="statistics.export", object_type="statistics", object_repr=title,
        after={"format": fmt, "audience": audience, "tables": [t.key for t in tables],
               "threshold": settings.HOMEWARD_PUBLIC_MIN_COUNT if audience == "public" else 0},
    )  # fmt: skip
    return content
