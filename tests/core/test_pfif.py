"""PFIF 1.4 documents: the namespace, the required fields, notes nested in their person,
UTC dates, multi-valued names, and what the format cannot carry refused by field."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest

from homeward.core import pfif

NS = {"pfif": pfif.NAMESPACE}
KYIV = dt.timezone(dt.timedelta(hours=2))
NOW = dt.datetime(2026, 12, 3, 23, 30, 15, 999, tzinfo=KYIV)


def parse(document: bytes) -> ET.Element:
    return ET.fromstring(document)  # noqa: S314 (our own output)


def person(**overrides: object) -> pfif.PersonRecord:
    fields: dict[str, object] = {
        "record_id": pfif.record_id("homeward.example.org", "person.HW-2026-000001"),
        "entry_date": NOW, "author_name": "Штаб", "source_name": "Homeward", "source_date": NOW,
        "full_names": ("Шевченко Олександр", "Shevchenko Oleksandr", "Shevchenko Oleksandr"),
        "given_name": "Олександр", "family_name": "Шевченко",
        "alternate_names": ("Шевченко Александр",), "sex": "male", "date_of_birth": "1990",
        "expiry_date": NOW + dt.timedelta(days=365),
        "notes": (pfif.Note(record_id="homeward.example.org/note.1", author_name="Штаб",
                            source_date=NOW, entry_date=NOW, text="Повернувся / Returned",
                            status="believed_alive", author_made_contact=True),),
    }  # fmt: skip
    fields.update(overrides)
    return pfif.PersonRecord(**fields)  # type: ignore[arg-type]


def test_a_person_with_a_nested_note() -> None:
    root = parse(pfif.document([person()]))
    assert root.tag == f"{{{pfif.NAMESPACE}}}pfif"
    (record,) = root.findall("pfif:person", NS)
    tags = [child.tag.split("}")[1] for child in record]
    assert tags == ["person_record_id", "entry_date", "expiry_date", "author_name",
                    "source_name", "source_date", "full_name", "given_name", "family_name",
                    "alternate_names", "sex", "date_of_birth", "note"]  # fmt: skip
    assert record.findtext("pfif:person_record_id", namespaces=NS) == (
        "homeward.example.org/person.HW-2026-000001")  # fmt: skip
    # 23:30 in Kyiv is 21:30 UTC; PFIF gives seconds, not microseconds
    assert record.findtext("pfif:entry_date", namespaces=NS) == "2026-12-03T21:30:15Z"
    # several names, one per line, each once
    assert record.findtext("pfif:full_name", namespaces=NS) == (
        "Шевченко Олександр\nShevchenko Oleksandr")  # fmt: skip
    note = record.find("pfif:note", NS)
    assert note is not None
    assert note.findtext("pfif:person_record_id", namespaces=NS) == (
        record.findtext("pfif:person_record_id", namespaces=NS))  # fmt: skip
    assert note.findtext("pfif:author_made_contact", namespaces=NS) == "true"
    assert note.findtext("pfif:status", namespaces=NS) == "believed_alive"


def test_empty_fields_are_left_out_but_a_note_always_has_text() -> None:
    note = pfif.Note(record_id="h.org/note.2", author_name="Штаб", source_date=NOW,
                     entry_date=NOW, text="")  # fmt: skip
    root = parse(pfif.document([person(sex="", date_of_birth="", alternate_names=(),
                                               expiry_date=None, notes=(note,))]))  # fmt: skip
    record = root.find("pfif:person", NS)
    assert record is not None
    for absent in ("sex", "date_of_birth", "alternate_names", "expiry_date"):
        assert record.find(f"pfif:{absent}", NS) is None
    written = record.find("pfif:note", NS)
    assert written is not None and written.find("pfif:text", NS) is not None
    assert written.find("pfif:status", NS) is None
    assert written.find("pfif:author_made_contact", NS) is None


def test_characters_xml_cannot_carry_are_dropped() -> None:
    root = parse(pfif.document([person(given_name="Олек\x00сандр\x1b")]))
    assert root.findtext("pfif:person/pfif:given_name", namespaces=NS) == "Олександр"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"full_names": (" ",)}, "requires a full name"),
    ({"sex": "unknown"}, "no sex 'unknown'"),
    ({"date_of_birth": "21.03.1990"}, "is not YYYY, YYYY-MM or YYYY-MM-DD"),
])  # fmt: skip
def test_what_pfif_cannot_carry_is_refused_by_field(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(pfif.PfifError, match=message):
        person(**overrides)


def test_record_ids_need_a_domain_and_dates_a_time_zone() -> None:
    with pytest.raises(pfif.PfifError, match="lower-case domain name"):
        pfif.record_id("Homeward", "person.1")
    with pytest.raises(pfif.PfifError, match="local part"):
        pfif.record_id("homeward.example.org", "")
    with pytest.raises(pfif.PfifError, match="time zone"):
        pfif.utc(dt.datetime(2026, 1, 1))
    with pytest.raises(pfif.PfifError, match="no note status"):
        pfif.Note(record_id="h.org/n", author_name="a", source_date=NOW, entry_date=NOW,
                  text="", status="dead")  # fmt: skip


def test_the_document_is_streamed_a_person_at_a_time_and_escaped() -> None:
    parts = list(pfif.chunks([person(), person(given_name="<Олег & Co>")]))
    assert len(parts) == 4  # the opening, one chunk per person, the closing
    assert parts[0].startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = parse(b"".join(parts))
    names = [p.findtext("pfif:given_name", namespaces=NS) for p in root.findall("pfif:person", NS)]
    assert names == ["Олександр", "<Олег & Co>"]
