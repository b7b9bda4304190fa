from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import override

from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry import services
from homeward.apps.registry.errors import ConcurrentEditError
from homeward.apps.registry.models import Person, PersonGroup, Source, SourceRecord, StatusEvent
from homeward.core.dates import PartialDate
from tests.conftest import day, person_fields

pytestmark = pytest.mark.django_db


def test_create_person_derives_latin_names_search_keys_and_case_number(person: Person) -> None:
    assert person.surname_latin == "Shevchenko"
    assert person.given_name_latin == "Oleksandr"
    assert person.patronymic_latin == "Mykolaiovych"
    assert " shevchenko " in person.search_text
    year = dt.date.today().year
    assert person.case_number.startswith(f"HW-{year}-")
    assert person.version == 1


def test_case_numbers_are_sequential(make_person: Callable[..., Person]) -> None:
    first, second = make_person(), make_person(surname="Бойко")
    assert int(second.case_number[-6:]) == int(first.case_number[-6:]) + 1


def test_create_person_normalises_apostrophes_and_lookalikes(
    make_person: Callable[..., Person],
) -> None:
    person = make_person(surname="Лук’яненко", given_name="Олeг")  # Latin "e" in Олeг
    assert person.surname == "Лук'яненко"
    assert person.given_name == "Олег"
    assert person.surname_latin == "Lukianenko"


def test_create_person_is_audited_in_the_same_transaction(registrar: User) -> None:
    before = AuditEntry.objects.count()
    person = services.create_person(actor=registrar, fields=person_fields())
    entry = AuditEntry.objects.get(seq=before + 1)
    assert (entry.action, entry.object_id, entry.actor_username) == (
        "person.create",
        str(person.pk),
        "registrar",
    )
    assert entry.after["surname"] == "Шевченко"


def test_invalid_person_is_refused_and_nothing_written(registrar: User) -> None:
    persons, entries = Person.objects.count(), AuditEntry.objects.count()
    future = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as caught:
        services.create_person(
            actor=registrar,
            fields=person_fields(surname="", birth_date=future, capture_date=None),
        )
    assert set(caught.value.message_dict) >= {"surname", "birth_date"}
    assert (Person.objects.count(), AuditEntry.objects.count()) == (persons, entries)


