"""Each scored pair explained field by field, in words a registrar understands."""

from __future__ import annotations

from dataclasses import dataclass

from homeward.core.linkage.columns import NAME_FIELDS, RecordTable
from homeward.core.linkage.names import NameLevel, compare_entries

FIELD_LABELS = {
    "surname": "surname",
    "given_name": "given name",
    "patronymic": "patronymic",
    "date_of_birth": "date of birth",
    "sex": "sex",
    "service_number": "service number",
    "rank": "rank",
    "unit": "unit",
    "place_of_birth": "place of birth",
    "address": "address",
    "postcode": "postcode",
    "occupation": "occupation",
}
LEVEL_WORDS = {
    "agree": "the same name",
    "close": "a letter or two differ",
    "similar": "similar",
    "initial": "the initial agrees",
    "different": "different",
    "exact": "the same",
    "swapped": "day and month swapped",
    "same_month": "the same month and year",
    "same_year": "the same year",
    "one_year_apart": "one year apart",
    "same_year_other_day": "the same year, another day",
    "same": "the same",
    "one_character": "one character differs",
}
_SEX_WORDS = {0: "", 1: "male", 2: "female"}


@dataclass(frozen=True, slots=True)
class Contribution:
    field: str  # the field's name (or extra:HEADER)
    level: str  # the comparison level's name
    bits: float  # its weight, log2 of the likelihood ratio
    first: str  # the values compared, as read
    second: str

    def words(self) -> str:
        label = FIELD_LABELS.get(self.field, self.field.removeprefix("extra:"))
        text = LEVEL_WORDS.get(self.level, self.level.replace("_", " "))
        values = self.first if self.first == self.second else f"{self.first} / {self.second}"
        return f"{label} {text} ({values}) {self.bits:+.1f}"


def value_text(table: RecordTable, field: str, row: int) -> str:
    encoder = table.encoder
    if field in NAME_FIELDS:
        return encoder.names[field].values[int(table.names(field)[row])]
    if field == "date_of_birth":
        y, m, d, p = (int(x[row]) for x in (table.year, table.month, table.day, table.precision))
        return ["", f"{y}", f"{m:02d}.{y}", f"{d:02d}.{m:02d}.{y}"][p]
    if field == "sex":
        return _SEX_WORDS[int(table.sex[row])]
    if field.startswith("extra:"):
        column = table.extras[field.removeprefix("extra:")]
        return encoder.values[field].display[int(column[row])]
    return encoder.values[field].display[int(table.value_column(field)[row])]


def agreeing_name_level(
    table_a: RecordTable, a: int, table_b: RecordTable, b: int, field: str
) -> str:
    """ "same" (one spelling) or "equivalent" (another form) for an agreeing name."""
    info = table_a.encoder.names[field].info
    entry_a = info[int(table_a.names(field)[a])]
    entry_b = info[int(table_b.names(field)[b])]
    same = compare_entries(entry_a, entry_b).level is NameLevel.SAME
    return "same" if same else "equivalent"


def render(contributions: list[Contribution]) -> str:
    return "; ".join(c.words() for c in contributions)
