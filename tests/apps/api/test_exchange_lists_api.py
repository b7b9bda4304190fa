"""Exchange lists through the API: the four lists, building ours, loading and verifying
theirs, deciding, submitting and agreeing; need-to-know; bad input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from homeward.apps.exchanges import services
from homeward.apps.exchanges.models import Agreement, ListVersion
from homeward.apps.intake import services as intake
from homeward.apps.registry.models import Person
from tests.apps.exchanges.test_verification import _file

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(make_user: Callable[..., User]) -> Agreement:
    return services.create_agreement(
        actor=make_user("exchange_officer"), title="1000 на 1000", formula="n_for_n", total=1000
    )


@pytest.fixture
def officer_api(api_for: Callable[[str], APIClient]) -> APIClient:
    client = api_for("exchange_officer")
    client.credentials(**client._credentials, HTTP_ACCEPT_LANGUAGE="en")  # type: ignore[attr-defined]
    return client


def test_our_request_is_built_submitted_and_agreed(
    officer_api: APIClient, agreement: Agreement, make_person: Callable[..., Person]
) -> None:
    ours = [
        make_person(
            surname=f"Бойко{i}",
            service_number=f"UA-4{i}",
            capture_date=dt.date(2022, 5, 20),
            capture_date_precision="day",
        )
        for i in range(3)
    ]
    started = officer_api.post(
        f"/api/agreements/{agreement.pk}/lists/versions/", {"kind": "our_request"}, format="json"
    )
    assert started.status_code == 201 and started.json()["state"] == "draft"
    pk = started.json()["id"]
    added = officer_api.post(
        f"/api/list-versions/{pk}/add/",
        {"case_numbers": [ours[0].case_number], "priority": 1},
        format="json",
    )
    assert added.status_code == 200
    assert [e["case_number"] for e in added.json()["entries"]] == [ours[0].case_number]
    bad = officer_api.post(
        f"/api/list-versions/{pk}/add/", {"case_numbers": ["HW-NONE"]}, format="json"
    )
    assert bad.status_code == 400 and "HW-NONE" in bad.json()["case_numbers"][0]
    again = officer_api.post(
        f"/api/list-versions/{pk}/add/", {"case_numbers": [ours[0].case_number]}, format="json"
    )
    assert again.status_code == 400 and "already on this list" in str(again.json())
    criteria = officer_api.post(
        f"/api/list-versions/{pk}/criteria/",
        {"min_days_in_captivity": 365, "priority": 2},
        format="json",
    )
    body = criteria.json()
    assert len(body["entries"]) == 3
    assert [c["action"] for c in body["changes"]] == ["added"] * 3
    first = body["entries"][0]["id"]
    removed = officer_api.post(
        f"/api/list-versions/{pk}/remove/", {"entries": [first], "reason": "помилка"}, format="json"
    )
    assert len(removed.json()["entries"]) == 2
    assert officer_api.post(f"/api/list-versions/{pk}/submit/").json()["state"] == "submitted"
    assert officer_api.post(f"/api/list-versions/{pk}/agree/").json()["state"] == "agreed"
    lists = officer_api.get(f"/api/agreements/{agreement.pk}/lists/").json()
    assert [x["kind"] for x in lists] == [
        "our_request",
        "their_offer",
        "their_request",
        "our_offer",
    ]
    assert lists[0]["agreed"]["number"] == 1 and lists[0]["entries"] == 2
    assert Person.objects.filter(current_status="on_exchange_list").count() == 2


def test_their_offer_is_loaded_verified_and_decided(
    officer_api: APIClient,
    agreement: Agreement,
    background: list[Person],
    make_person: Callable[..., Person],
) -> None:
    melnyk = make_person(
        surname="Мельник",
        given_name="Петро",
        patronymic="Іванович",
        birth_date=dt.date(1985, 2, 2),
        service_number="UA-500002",
    )
    upload = SimpleUploadedFile(
        "offer.csv",
        _file("1;МЕЛЬНИК Петр Иванович;;;;", "2;ПЕТРЕНКО Василий Сергеевич;11.11.1979;;;"),
    )
    loaded = officer_api.post(
        f"/api/agreements/{agreement.pk}/lists/load/",
        {"kind": "their_offer", "file": upload},
        format="multipart",
    )
    assert loaded.status_code == 201, loaded.json()
    body = loaded.json()
    assert (body["number"], body["state"], body["file_name"]) == (1, "submitted", "offer.csv")
    possible, unknown = body["entries"]
    assert (possible["verdict"], possible["case_number"]) == ("possible", melnyk.case_number)
    assert possible["explanation"].startswith("Surname")
    assert (unknown["verdict"], unknown["person"], unknown["written"]["birth_date"]) == (
        "unknown",
        None,
        "1979-11-11",
    )
    refused = officer_api.post(f"/api/list-versions/{body['id']}/agree/")
    assert refused.status_code == 400 and "possible matches" in str(refused.json())
    decided = officer_api.post(
        f"/api/list-versions/{body['id']}/decide/",
        {"entry": possible["id"], "case_number": melnyk.case_number},
        format="json",
    )
    assert decided.json()["entries"][0]["verdict"] == "confirmed"
    assert officer_api.post(f"/api/list-versions/{body['id']}/agree/").status_code == 200


def test_a_bad_file_answers_400_naming_the_rows_and_keeps_nothing(
    officer_api: APIClient, agreement: Agreement
) -> None:
    upload = SimpleUploadedFile("offer-2.csv", _file("1;;01.01.1990;;;"))
    refused = officer_api.post(
        f"/api/agreements/{agreement.pk}/lists/load/",
        {"kind": "their_offer", "file": upload},
        format="multipart",
    )
    assert refused.status_code == 400
    assert "offer-2.csv, row 2, column" in str(refused.json())
    assert not ListVersion.objects.exists()


@pytest.mark.parametrize("role", ["registrar", "communications", "medical_officer"])
def test_lists_are_secret_from_other_roles(
    api_for: Callable[[str], APIClient], officer_api: APIClient, agreement: Agreement, role: str
) -> None:
    started = officer_api.post(
        f"/api/agreements/{agreement.pk}/lists/versions/", {"kind": "our_request"}, format="json"
    ).json()
    client = api_for(role)
    assert client.get(f"/api/agreements/{agreement.pk}/lists/").status_code == 403
    assert client.get(f"/api/list-versions/{started['id']}/").status_code == 403
    assert client.get("/api/list-versions/").json()["results"] == []
    assert (
        client.post(
            f"/api/agreements/{agreement.pk}/lists/versions/", {"kind": "our_offer"}, format="json"
        ).status_code
        == 403
    )
    assert ListVersion.objects.count() == 1


def test_a_finished_import_fills_a_draft(
    officer_api: APIClient, agreement: Agreement, background: list[Person],
    make_user: Callable[..., User],
) -> None:  # fmt: skip
    content = "№;ФИО;Дата рождения\n1;КОВАЛЕНКО Петр Иванович;01.01.1980\n".encode("cp1251")
    batch = intake.import_file(
        actor=make_user("registrar"),
        file_name="unit.csv",
        content=content,
        source_kind="unit",
        source_name="в/ч А0000",
    )
    started = officer_api.post(
        f"/api/agreements/{agreement.pk}/lists/versions/", {"kind": "our_request"}, format="json"
    ).json()
    filled = officer_api.post(
        f"/api/list-versions/{started['id']}/import/", {"batch": batch.pk}, format="json"
    )
    assert filled.status_code == 200 and len(filled.json()["entries"]) == 1
