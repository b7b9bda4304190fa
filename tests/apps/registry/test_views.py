from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry import services
from homeward.apps.registry.models import Person, PersonGroup, StatusEvent
from tests.conftest import day

pytestmark = pytest.mark.django_db

NEW_PERSON = {
    "side": "own",
    "category": "military",
    "surname": "Мельник",
    "given_name": "Андрій",
    "patronymic": "Іванович",
    "sex": "male",
    "birth": "21.03.1990",
    "captured": "05.2022",
    "rank_category": "private",
    "health_state": "unknown",
    "other_spellings_text": "Melnyk Andrii",
}


def test_home_shows_counts(client_for: Callable[[str], Client], person: Person) -> None:
    response = client_for("communications").get("/")
    assert response.status_code == 200
    assert response.context["counts"]["total"] == 1


def test_person_list_searches_and_filters(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    make_person()
    make_person(surname="Бойко", side="held", rank_category="sergeant")
    client = client_for("registrar")
    page = client.get("/persons/", {"q": "shevchenko"}).context["page"]
    assert [p.surname for p in page] == ["Шевченко"]
    page = client.get("/persons/", {"side": "held"}).context["page"]
    assert [p.surname for p in page] == ["Бойко"]
    page = client.get("/persons/", {"rank_category": "private"}).context["page"]
    assert [p.surname for p in page] == ["Шевченко"]
    page = client.get("/persons/", {"sort": "-name"}).context["page"]
    assert [p.surname for p in page] == ["Шевченко", "Бойко"]


def test_branch_filter_includes_its_parts(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    from homeward.apps.registry.models import Branch

    navy, afu = Branch.objects.get(code="navy"), Branch.objects.get(code="afu")
    make_person(branch=navy)
    make_person(surname="Бойко", branch=Branch.objects.get(code="national_guard"))
    page = client_for("registrar").get("/persons/", {"branch": afu.pk}).context["page"]
    assert [p.surname for p in page] == ["Шевченко"]


def test_group_and_date_filters(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    import datetime as dt

    mariupol = PersonGroup.objects.get(code="mariupol")
    make_person(groups=[mariupol], capture_date=dt.date(2022, 5, 1), capture_date_precision="day")
    make_person(surname="Бойко", capture_date=dt.date(2024, 1, 1), capture_date_precision="day")
    client = client_for("registrar")
    assert [p.surname for p in client.get("/persons/", {"group": mariupol.pk}).context["page"]] == [
        "Шевченко"
    ]
    page = client.get("/persons/", {"captured_from": "2023-01-01"}).context["page"]
    assert [p.surname for p in page] == ["Бойко"]


def test_pagination(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    for i in range(55):
        make_person(service_number=f"N{i}")
    client = client_for("registrar")
    first = client.get("/persons/").context["page"]
    second = client.get("/persons/", {"page": 2}).context["page"]
    assert (len(first), len(second), first.paginator.count) == (50, 5, 55)


def test_create_person_through_the_form(client_for: Callable[[str], Client]) -> None:
    response = client_for("registrar").post("/persons/new/", NEW_PERSON)
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/persons/{person.pk}/"
    assert person.birth.display() == "21.03.1990"
    assert person.captured.display() == "05.2022"
    assert person.other_spellings == ["Melnyk Andrii"]


def test_bad_form_input_gets_a_message_per_field_and_changes_nothing(
    client_for: Callable[[str], Client],
) -> None:
    bad = {**NEW_PERSON, "surname": "", "birth": "31.02.1990", "captured": "someday"}
    response = client_for("registrar").post("/persons/new/", bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"surname", "birth", "captured"}
    assert "31.02.1990" in errors["birth"][0]
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action="person.create").exists()


def test_service_errors_reach_the_form(client_for: Callable[[str], Client]) -> None:
    future = {**NEW_PERSON, "birth": "2090"}
    response = client_for("registrar").post("/persons/new/", future)
    assert "birth" in response.context["form"].errors
    assert not Person.objects.exists()


def test_edit_person_and_second_stale_save_is_refused(
    client_for: Callable[[str], Client], person: Person
) -> None:
    first, second = client_for("registrar"), client_for("administrator")
    form = first.get(f"/persons/{person.pk}/edit/").context["form"]
    data = {**NEW_PERSON, "surname": "Шевченко", "version": form["version"].value()}
    assert first.post(f"/persons/{person.pk}/edit/", {**data, "unit": "first"}).status_code == 302
    response = second.post(f"/persons/{person.pk}/edit/", {**data, "unit": "second"})
    assert response.status_code == 200
    assert "змінив хтось інший" in str(response.context["form"].non_field_errors())
    person.refresh_from_db()
    assert (person.unit, person.version) == ("first", 2)


def test_medical_field_only_in_the_medical_officers_form(
    client_for: Callable[[str], Client], person: Person
) -> None:
    assert (
        "medical_notes"
        not in client_for("registrar").get(f"/persons/{person.pk}/edit/").context["form"].fields
    )
    assert (
        "medical_notes"
        in client_for("medical_officer").get(f"/persons/{person.pk}/edit/").context["form"].fields
    )


def test_person_page_shows_timeline_records_and_history(
    client_for: Callable[[str], Client], person: Person, registrar: User, source
) -> None:  # type: ignore[no-untyped-def]
    record = services.add_source_record(
        actor=registrar, source=source, raw={"ФИО": "ШЕВЧЕНКО Александр"}, person=person
    )
    services.add_status_event(
        actor=registrar,
        person=person,
        status="confirmed_captive",
        effective=day("2023-03-01"),
        source_record=record,
    )
    response = client_for("registrar").get(f"/persons/{person.pk}/")
    body = response.content.decode()
    assert "ШЕВЧЕНКО Александр" in body
    assert len(response.context["events"]) == 1
    assert {e.action for e in response.context["history"]} >= {
        "person.create",
        "status.add",
        "source_record.add",
    }


def test_history_masks_medical_changes_for_other_roles(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    person = make_person(medical_notes="Secret diagnosis")
    body = client_for("registrar").get(f"/persons/{person.pk}/").content.decode()
    assert "Secret diagnosis" not in body
    body = client_for("medical_officer").get(f"/persons/{person.pk}/").content.decode()
    assert "Secret diagnosis" in body


def test_add_status_event_form(client_for: Callable[[str], Client], person: Person) -> None:
    client = client_for("exchange_officer")
    response = client.post(
        f"/persons/{person.pk}/status/",
        {"status": "missing", "effective": "2023-01-05", "document": "Unit report"},
    )
    assert response.status_code == 302
    assert StatusEvent.objects.get().recorded_by.username == "exchange_officer"
    response = client.post(f"/persons/{person.pk}/status/", {"status": "missing", "effective": ""})
    assert set(response.context["form"].errors) >= {"effective", "document"}
    assert StatusEvent.objects.count() == 1


def test_status_form_offers_only_the_sides_statuses(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    held = make_person(side="held")
    choices = dict(
        client_for("registrar")
        .get(f"/persons/{held.pk}/status/")
        .context["form"]
        .fields["status"]
        .choices
    )
    assert "in_custody" in choices and "missing" not in choices


def test_confirm_death_through_the_page(
    report: Callable[..., Any], client_for: Callable[[str], Client], person: Person, registrar: User
) -> None:
    event = report(person, "deceased", "2024-01-01", document="Report")
    response = client_for("administrator").post(f"/persons/{person.pk}/status/{event.pk}/confirm/")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.current_status == "deceased"


def test_language_switch(client_for: Callable[[str], Client]) -> None:
    client = client_for("registrar")
    assert "Особи" in client.get("/persons/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/persons/"})
    assert "Persons" in client.get("/persons/").content.decode()


def test_family_report_is_kept_verbatim_with_a_new_source(
    client_for: Callable[[str], Client], person: Person
) -> None:
    from homeward.apps.registry.models import Source, SourceRecord

    text = "Мати, Наталія Шевченко: син зв'язувався востаннє 12.03.2024 з-під Авдіївки."
    response = client_for("family_liaison").post(
        f"/persons/{person.pk}/records/new/",
        {
            "new_source_kind": "family",
            "new_source_name": "Гаряча лінія",
            "new_source_reliability": "C",
            "external_id": "ZV-17",
            "text": text,
        },
    )
    assert response.status_code == 302
    record = SourceRecord.objects.get()
    assert (record.raw, record.external_id, record.person) == ({"text": text}, "ZV-17", person)
    assert record.source == Source.objects.get(name="Гаряча лінія", kind="family")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"source.create", "source_record.add"} <= actions


def test_source_record_form_errors_change_nothing(
    client_for: Callable[[str], Client], person: Person, source
) -> None:  # type: ignore[no-untyped-def]
    from homeward.apps.registry.models import Source, SourceRecord

    client = client_for("exchange_officer")  # may add records, not sources
    response = client.post(f"/persons/{person.pk}/records/new/", {"text": ""})
    errors = response.context["form"].errors
    assert set(errors) >= {"source", "text"}
    # A duplicate new source is refused as a whole: no record without its source.
    response = client_for("registrar").post(
        f"/persons/{person.pk}/records/new/",
        {"new_source_kind": "icrc", "new_source_name": "ICRC Kyiv", "text": "x"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert (SourceRecord.objects.count(), Source.objects.count()) == (0, 1)


def test_persons_without_a_status_can_be_listed(
    report: Callable[..., Any],
    client_for: Callable[[str], Client],
    make_person: Callable[..., Person],
    registrar: User,
) -> None:
    reported = make_person(surname="Бойко")
    report(reported, "missing", "2023-01-01", document="x")
    make_person()
    client = client_for("registrar")
    page = client.get("/persons/", {"status": "none"}).context["page"]
    assert [p.surname for p in page] == ["Шевченко"]
    home = client.get("/").content.decode()
    assert "status=none" in home


def test_messages_follow_the_users_language(
    client_for: Callable[[str], Client], person: Person
) -> None:
    client = client_for("registrar")
    bad = {**NEW_PERSON, "birth": "31.02.1990"}
    uk = client.post("/persons/new/", bad).context["form"].errors["birth"][0]
    en = client.post("/persons/new/", bad, headers={"Accept-Language": "en"})
    assert "не є" in uk or "справжньою" in uk or "31.02.1990" in uk
    assert uk != en.context["form"].errors["birth"][0]
    help_en = client.get("/persons/new/", headers={"Accept-Language": "en"}).content.decode()
    assert "For example" in help_en
