"""Each scored pair explained field by field, in words a registrar understands."""

from __future__ import annotations

from typing import NamedTuple

from homeward.core.linkage.columns import NAME_FIELDS, RecordTable

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


class Contribution(NamedTuple):  # a tuple: a list of 100,000 is explained in one go
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


def value_texts(table: RecordTable, field: str, rows: list[int]) -> list[str]:
    """The values of a field in some rows, as the explanation shows them."""
    encoder = table.encoder
    if field == "date_of_birth":
        columns = (table.year, table.month, table.day, table.precision)
        y, m, d, p = (column[rows].tolist() for column in columns)
        formats = ("", "{0}", "{1:02d}.{0}", "{2:02d}.{1:02d}.{0}")
        return [formats[pk].format(yk, mk, dk) for yk, mk, dk, pk in zip(y, m, d, p, strict=True)]
    if field == "sex":
        return [_SEX_WORDS[s] for s in table.sex[rows].tolist()]
    if field in NAME_FIELDS:
        texts, ids = encoder.names[field].values, table.names(field)
    elif field.startswith("extra:"):
        texts, ids = encoder.values[field].display, table.extras[field.removeprefix("extra:")]
    else:
        texts, ids = encoder.values[field].display, table.value_column(field)
    return [texts[i] for i in ids[rows].tolist()]


def same_spellings(
    table_a: RecordTable, rows_a: list[int], table_b: RecordTable, rows_b: list[int], field: str
) -> list[bool]:
    """Per pair of agreeing names, whether they are one spelling ("same") rather than
    another form of the name ("equivalent")."""
    info = table_a.encoder.names[field].info
    ids_a = table_a.names(field)[rows_a].tolist()
    ids_b = table_b.names(field)[rows_b].tolist()
    return [info[x].key == info[y].key for x, y in zip(ids_a, ids_b, strict=True)]


def render(contributions: list[Contribution]) -> str:
    return "; ".join(c.words() for c in contributions)
