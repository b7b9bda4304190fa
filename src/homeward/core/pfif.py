"""PFIF 1.4, the People Finder Interchange Format missing-person boards exchange records in
(http://zesty.ca/pfif/1.4): person records, each with the notes that say what is known of
them. Streamed a person at a time with the standard library's XML escaping; fields in the
order Google Person Finder writes them (the format itself leaves the order free)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

NAMESPACE = "http://zesty.ca/pfif/1.4"
MIME_TYPE = "application/pfif+xml"
SEXES = frozenset({"female", "male", "other"})
NOTE_STATUSES = frozenset(
    {"information_sought", "is_note_author", "believed_alive", "believed_missing", "believed_dead"}
)
_DOMAIN = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_APPROX_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Characters XML 1.0 cannot carry at all; an import may have left one in a name.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class PfifError(ValueError):
    """A record PFIF 1.4 cannot carry; the message says which field."""


def record_id(domain: str, local: str) -> str:
    """ "homeward.example.org/person.HW-2025-000001": the repository's domain name, then
    an identifier unique within it."""
    if not _DOMAIN.match(domain):
        raise PfifError(f"A PFIF record id needs a lower-case domain name, not {domain!r}.")
    if not local:
        raise PfifError("A PFIF record id needs a local part.")
    return f"{domain}/{local}"


def utc(moment: dt.datetime) -> str:
    """ "2025-05-24T09:30:00Z": PFIF dates are in UTC, to the second."""
    if moment.tzinfo is None:
        raise PfifError("PFIF dates must know their time zone.")
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Note:
    record_id: str
    author_name: str
    source_date: dt.datetime
    entry_date: dt.datetime
    text: str
    status: str = ""
    author_made_contact: bool | None = None

    def __post_init__(self) -> None:
        if self.status and self.status not in NOTE_STATUSES:
            raise PfifError(f"PFIF has no note status {self.status!r}.")


@dataclass(frozen=True, slots=True)
class PersonRecord:
    record_id: str
    entry_date: dt.datetime
    author_name: str
    source_name: str
    source_date: dt.datetime
    full_names: tuple[str, ...]  # the first is the name the board shows
    given_name: str = ""
    family_name: str = ""
    alternate_names: tuple[str, ...] = ()
    sex: str = ""
    date_of_birth: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    expiry_date: dt.datetime | None = None
    notes: tuple[Note, ...] = ()

    def __post_init__(self) -> None:
        if not any(name.strip() for name in self.full_names):
            raise PfifError(f"{self.record_id}: PFIF requires a full name.")
        if self.sex and self.sex not in SEXES:
            raise PfifError(f"{self.record_id}: PFIF has no sex {self.sex!r}.")
        if self.date_of_birth and not _APPROX_DATE.match(self.date_of_birth):
            raise PfifError(f"{self.record_id}: date of birth {self.date_of_birth!r} is not "
                            "YYYY, YYYY-MM or YYYY-MM-DD.")  # fmt: skip


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _lines(values: Iterable[str]) -> str:
    """PFIF separates the values of a multi-valued field with a line feed."""
    seen: list[str] = []
    for value in values:
        value = " ".join(_text(value).split())
        if value and value not in seen:
            seen.append(value)
    return "\n".join(seen)


def _field(name: str, value: str | None, indent: str) -> str:
    if not value:
        return ""
    return f"{indent}<pfif:{name}>{escape(_text(value))}</pfif:{name}>\n"


def _note(note: Note, person_record_id: str) -> str:
    i = "      "
    contact = (None if note.author_made_contact is None
               else "true" if note.author_made_contact else "false")  # fmt: skip
    return "".join((
        "    <pfif:note>\n",
        _field("note_record_id", note.record_id, i),
        _field("person_record_id", person_record_id, i),
        _field("entry_date", utc(note.entry_date), i),
        _field("author_name", note.author_name, i),
        _field("source_date", utc(note.source_date), i),
        _field("author_made_contact", contact, i),
        _field("status", note.status, i),
        # `text` is required by the schema even when there is nothing to say
        f"{i}<pfif:text>{escape(_text(note.text))}</pfif:text>\n",
        "    </pfif:note>\n",
    ))  # fmt: skip


def _person(person: PersonRecord) -> str:
    i = "    "
    return "".join((
        "  <pfif:person>\n",
        _field("person_record_id", person.record_id, i),
        _field("entry_date", utc(person.entry_date), i),
        _field("expiry_date", utc(person.expiry_date) if person.expiry_date else None, i),
        _field("author_name", person.author_name, i),
        _field("source_name", person.source_name, i),
        _field("source_date", utc(person.source_date), i),
        _field("full_name", _lines(person.full_names), i),
        _field("given_name", person.given_name, i),
        _field("family_name", person.family_name, i),
        _field("alternate_names", _lines(person.alternate_names), i),
        _field("sex", person.sex, i),
        _field("date_of_birth", person.date_of_birth, i),
        *(_note(note, person.record_id) for note in person.notes),
        "  </pfif:person>\n",
    ))  # fmt: skip


def chunks(persons: Iterable[PersonRecord]) -> Iterator[bytes]:
    """The PFIF 1.4 document, a person at a time, each with its notes nested inside it:
    a board's whole export never has to be held in memory."""
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="{NAMESPACE}">\n'.encode()
    for person in persons:
        yield _person(person).encode()
    yield b"</pfif:pfif>\n"


def document(persons: Iterable[PersonRecord]) -> bytes:
    return b"".join(chunks(persons))
