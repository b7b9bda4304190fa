"""An incoming list read into person fields, row by row, with every problem named.

The registry's import (homeward.apps.intake) stores each row verbatim and links it through
the identity-resolution engine; this module decides what each row says and what is wrong
with it, without a database: which row, which column, why, and what to do about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from homeward.core.date_reading import read_date
from homeward.core.dates import EARLIEST_YEAR
from homeward.core.errors import InvalidDateError
from homeward.core.linkage.columns import sex_from_text
from homeward.core.messages import Message

# `_` only marks a template for the catalogue: it is translated where it is shown.
from homeward.core.messages import gettext_noop as _
from homeward.core.names.normalize import normalize_text
from homeward.core.names.parse import parse_full_name
from homeward.core.ranks import normalize_service_number, rank_from_text
from homeward.core.tabular import ID_FIELD, RowProblem, Table, map_headers

# The person fields a row can give, as the registry names them.
PERSON_FIELDS = (
    "surname", "given_name", "patronymic", "sex", "birth_date", "birth_date_precision",
    "birth_place", "unit", "rank", "service_number",
)  # fmt: skip
# Longest values the registry keeps (the Person model's limits).
_LIMITS = {"surname": 100, "given_name": 100, "patronymic": 100, "birth_place": 200,
           "unit": 200, "service_number": 50}  # fmt: skip
_NOT_A_DATE = _("“%(text)s” is not a date. Write it as DD.MM.YYYY, or the year alone")
_DATE_PROBLEMS = {
    "not_real": _("“%(text)s” is not a real date: check the day and the month"),
    "too_early": _("“%(text)s” is before %(year)d: check the year"),
}


@dataclass(frozen=True, slots=True)
class IncomingRow:
    number: int  # the line in the file (the header is line 1)
    record_id: str  # the file's own id for the row; "row N" when the file has no id column
    cells: dict[str, str]  # verbatim, by header
    fields: dict[str, str]  # what the row says about the person (PERSON_FIELDS)


@dataclass
class PreparedList:
    """A list read and checked: the rows that can be imported and the problems of the
    others. `problems` may name one row several times; `bad_rows` are their numbers."""

    path: str
    headers: list[str]
    mapping: dict[str, str]  # header → field
    encoding: str
    delimiter: str
    rows: list[IncomingRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems}

    @property
    def unmapped(self) -> list[str]:
        """Headers that name no known field: kept as extra attributes."""
        return [h for h in self.headers if h and h not in self.mapping]


def prepare_list(
    table: Table, overrides: Mapping[str, str] | None = None, today: dt.date | None = None
) -> PreparedList:
    """Read every row of `table` into person fields. Raises ValueError for a mapping
    that names an unknown field (see tabular.map_headers)."""
    today = today or dt.date.today()
    mapping = map_headers(table.headers, overrides)
    header_of = {f: h for h, f in mapping.items()}
    prepared = PreparedList(
        table.path, list(table.headers), mapping, table.encoding, table.delimiter
    )
    prepared.problems.extend(table.problems)
    seen: dict[str, int] = {}
    for row in table.rows:
        problems: list[RowProblem] = []
        fields = _read_fields(row.number, row.cells, header_of, problems, today)
        record_id = f"row {row.number}"
        if ID_FIELD in header_of:
            id_header = header_of[ID_FIELD]
            record_id = row.cells[id_header]
            if not record_id:
                problems.append(RowProblem(row.number, id_header, Message(_("the id is empty"))))
            elif record_id in seen:
                problems.append(RowProblem(row.number, id_header, Message(
                    _("the id %(id)s repeats row %(row)d"),
                    {"id": record_id, "row": seen[record_id]},
                )))  # fmt: skip
            else:
                seen[record_id] = row.number
        if problems:
            prepared.problems.extend(problems)
        else:
            prepared.rows.append(IncomingRow(row.number, record_id, dict(row.cells), fields))
    prepared.problems.sort(key=lambda p: p.row)
    return prepared


def _read_fields(
    number: int,
    cells: Mapping[str, str],
    header_of: Mapping[str, str],
    problems: list[RowProblem],
    today: dt.date,
) -> dict[str, str]:
    def verbatim(name: str) -> str:
        header = header_of.get(name)
        return cells.get(header, "").strip() if header else ""

    def cell(name: str) -> str:
        return normalize_text(verbatim(name))

    def problem(name: str, template: str, **values: str | int) -> None:
        problems.append(RowProblem(number, header_of.get(name, ""), Message(template, values)))

    fields = {name: cell(name) for name in ("surname", "given_name", "patronymic")}
    full = cell("full_name")
    if full and not (fields["surname"] or fields["given_name"]):
        parsed = parse_full_name(full)
        fields.update(
            surname=parsed.surname, given_name=parsed.given_name, patronymic=parsed.patronymic
        )
    for name in ("surname", "given_name", "patronymic"):
        fields[name] = _title_if_capitals(fields[name])
    if not fields["surname"] and not fields["given_name"]:
        where = "full_name" if "full_name" in header_of else "surname"
        problem(where, _("no name: give the surname and the given name"))
    elif not fields["surname"]:
        problem("surname", _("the surname is empty"))
    # A surname without a given name (`Онищенко … Володимирович, 27.03.1979`) can still be
    # linked; the import sends it to a registrar rather than make a person of it.

    fields["sex"] = ""
    if sex := cell("sex"):
        fields["sex"] = sex_from_text(sex)
        if not fields["sex"]:
            problem(
                "sex", _("“%(text)s” is not a sex: write male or female (ч/ж, м/ж, m/f)"), text=sex
            )

    fields["birth_date"] = fields["birth_date_precision"] = ""
    # Read as written: name normalisation would turn 31.02.1985 into “31 02 1985”, and the
    # message must quote the file.
    if born := verbatim("date_of_birth"):
        try:
            reading = read_date(born, today)
        except InvalidDateError as exc:
            problem("date_of_birth", _DATE_PROBLEMS.get(exc.code, _NOT_A_DATE), text=born,
                    year=EARLIEST_YEAR)  # fmt: skip
        else:
            value = reading.date.value
            if value is not None and value > today:
                problem("date_of_birth", _("“%(text)s” is in the future"), text=born)
            elif value is not None:
                fields["birth_date"] = value.isoformat()
                fields["birth_date_precision"] = reading.date.precision.value

    fields["birth_place"] = cell("place_of_birth")
    fields["unit"] = cell("unit")
    fields["service_number"] = normalize_service_number(cell("service_number"))
    rank_text = cell("rank")
    rank = rank_from_text(rank_text) if rank_text else None
    # An unknown rank is no reason to refuse a row: the cell stays in the record verbatim.
    fields["rank"] = rank.code if rank else ""

    for name, limit in _LIMITS.items():
        if len(fields[name]) > limit:
            problem(name if name in header_of else "full_name",
                    _("too long: %(length)d characters where at most %(limit)d fit"),
                    length=len(fields[name]), limit=limit)  # fmt: skip
    return fields


def _title_if_capitals(name: str) -> str:
    """Lists write surnames in capitals (`ШЕВЧЕНКО`); the registry keeps `Шевченко`,
    and `Шевченко-Бойко`, `Д'Артаньян` as they are written otherwise."""
    if len(name) < 2 or not name.isupper():
        return name
    return "-".join(part[:1] + part[1:].lower() for part in name.split("-"))


def engine_columns(
    rows: Sequence[IncomingRow], mapping: Mapping[str, str]
) -> tuple[list[str], dict[str, list[str]], dict[str, list[str]]]:
    """The rows as the identity-resolution engine takes them: ids, the known fields'
    columns (verbatim cells: the engine reads names and dates itself) and the others."""
    ids = [r.record_id for r in rows]
    columns = {f: [r.cells.get(h, "") for r in rows] for h, f in mapping.items() if f != ID_FIELD}
    extras = {
        h: [r.cells.get(h, "") for r in rows]
        for h in (rows[0].cells if rows else {})
        if h and h not in mapping
    }
    return ids, columns, extras
