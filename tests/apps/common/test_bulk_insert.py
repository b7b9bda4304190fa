"""Bulk inserts (ADR 42) write what `bulk_create` writes: the same values read back through
the ORM (JSON, encrypted text, time stamps, foreign keys to rows inserted just before), ids
that never collide with other inserts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from homeward.apps.common.bulk_insert import bulk_insert
from homeward.apps.registry.models import Person, Source, SourceRecord

pytestmark = pytest.mark.django_db


def _records(source: Source, person: Person | None, count: int) -> list[SourceRecord]:
    return [
        SourceRecord(
            source=source,
            external_id=f"row-{n}",
            raw={"ПІБ": f"Бойко Іван {n}", "quote": 'a "b"\tc\\d\n'},
            parsed={"surname": "Бойко", "n": n},
            person=person,
        )
        for n in range(count)
    ]


def test_rows_read_back_as_the_orm_wrote_them(person: Person) -> None:
    source = Source.objects.create(kind="family", name="Сім'я")
    records = _records(source, person, 3)
    with transaction.atomic():
        bulk_insert(records)
    assert [r.pk for r in records] == sorted(r.pk for r in records)
    stored = SourceRecord.objects.filter(source=source).order_by("pk")
    assert [(r.pk, r.external_id, r.raw, r.parsed, r.person_id) for r in stored] == [
        (r.pk, r.external_id, r.raw, r.parsed, person.pk) for r in records
    ]
    assert all(
        abs(r.entered_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1) for r in stored
    )


def test_a_foreign_key_to_a_row_inserted_before(person: Person) -> None:
    source = Source.objects.create(kind="family", name="Сім'я")
    template = Person.objects.get(pk=person.pk)
    new = Person(**{f.attname: getattr(template, f.attname) for f in Person._meta.concrete_fields})
    new.pk, new.case_number, new.medical_notes = None, "HW-2099-000001", "Перелом ребер"
    [record] = _records(source, None, 1)
    record.person = new  # not saved yet when the record is built
    with transaction.atomic():
        bulk_insert([new])
        bulk_insert([record])
    assert SourceRecord.objects.get(pk=record.pk).person_id == new.pk
    assert Person.objects.get(pk=new.pk).medical_notes == "Перелом ребер"
    with connection.cursor() as cursor:  # encrypted at rest, as the ORM writes it
        cursor.execute("SELECT medical_notes FROM registry_person WHERE id = %s", [new.pk])
        assert "Перелом" not in cursor.fetchone()[0]


def test_ids_follow_the_orm_and_the_orm_follows_them() -> None:
    source = Source.objects.create(kind="family", name="Сім'я")
    before = SourceRecord.objects.create(source=source, raw={}, parsed={})
    records = _records(source, None, 2)
    with transaction.atomic():
        bulk_insert(records)
    after = SourceRecord.objects.create(source=source, raw={}, parsed={})
    assert before.pk < records[0].pk < records[1].pk < after.pk


def test_refused_for_saved_rows_or_two_models(person: Person) -> None:
    source = Source.objects.create(kind="family", name="Сім'я")
    with transaction.atomic(), pytest.raises(ValueError, match="unsaved"):
        bulk_insert([person])
    with transaction.atomic(), pytest.raises(ValueError, match="one model"):
        bulk_insert([*_records(source, person, 1), Source(kind="family", name="x")])
    assert not SourceRecord.objects.filter(source=source).exists()
