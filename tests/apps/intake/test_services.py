from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from homeward.apps.audit.models import AuditEntry
from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.common import bulk_insert
from homeward.apps.intake import services
from homeward.apps.intake.models import ImportBatch, ImportedRecord, ImportStatus, ReviewTask
from homeward.apps.registry import exports
from homeward.apps.registry.models import Person, SourceRecord
from tests.apps.intake.conftest import COUNTERPART_HEADER, counterpart_csv, import_list

pytestmark = pytest.mark.django_db

HEADER = COUNTERPART_HEADER
_csv = counterpart_csv
_import = import_list


def test_a_counterpart_list_in_cp1251_links_creates_and_asks(
    registrar: User, registry: dict[str, Person]
) -> None:
    content = _csv(
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456",
        "2;ГНАТЮК Иван Петрович;;;",  # the father or the son: a reviewer decides
        "3;КОВАЛЕНКО Петр Иванович;01.01.1980;сержант;",
        "4;Коваленко Петр Иванович;01.01.1980;;",  # the same new man twice in the list
    )
    batch = _import(registrar, content)
    assert batch.status == ImportStatus.DONE
    assert batch.summary() == {
        "rows": 4,
        "linked": 1,
        "review": 1,
        "new_rows": 2,
        "errors": 0,
        "new_persons": 1,
    }
    records = {r.external_id: r for r in SourceRecord.objects.filter(source=batch.source)}
    assert records["1"].person == registry["shevchenko"]
    assert records["1"].raw["ФИО"] == "ШЕВЧЕНКО Александр Николаевич"  # verbatim
    assert records["2"].person is None
    task = ReviewTask.objects.get(record=records["2"])
    shown = {c["person_id"] for c in task.candidates}
    assert shown == {registry["father"].pk, registry["son"].pk}
    assert all(c["explanation"] and c["contributions"] for c in task.candidates)
    # One new person for the two rows that are one man.
    assert records["3"].person is not None and records["3"].person == records["4"].person
    new = records["3"].person
    assert (new.surname, new.given_name, new.patronymic) == ("Коваленко", "Петр", "Иванович")
    assert new.birth_date == dt.date(1980, 1, 1) and new.birth_date_precision == "day"
    assert new.rank is not None and new.rank.code == "sergeant"
    assert ImportedRecord.objects.filter(batch=batch).count() == 4
    assert AuditEntry.objects.filter(action="person.create", object_id=str(new.pk)).exists()
    assert AuditEntry.objects.filter(action="import.run", object_id=str(batch.pk)).exists()
    assert verify_audit_trail().broken is None


def test_a_counterpart_list_in_koi8_r_is_read_and_linked(
    registrar: User, registry: dict[str, Person]
) -> None:
    """KOI8-R, which older Russian systems still write: every byte is a letter in
    Windows-1251 too, so reading it the wrong way would make new persons of mojibake."""
    content = _csv(
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456",
        header="Номер;ФИО;Дата рождения;Звание;Личный номер\n",
        encoding="koi8-r",
    )
    batch = _import(registrar, content, source_name="Список КОИ-8")
    assert (batch.encoding, batch.summary()["linked"]) == ("koi8-r", 1)
    record = SourceRecord.objects.get(source=batch.source)
    assert record.raw["ФИО"] == "ШЕВЧЕНКО Александр Николаевич"
    assert record.person == registry["shevchenko"]


def test_bad_rows_stop_the_whole_import_and_are_named(
    registrar: User, registry: dict[str, Person]
) -> None:
    content = _csv(
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;;",
        "2;ИВАНОВ;31.02.1990;;",
        "3;;;;",
        "3;Петренко Петр Петрович;01.01.2091;;",
    )
    before = (Person.objects.count(), SourceRecord.objects.count())
    batch = _import(registrar, content)
    assert batch.status == ImportStatus.READY
    where = {(p["row"], p["column"]) for p in batch.problems}
    assert (3, "Дата рождения") in where  # 31.02 is no date
    assert (5, "№") in where  # the id repeats row 4
    assert (5, "Дата рождения") in where  # in the future
    assert (4, "ФИО") in where  # no name at all
    assert batch.summary()["errors"] == 3
    assert (Person.objects.count(), SourceRecord.objects.count()) == before
    # With the rows left out, the rest goes in.
    again = _import(registrar, content, skip_bad_rows=True)
    assert again.status == ImportStatus.DONE
    assert (again.linked, again.skipped) == (1, 3)
    summary = again.summary()  # every row is in exactly one count
    assert summary["rows"] == sum(summary[k] for k in ("linked", "review", "new_rows", "errors"))