def test_capture_before_birth_is_refused(registrar: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_person(
            actor=registrar,
            fields=person_fields(capture_date=dt.date(1980, 1, 1), capture_date_precision="day"),
        )
    assert "capture_date" in caught.value.message_dict


def test_date_without_precision_is_refused(registrar: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_person(
            actor=registrar, fields=person_fields(birth_date_precision="unknown")
        )
    assert "birth_date_precision" in caught.value.message_dict


def test_update_records_only_changed_fields_and_bumps_version(
    person: Person, registrar: User
) -> None:
    updated = services.update_person(
        actor=registrar, person_id=person.pk, expected_version=1, fields={"unit": "93 ОМБр"}
    )
    assert updated.version == 2
    entry = AuditEntry.objects.filter(action="person.update").get()
    assert entry.before == {"unit": "24 окрема механізована бригада", "version": 1}
    assert entry.after == {"unit": "93 ОМБр", "version": 2}


def test_stale_version_is_refused_without_overwriting(person: Person, registrar: User) -> None:
    services.update_person(
        actor=registrar, person_id=person.pk, expected_version=1, fields={"unit": "first"}
    )
    with override("en"), pytest.raises(ConcurrentEditError) as caught:
        services.update_person(
            actor=registrar, person_id=person.pk, expected_version=1, fields={"unit": "second"}
        )
    assert "version 1" in str(caught.value) and "version 2" in str(caught.value)
    person.refresh_from_db()
    assert person.unit == "first"


def test_groups_are_set_and_audited(person: Person, registrar: User) -> None:
    mariupol = PersonGroup.objects.get(code="mariupol")
    services.update_person(
        actor=registrar, person_id=person.pk, expected_version=1, fields={}, groups=[mariupol]
    )
    assert list(person.groups.all()) == [mariupol]
    entry = AuditEntry.objects.filter(action="person.update").get()
    assert entry.after["groups"] == [mariupol.pk]


def test_status_events_derive_the_current_status(
    report: Callable[..., Any], person: Person, registrar: User, source: Source
) -> None:
    record = services.add_source_record(
        actor=registrar, source=source, raw={"name": "Shevchenko"}, person=person
    )
    report(person, "missing", "2023-01-05", document="Unit report 17")
    services.add_status_event(
        actor=registrar,
        person=person,
        status="confirmed_captive",
        effective=day("2023-06-01"),
        source_record=record,
    )
    person.refresh_from_db()
    assert person.current_status == "confirmed_captive"
    confirmed = person.status_events.get(status="confirmed_captive")
    assert confirmed.reliability == "A"  # taken from the ICRC source


def test_status_event_needs_evidence(person: Person, registrar: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.add_status_event(
            actor=registrar, person=person, status="missing", effective=day("2023-01-05")
        )
    assert "document" in caught.value.message_dict
    assert not StatusEvent.objects.exists()


def test_status_must_apply_to_the_side(
    report: Callable[..., Any], person: Person, registrar: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        report(person, "in_custody", "2023-01-05", document="x")
    assert "status" in caught.value.message_dict


def test_future_or_missing_effective_date_is_refused(person: Person, registrar: User) -> None:
    future = PartialDate(dt.date.today() + dt.timedelta(days=3), day("2020-01-01").precision)
    for effective in (future, PartialDate.unknown()):
        with pytest.raises(ValidationError) as caught:
            services.add_status_event(
                actor=registrar,
                person=person,
                status="missing",
                effective=effective,
                document="x",
            )
        assert "effective_date" in caught.value.message_dict


def test_source_record_of_another_person_is_refused(
    make_person: Callable[..., Person], registrar: User, source: Source
) -> None:
    first, second = make_person(), make_person(surname="Бойко")
    record = services.add_source_record(actor=registrar, source=source, raw={"a": 1}, person=first)
    with pytest.raises(ValidationError) as caught:
        services.add_status_event(
            actor=registrar,
            person=second,
            status="missing",
            effective=day("2023-01-05"),
            source_record=record,
        )
    assert "source_record" in caught.value.message_dict


def test_single_death_report_does_not_make_a_person_dead(
    report: Callable[..., Any], person: Person, registrar: User, administrator: User
) -> None:
    report(person, "confirmed_captive", "2023-01-05", document="ICRC")
    event = report(person, "deceased", "2023-05-01", document="A post on social media")
    person.refresh_from_db()
    assert person.current_status == "confirmed_captive"
    services.confirm_status_event(actor=administrator, event_id=event.pk)
    person.refresh_from_db()
    assert person.current_status == "deceased"
    assert AuditEntry.objects.filter(action="status.confirm").count() == 1


def test_death_report_needs_a_confirming_role_and_a_second_person(
    report: Callable[..., Any], person: Person, registrar: User, administrator: User
) -> None:
    event = report(person, "deceased", "2023-05-01", actor=administrator, document="x")
    with pytest.raises(PermissionDenied):
        services.confirm_status_event(actor=registrar, event_id=event.pk)
    with override("en"), pytest.raises(ValidationError, match="someone other"):
        services.confirm_status_event(actor=administrator, event_id=event.pk)


def test_only_death_reports_are_confirmed(
    report: Callable[..., Any], person: Person, registrar: User, administrator: User
) -> None:
    event = report(person, "missing", "2023-05-01", document="x")
    with override("en"), pytest.raises(ValidationError, match="does not need"):
        services.confirm_status_event(actor=administrator, event_id=event.pk)


def test_same_day_contradiction_is_flagged(person: Person, registrar: User) -> None:
    for status in ("confirmed_captive", "returned"):
        services.add_status_event(
            actor=registrar,
            person=person,
            status=status,
            effective=day("2024-02-02"),
            document=status,
        )
    person.refresh_from_db()
    assert person.status_conflict is True


def test_evidence_is_never_deleted(person: Person, registrar: User, source: Source) -> None:
    record = services.add_source_record(actor=registrar, source=source, raw={"a": 1}, person=person)
    event = services.add_status_event(
        actor=registrar,
        person=person,
        status="missing",
        effective=day("2023-01-05"),
        source_record=record,
    )
    for obj in (record, event):
        with pytest.raises(PermissionError):
            obj.delete()
    with pytest.raises(PermissionError):
        SourceRecord.objects.all().delete()
    with pytest.raises(PermissionError):
        StatusEvent.objects.filter(pk=event.pk).delete()
    assert SourceRecord.objects.count() == 1 and StatusEvent.objects.count() == 1


def test_empty_source_record_is_refused(registrar: User, source: Source) -> None:
    with pytest.raises(ValidationError):
        services.add_source_record(actor=registrar, source=source, raw={})


def test_the_rank_decides_the_rank_category(person: Person, registrar: User) -> None:
    from homeward.apps.registry.models import Rank

    officer = Rank.objects.get(code="junior_lieutenant")
    updated = services.update_person(
        actor=registrar,
        person_id=person.pk,
        expected_version=1,
        fields={"rank": officer, "rank_category": "private"},
    )
    assert updated.rank_category == "officer"


def test_capture_in_the_birth_year_is_accepted(registrar: User) -> None:
    person = services.create_person(
        actor=registrar,
        fields=person_fields(capture_date=dt.date(1990, 1, 1), capture_date_precision="year"),
    )
    assert person.captured.display() == "1990"


def test_years_before_1900_are_refused_by_the_service(registrar: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_person(actor=registrar, fields=person_fields(birth_date=dt.date(5, 3, 2)))
    assert "birth_date" in caught.value.message_dict
