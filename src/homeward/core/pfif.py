"""PFIF 1.4, the People Finder Interchange Format missing-person boards exchange records in
(http://zesty.ca/pfif/1.4): person records, each with the notes that say what is known of
them. Written with the standard library; fields in the order Google Person Finder writes
them (the format itself leaves the order free)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

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


def _add(parent: ET.Element, name: str, value: str | None) -> None:
    if value:
        ET.SubElement(parent, f"{{{NAMESPACE}}}{name}").text = _text(value)


def _note(parent: ET.Element, note: Note, person_record_id: str) -> None:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}note")
    _add(element, "note_record_id", note.record_id)
    _add(element, "person_record_id", person_record_id)
    _add(element, "entry_date", utc(note.entry_date))
    _add(element, "author_name", note.author_name)
    _add(element, "source_date", utc(note.source_date))
    if note.author_made_contact is not None:
        _add(element, "author_made_contact", "true" if note.author_made_contact else "false")
    _add(element, "status", note.status)
    # `text` is required by the schema even when there is nothing to say
    ET.SubElement(element, f"{{{NAMESPACE}}}text").text = _text(note.text)


def document(persons: Iterable[PersonRecord]) -> bytes:
    """The PFIF 1.4 document: each person with its notes nested inside it."""
    root = ET.Element(f"{{{NAMESPACE}}}pfif")
    for person in persons:
        element = ET.SubElement(root, f"{{{NAMESPACE}}}person")
        _add(element, "person_record_id", person.record_id)
        _add(element, "entry_date", utc(person.entry_date))
        if person.expiry_date is not None:
            _add(element, "expiry_date", utc(person.expiry_date))
        _add(element, "author_name", person.author_name)
        _add(element, "source_name", person.source_name)
        _add(element, "source_date", utc(person.source_date))
        _add(element, "full_name", _lines(person.full_names))
        _add(element, "given_name", person.given_name)
        _add(element, "family_name", person.family_name)
        _add(element, "alternate_names", _lines(person.alternate_names))
        _add(element, "sex", person.sex)
        _add(element, "date_of_birth", person.date_of_birth)
        for note in person.notes:
            _note(element, note, person.record_id)
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


ET.register_namespace("pfif", NAMESPACE)