def test_a_failure_while_writing_leaves_nothing_and_can_be_run_again(
    registrar: User, registry: dict[str, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _csv("1;КОВАЛЕНКО Петр Иванович;01.01.1980;;", "2;ШЕВЧЕНКО Александр;1990;;")
    batch = services.stage_import(
        actor=registrar,
        file_name="list.csv",
        content=content,
        source_kind="counterpart",
        source_name="Список 13",
    )
    before = (Person.objects.count(), SourceRecord.objects.count(), AuditEntry.objects.count())

    insert = bulk_insert.insert

    def crash(prepared: bulk_insert.Prepared) -> None:
        insert(prepared)  # the persons and source records go in; then the disk is full
        if prepared.objects and isinstance(prepared.objects[0], ImportedRecord | ReviewTask):
            raise RuntimeError("the disk is full")

    monkeypatch.setattr(bulk_insert, "insert", crash)
    with pytest.raises(RuntimeError):
        services.run_import(actor=registrar, batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and "disk is full" in batch.error
    assert (
        Person.objects.count(),
        SourceRecord.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    monkeypatch.undo()
    done = services.run_import(actor=registrar, batch_id=batch.pk)
    assert done.status == ImportStatus.DONE and done.new + done.linked + done.review == 2
    with pytest.raises(services.ImportError_, match="already imported"):
        services.run_import(actor=registrar, batch_id=batch.pk)
    # A run that finds the batch finished meanwhile (past its claim) leaves it DONE.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, heartbeat=None)
    real_plan = services._plan

    def finished_meanwhile(*args: Any, **kwargs: Any) -> Any:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.DONE)
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(services, "_plan", finished_meanwhile)
    with pytest.raises(services.ImportError_, match="already imported"):
        services.run_import(actor=registrar, batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE and not batch.error


def test_a_row_without_a_given_name_goes_to_a_registrar(registrar: User) -> None:
    batch = _import(registrar, _csv("1;ОНИЩЕНКО;27.03.1979;;", "2;Бойко Іван Іванович;;;"))
    assert batch.summary() == {
        "rows": 2,
        "linked": 0,
        "review": 1,
        "new_rows": 1,
        "errors": 0,
        "new_persons": 1,
    }
    task = ReviewTask.objects.get(batch=batch)
    assert task.record.external_id == "1" and task.candidates == []


def test_an_import_into_an_empty_registry_creates_everyone(registrar: User) -> None:
    batch = _import(registrar, _csv("1;КОВАЛЕНКО Петр Иванович;1980;;", "2;Бойко Іван Іванович;;;"))
    assert batch.summary() == {
        "rows": 2,
        "linked": 0,
        "review": 0,
        "new_rows": 2,
        "errors": 0,
        "new_persons": 2,
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00garbage" * 100, "not a text"),
        ("№;ФИО\n".encode("cp1251"), "no rows"),
    ],
    ids=["empty", "binary", "only-headers"],
)
def test_unreadable_files_are_refused_with_the_reason(
    registrar: User, content: bytes, message: str
) -> None:
    with pytest.raises(services.ImportError_, match=message):
        _import(registrar, content)
    assert not ImportBatch.objects.exists()


def test_a_file_too_large_is_refused(registrar: User, settings: Any) -> None:
    settings.HOMEWARD_MAX_UPLOAD_MB = 0
    with pytest.raises(services.ImportError_, match="larger than"):
        _import(registrar, _csv(*(f"{i};Бойко Іван Іванович;;;" for i in range(10))))


def test_the_mapping_is_remembered_per_source(registrar: User) -> None:
    header = "код;хто;коли\n"
    mapping = {"код": "record_id", "хто": "full_name", "коли": "date_of_birth"}
    first = _import(registrar, _csv("1;Бойко Іван Іванович;1990", header=header), mapping=mapping)
    assert first.status == ImportStatus.DONE
    second = _import(registrar, _csv("2;Мельник Петро Петрович;1991", header=header))
    assert second.mapping == mapping
    assert second.status == ImportStatus.DONE and second.new == 1


def test_only_registrars_import(make_user: Callable[..., User]) -> None:
    with pytest.raises(PermissionDenied):
        _import(make_user("auditor"), _csv("1;Бойко Іван Іванович;;;"))


def test_formula_like_cells_are_kept_verbatim(registrar: User) -> None:
    batch = _import(registrar, _csv('1;Бойко Іван Іванович;;=HYPERLINK("x");+380'))
    record = SourceRecord.objects.get(source=batch.source)
    assert record.raw["Звание"] == '=HYPERLINK("x")' and record.raw["Личный номер"] == "+380"


def test_formula_cells_of_an_imported_list_are_neutralised_when_exported_again(
    registrar: User, registry: dict[str, Person]
) -> None:
    content = (
        "id;Прізвище;Ім'я;Військова частина\n"
        '1;Ковальчук;Петро;=HYPERLINK("http://x")\n'
        "2;Мороз;Ігор;+380501234567\n"
        "3;Лисенко;Олег;-1+1\n"
        "4;Гуменюк;Іван;@SUM(A1)\n"
    ).encode()
    batch = import_list(registrar, content, source_kind="family", source_name="Заяви")
    assert batch.new == 4
    new = Person.objects.filter(source_records__imported__batch=batch)
    table = list(exports.rows(new))
    # No cell of the export is run as a formula: the import reads units as text (the
    # punctuation that starts a formula does not survive), and the export prefixes
    # whatever would still start like one.
    cells = [cell for row in table[1:] for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    # The source records keep the cells as received.
    raws = SourceRecord.objects.filter(imported__batch=batch).values_list("raw", flat=True)
    assert {r["Військова частина"] for r in raws} >= {'=HYPERLINK("http://x")', "@SUM(A1)"}
