from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml
from django.contrib.auth.models import User
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry.models import Person, Source, SourceRecord, StatusEvent

pytestmark = pytest.mark.django_db

NEW = {
    "side": "own",
    "category": "military",
    "surname": "Ковальчук",
    "given_name": "Богдан",
    "patronymic": "Петрович",
    "sex": "male",
    "birth_date": "1995",
    "capture_date": "2023-07-14",
    "branch": "navy",
    "rank": "sergeant",
    "groups": ["mariupol"],
    "other_spellings": ["Kovalchuk Bohdan"],
}


def test_unauthenticated_requests_get_401_and_no_data(person: Person) -> None:
    client = APIClient()
    for url in (
        "/api/persons/",
        f"/api/persons/{person.pk}/",
        "/api/sources/",
        "/api/source-records/",
        "/api/groups/",
        "/api/schema",
    ):
        response = client.get(url)
        assert response.status_code == 401, url
        assert "Шевченко" not in response.content.decode()
    assert client.post("/api/persons/", NEW, format="json").status_code == 401
    assert client.get("/api/persons/", HTTP_AUTHORIZATION="Token nonsense").status_code == 401


def test_create_read_search_and_update(api_for: Callable[[str], APIClient]) -> None:
    client = api_for("registrar")
    created = client.post("/api/persons/", NEW, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["case_number"].startswith("HW-")
    assert (data["surname_latin"], data["birth_date"], data["rank_category"]) == (
        "Kovalchuk",
        "1995",
        "sergeant",
    )
    assert data["groups"] == ["mariupol"] and "medical_notes" not in data
    found = client.get("/api/persons/", {"q": "KOVALCHUK"}).json()
    assert [p["id"] for p in found["results"]] == [data["id"]]
    updated = client.patch(
        f"/api/persons/{data['id']}/", {"unit": "Морська охорона", "version": 1}, format="json"
    )
    assert updated.status_code == 200 and updated.json()["version"] == 2
    assert AuditEntry.objects.filter(action="person.update", origin="api").count() == 1


def test_filters(api_for: Callable[[str], APIClient], make_person: Callable[..., Person]) -> None:
    make_person()
    make_person(surname="Бойко", side="held")
    client = api_for("registrar")
    assert client.get("/api/persons/", {"side": "held"}).json()["count"] == 1
    assert client.get("/api/persons/", {"side": "martian"}).status_code == 400


def test_bad_input_gets_a_message_per_field_and_changes_nothing(
    api_for: Callable[[str], APIClient],
) -> None:
    bad = {**NEW, "surname": "", "birth_date": "31.02.1995", "rank": "emperor", "sex": "x"}
    response = api_for("registrar").post("/api/persons/", bad, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"surname", "birth_date", "rank", "sex"}
    assert "31.02.1995" in errors["birth_date"][0]
    assert not Person.objects.exists()


def test_service_validation_is_a_400_per_field(api_for: Callable[[str], APIClient]) -> None:
    response = api_for("registrar").post(
        "/api/persons/", {**NEW, "capture_date": "1990-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert "capture_date" in response.json()


def test_update_needs_the_version_and_a_stale_one_is_a_409(
    api_for: Callable[[str], APIClient], person: Person
) -> None:
    client = api_for("registrar")
    url = f"/api/persons/{person.pk}/"
    assert client.patch(url, {"unit": "x"}, format="json").status_code == 400
    assert client.patch(url, {"unit": "first", "version": 1}, format="json").status_code == 200
    stale = client.patch(url, {"unit": "second", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    person.refresh_from_db()
    assert person.unit == "first"


def test_medical_notes_only_for_the_medical_role(
    api_for: Callable[[str], APIClient], make_person: Callable[..., Person]
) -> None:
    person = make_person(medical_notes="Fracture")
    assert "medical_notes" not in api_for("registrar").get(f"/api/persons/{person.pk}/").json()
    medic = api_for("medical_officer")
    assert medic.get(f"/api/persons/{person.pk}/").json()["medical_notes"] == "Fracture"
    registrar = api_for("registrar")
    registrar.patch(
        f"/api/persons/{person.pk}/",
        {"medical_notes": "overwritten", "version": 1},
        format="json",
    )
    person.refresh_from_db()
    assert person.medical_notes == "Fracture"


def test_status_events(api_for: Callable[[str], APIClient], person: Person) -> None:
    client = api_for("exchange_officer")
    url = f"/api/persons/{person.pk}/status-events/"
    bad = client.post(url, {"status": "missing", "effective_date": "2023-01-01"}, format="json")
    assert bad.status_code == 400 and "document" in bad.json()
    ok = client.post(
        url,
        {"status": "missing", "effective_date": "2023-01-01", "document": "Report 5"},
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert client.get(url).json()[0]["status"] == "missing"
    assert client.get(f"/api/persons/{person.pk}/").json()["current_status"] == "missing"


def test_confirming_a_death_report(
    report: Callable[..., Any], api_for: Callable[[str], APIClient], person: Person, registrar: User
) -> None:
    event = report(person, "deceased", "2024-01-01", document="x")
    assert api_for("registrar").post(f"/api/status-events/{event.pk}/confirm/").status_code == 403
    response = api_for("administrator").post(f"/api/status-events/{event.pk}/confirm/")
    assert response.status_code == 200
    assert StatusEvent.objects.get().confirmed_by.username == "administrator"


def test_sources_and_records(api_for: Callable[[str], APIClient], person: Person) -> None:
    client = api_for("family_liaison")
    source = client.post(
        "/api/sources/", {"kind": "family", "name": "Hotline", "reliability": "C"}, format="json"
    )
    assert source.status_code == 201
    record = client.post(
        "/api/source-records/",
        {"source": source.json()["id"], "raw": {"ПІБ": "Шевченко О. М."}, "person": person.pk},
        format="json",
    )
    assert record.status_code == 201, record.json()
    assert record.json()["entered_by"] == "family_liaison"
    listed = client.get("/api/source-records/", {"person": person.pk}).json()
    assert listed["count"] == 1
    empty = client.post(
        "/api/source-records/", {"source": source.json()["id"], "raw": {}}, format="json"
    )
    assert empty.status_code == 400 and "raw" in empty.json()
    assert Source.objects.count() == 1


def test_groups(api_for: Callable[[str], APIClient]) -> None:
    codes = [g["code"] for g in api_for("registrar").get("/api/groups/").json()["results"]]
    assert "mariupol" in codes


def test_schema_is_valid_openapi_3(api_for: Callable[[str], APIClient]) -> None:
    response = api_for("registrar").get("/api/schema")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/persons/",
        "/api/persons/{id}/",
        "/api/persons/{id}/status-events/",
        "/api/sources/",
        "/api/source-records/",
        "/api/groups/",
    } <= paths


def test_docs_page_is_served_locally(api_for: Callable[[str], APIClient]) -> None:
    body = api_for("registrar").get("/api/docs").content.decode()
    assert "swagger-ui" in body
    assert "cdn" not in body.lower() and "https://" not in body


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/persons/abc/"),
        ("get", "/api/persons/abc/status-events/"),
        ("post", "/api/status-events/abc/confirm/"),
        ("post", "/api/status-events/999999/confirm/"),
        ("get", "/api/persons/999999/"),
    ],
)
def test_malformed_or_missing_ids_are_404(
    api_for: Callable[[str], APIClient], method: str, url: str
) -> None:
    assert getattr(api_for("administrator"), method)(url).status_code == 404


DEEP = {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": {"k": {"l": {"m": 1}}}}}}}}}}}}}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"raw": {"a": 1}, "parsed": "abc"}, "parsed"),
        ({"raw": {"a": 1}, "parsed": [1, 2]}, "parsed"),
        ({"raw": {"a": 1}, "parsed": 5}, "parsed"),
        ({"raw": {"text": "a\u0000b"}}, "raw"),
        ({"raw": DEEP}, "raw"),
    ],
)
def test_bad_verbatim_records_get_a_field_message(
    api_for: Callable[[str], APIClient], person: Person, body: dict[str, object], field: str
) -> None:
    client = api_for("registrar")
    source = client.post("/api/sources/", {"kind": "unit", "name": "U"}, format="json").json()
    response = client.post("/api/source-records/", {"source": source["id"], **body}, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not SourceRecord.objects.exists()


def test_json_nested_beyond_the_parser_is_a_400(api_for: Callable[[str], APIClient]) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = api_for("registrar").post(
        "/api/source-records/", body, content_type="application/json"
    )
    assert response.status_code == 400


def test_an_overlong_search_is_refused_not_crashed(api_for: Callable[[str], APIClient]) -> None:
    client = api_for("registrar")
    assert client.get("/api/persons/", {"q": "a " * 1500}).status_code == 400
    many_words = " ".join(f"w{i}" for i in range(50))  # 50 distinct words, under 200 chars
    assert client.get("/api/persons/", {"q": many_words}).status_code == 200


def test_longest_latin_forms_fit(api_for: Callable[[str], APIClient]) -> None:
    response = api_for("registrar").post(
        "/api/persons/", {**NEW, "surname": "Щ" * 100, "patronymic": "Щ" * 100}, format="json"
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["surname_latin"]) == 400
