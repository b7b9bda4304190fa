"""Reads of personal data on the record, and the hourly limit on them (ADR 30)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client, override_settings
from rest_framework.test import APIClient

from homeward.apps.audit.access import LIMIT_REACHED, read_limit
from homeward.apps.audit.models import AccessedPerson, AccessEvent, AuditEntry
from homeward.apps.registry import services
from homeward.apps.registry.models import Person
from tests.conftest import person_fields

pytestmark = pytest.mark.django_db


def persons_read_by(user: User) -> list[int]:
    return sorted(
        AccessedPerson.objects.filter(user_id=user.pk).values_list("person_id", flat=True)
    )


def many(registrar: User, count: int) -> list[Person]:
    rows = [
        person_fields(surname=f"Коваль{i:03d}", service_number=f"SN-{i:05d}") for i in range(count)
    ]
    return services.create_persons(actor=registrar, rows=rows)


def test_the_person_page_records_who_read_whom_from_where(
    client_for: Callable[[str], Client], person: Person
) -> None:
    client = client_for("family_liaison")
    response = client.get(f"/persons/{person.pk}/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert event.username == "family_liaison"
    assert event.route == "registry:person_detail"
    assert event.path == f"/persons/{person.pk}/"
    assert event.address == "10.1.2.3"
    assert event.origin == "web"
    assert event.persons == 1
    assert not event.refused
    assert list(event.rows.values_list("person_id", flat=True)) == [person.pk]


def test_each_page_of_the_person_list_records_the_persons_it_shows(
    client_for: Callable[[str], Client], registrar: User
) -> None:
    persons = many(registrar, 60)
    client = client_for("family_liaison")
    reader = User.objects.get(username="family_liaison")
    client.get("/persons/")
    first = set(persons_read_by(reader))
    assert len(first) == 50
    client.get("/persons/?page=2")
    assert set(persons_read_by(reader)) == {p.pk for p in persons}
    assert AccessEvent.objects.filter(route="registry:person_list").count() == 2


def test_a_search_records_its_hits_and_its_words(
    client_for: Callable[[str], Client], person: Person
) -> None:
    client = client_for("registrar")
    client.get("/persons/?q=shevchenko")
    event = AccessEvent.objects.get()
    assert event.path == "/persons/?q=shevchenko"
    assert list(event.rows.values_list("person_id", flat=True)) == [person.pk]


def test_a_page_that_shows_nobody_records_nothing(client_for: Callable[[str], Client]) -> None:
    client_for("registrar").get("/persons/?q=nobody")
    assert not AccessEvent.objects.exists()


def test_api_pages_records_and_status_events_are_recorded(
    api_for: Callable[[str], APIClient], person: Person, source: Any, registrar: User
) -> None:
    record = services.add_source_record(
        actor=registrar, source=source, raw={"name": "Шевченко"}, person=person
    )
    api = api_for("registrar")
    assert api.get("/api/persons/").status_code == 200
    assert api.get(f"/api/persons/{person.pk}/").status_code == 200
    assert api.get(f"/api/persons/{person.pk}/status-events/").status_code == 200
    assert api.get("/api/source-records/").status_code == 200
    assert api.get(f"/api/source-records/{record.pk}/").status_code == 200
    routes = sorted(AccessEvent.objects.values_list("route", flat=True))
    assert routes == [
        "api:person-detail",
        "api:person-list",
        "api:person-status-events",
        "api:source-record-detail",
        "api:source-record-list",
    ]
    assert set(AccessEvent.objects.values_list("origin", flat=True)) == {"api"}
    assert set(AccessedPerson.objects.values_list("person_id", flat=True)) == {person.pk}


@override_settings(HOMEWARD_READ_LIMITS={"family_liaison": 120})
def test_paging_the_api_stops_at_the_limit_and_the_auditors_are_alerted(
    api_for: Callable[[str], APIClient], registrar: User
) -> None:
    many(registrar, 200)
    api = api_for("family_liaison")
    assert api.get("/api/persons/?page=1").status_code == 200
    assert api.get("/api/persons/?page=2").status_code == 200
    refused = api.get("/api/persons/?page=3", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert "120 different persons this hour" in refused.json()["detail"]
    assert "export" in refused.json()["detail"]
    assert 0 < int(refused["Retry-After"]) <= 3601
    # Nothing of the refused page was recorded as read, the refusal was.
    reader = User.objects.get(username="family_liaison")
    assert len(persons_read_by(reader)) == 100
    assert AccessEvent.objects.filter(refused=True).count() == 1
    alerts = AuditEntry.objects.filter(action=LIMIT_REACHED)
    assert alerts.count() == 1
    assert alerts.get().after["limit"] == 120
    # Trying again is refused again, without a second alert; pages already read still open.
    assert api.get("/api/persons/?page=4").status_code == 429
    assert api.get("/api/persons/?page=1").status_code == 200
    assert AccessEvent.objects.filter(refused=True).count() == 2
    assert AuditEntry.objects.filter(action=LIMIT_REACHED).count() == 1


@override_settings(HOMEWARD_READ_LIMITS={"registrar": 3})
def test_the_web_page_refused_at_the_limit_says_what_to_do_in_the_users_language(
    client_for: Callable[[str], Client], registrar: User
) -> None:
    persons = many(registrar, 5)
    client = client_for("registrar")
    for person in persons[:3]:
        assert client.get(f"/persons/{person.pk}/").status_code == 200
    response = client.get(f"/persons/{persons[3].pk}/", HTTP_ACCEPT_LANGUAGE="uk")
    assert response.status_code == 429
    text = response.content.decode()
    assert 'id="read-limit"' in text
    assert "експорт" in text
    assert "Шевченко" not in text and "Коваль" not in text
    client.cookies["django_language"] = "en"
    english = client.get(f"/persons/{persons[3].pk}/").content.decode()
    assert "ask for an export" in english


def test_the_most_generous_of_a_users_roles_applies(make_user: Callable[..., User]) -> None:
    with override_settings(
        HOMEWARD_READ_LIMITS={"registrar": 500, "exchange_officer": 3000},
        HOMEWARD_READ_LIMIT_DEFAULT=7,
    ):
        user = make_user("registrar", username="both")
        assert read_limit(user) == 500
        user.groups.add(Group.objects.get(name="exchange_officer"))
        assert read_limit(User.objects.get(pk=user.pk)) == 3000
        assert read_limit(make_user("auditor")) == 7


def test_the_log_cannot_be_changed_or_removed_through_the_application(
    client_for: Callable[[str], Client], person: Person
) -> None:
    client_for("registrar").get(f"/persons/{person.pk}/")
    event = AccessEvent.objects.get()
    event.persons = 0
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AccessedPerson.objects.get().delete()


def test_a_return_case_its_list_and_its_api_are_recorded(
    client_for: Callable[[str], Client],
    api_for: Callable[[str], APIClient],
    person: Person,
    received: Callable[[Person], Any],
) -> None:
    case = received(person)
    client = client_for("return_coordinator")
    assert client.get(f"/returns/cases/{case.pk}/").status_code == 200
    assert client.get("/returns/cases/").status_code == 200
    api = api_for("family_liaison")
    assert api.get("/api/return-cases/").status_code == 200
    assert api.get(f"/api/return-cases/{case.pk}/").status_code == 200
    assert api.get(f"/api/return-cases/{case.pk}/sightings/").status_code == 200
    routes = sorted(AccessEvent.objects.values_list("route", flat=True))
    assert routes == [
        "api:return-case-detail",
        "api:return-case-list",
        "api:return-case-sightings",
        "returns:case_detail",
        "returns:case_list",
    ]
    assert set(AccessedPerson.objects.values_list("person_id", flat=True)) == {person.pk}


def test_an_exchange_lists_entries_are_recorded_on_the_page_and_in_the_api(
    client_for: Callable[[str], Client],
    api_for: Callable[[str], APIClient],
    make_person: Callable[..., Person],
    officer: User,
) -> None:
    from homeward.apps.exchanges import lists
    from homeward.apps.exchanges import services as exchanges

    first, second = make_person(), make_person(surname="Коваленко", service_number="UA-2")
    agreement = exchanges.create_agreement(actor=officer, title="Обмін", formula="n_for_n", total=2)
    version = lists.start_version(actor=officer, agreement=agreement, kind="our_request")
    lists.add_persons(actor=officer, version_id=version.pk, persons=[first, second])
    client = client_for("exchange_officer")
    assert client.get(f"/exchanges/{agreement.pk}/lists/our_request/").status_code == 200
    api = api_for("exchange_officer")
    assert api.get(f"/api/list-versions/{version.pk}/").status_code == 200
    events = AccessEvent.objects.order_by("id")
    assert [e.route for e in events] == ["exchanges:list_detail", "api:list-version-detail"]
    assert [e.persons for e in events] == [2, 2]


def test_a_stages_members_are_recorded_for_those_who_see_them(
    client_for: Callable[[str], Client],
    api_for: Callable[[str], APIClient],
    make_person: Callable[..., Person],
    officer: User,
) -> None:
    import datetime as dt

    from homeward.apps.exchanges import services as exchanges

    person = make_person()
    agreement = exchanges.create_agreement(actor=officer, title="Обмін", formula="n_for_n", total=1)
    stage = exchanges.add_stage(
        actor=officer, agreement=agreement, date=dt.date(2025, 5, 23), receive_capacity=1
    )
    exchanges.add_members(actor=officer, stage=stage, persons=[person])
    assert client_for("exchange_officer").get(f"/exchanges/stages/{stage.pk}/").status_code == 200
    assert api_for("exchange_officer").get(f"/api/stages/{stage.pk}/").status_code == 200
    # Communications see the counts of an uncompleted stage, not who is in it.
    assert client_for("communications").get(f"/exchanges/stages/{stage.pk}/").status_code == 200
    events = AccessEvent.objects.order_by("id")
    assert [(e.username, e.route) for e in events] == [
        ("exchange_officer", "exchanges:stage_detail"),
        ("exchange_officer", "api:stage-detail"),
    ]
    assert set(AccessedPerson.objects.values_list("person_id", flat=True)) == {person.pk}


@override_settings(HOMEWARD_READ_LIMITS={"registrar": 2})
def test_the_limit_counts_the_clock_hour_and_a_page_over_it_changes_nothing(
    client_for: Callable[[str], Client], registrar: User
) -> None:
    import datetime as dt

    from django.utils import timezone

    from homeward.apps.audit.models import ReadQuota

    persons = many(registrar, 3)
    reader = User.objects.get(username="registrar")
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    # The hour before was spent to the limit: it does not count now.
    ReadQuota.objects.create(user_id=reader.pk, hour=hour - dt.timedelta(hours=1), persons=2)
    client = client_for("registrar")
    assert client.get(f"/persons/{persons[0].pk}/").status_code == 200
    # A page of three would pass the limit of two: refused whole, nothing counted.
    assert client.get("/persons/").status_code == 429
    assert ReadQuota.objects.get(user_id=reader.pk, hour=hour).persons == 1
    assert client.get(f"/persons/{persons[1].pk}/").status_code == 200
    assert ReadQuota.objects.get(user_id=reader.pk, hour=hour).persons == 2
    assert client.get(f"/persons/{persons[0].pk}/").status_code == 200  # read again: free
