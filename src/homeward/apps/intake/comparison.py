"""The review page's side-by-side table: the incoming record against each candidate
person, field by field, with what the engine made of each pair of values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from homeward.apps.intake.models import ReviewTask
from homeward.apps.registry import selectors
from homeward.apps.registry.choices import SexChoice
from homeward.apps.registry.match_words import LEVEL_LABELS
from homeward.apps.registry.models import Person, Rank
from homeward.core.dates import PartialDate, Precision

# (engine field, the record's parsed field, label)
ROWS = (
    ("surname", "surname", _("Surname")),
    ("given_name", "given_name", _("Given name")),
    ("patronymic", "patronymic", _("Patronymic")),
    ("sex", "sex", _("Sex")),
    ("date_of_birth", "birth_date", _("Date of birth")),
    ("place_of_birth", "birth_place", _("Place of birth")),
    ("unit", "unit", _("Unit")),
    ("rank", "rank", _("Rank")),
    ("service_number", "service_number", _("Service number")),
)


@dataclass
class Cell:
    value: str
    level: str = ""
    label: str = ""
    bits: float | None = None

    @property
    def tone(self) -> str:
        """For colour: for, against, or neither."""
        if self.bits is None or abs(self.bits) < 0.5:
            return "neutral"
        return "for" if self.bits > 0 else "against"


@dataclass
class Row:
    label: Any
    incoming: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Column:
    person: Person | None
    person_id: int
    probability: float
    key: str  # the keyboard key that chooses it


def _person_value(person: Person | None, name: str) -> str:
    if person is None:
        return ""
    if name == "date_of_birth":
        return person.birth.display()
    if name == "sex":
        return "" if person.sex == "unknown" else person.get_sex_display()
    if name == "rank":
        return str(person.rank or "")
    if name == "place_of_birth":
        return person.birth_place
    return str(getattr(person, name, ""))


def _incoming_value(parsed: dict[str, str], name: str, ranks: dict[str, str]) -> str:
    value = parsed.get(name, "")
    if not value:
        return ""
    if name == "birth_date":
        precision = Precision(parsed.get("birth_date_precision") or "day")
        return PartialDate(dt.date.fromisoformat(value), precision).display()
    if name == "sex":
        return str(dict(SexChoice.choices).get(value, value))
    if name == "rank":
        return ranks.get(value, value)
    return value


def _visible(user: Any, pk: int) -> Person | None:
    try:
        return selectors.person_for(user, pk)
    except Http404:
        return None


def comparison(user: Any, task: ReviewTask) -> dict[str, Any]:
    """Rows of (label, what the task is about, each candidate's value and its weight). The
    task is about a list's record, or, for a possible duplicate, a registry person."""
    columns = [
        Column(_visible(user, c["person_id"]), c["person_id"], c["probability"], str(k))
        for k, c in enumerate(task.candidates, start=1)
    ]
    contributions = [{x["field"]: x for x in c["contributions"]} for c in task.candidates]
    subject = _visible(user, task.person_id) if task.person_id else None
    parsed = task.record.parsed or {} if task.record else {}
    ranks = {r.code: str(r) for r in Rank.objects.filter(code=parsed.get("rank", ""))}
    rows = []
    for engine_field, parsed_field, label in ROWS:
        if task.is_pair:
            row = Row(label, _person_value(subject, engine_field))
        else:
            row = Row(label, _incoming_value(parsed, parsed_field, ranks))
        for column, found in zip(columns, contributions, strict=True):
            x = found.get(engine_field)
            row.cells.append(
                Cell(
                    _person_value(column.person, engine_field),
                    x["level"] if x else "",
                    str(LEVEL_LABELS.get(x["level"], x["level"])) if x else "",
                    x["bits"] if x else None,
                )
            )
        rows.append(row)
    return {
        "columns": columns,
        "rows": rows,
        "raw": task.record.raw if task.record else {},
        "subject": subject,
    }
