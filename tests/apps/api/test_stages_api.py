"""Agreements, stages, the planner and the day's outcomes through the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from homeward.apps.exchanges.models import Agreement, StageMember
from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_api(api_for: Callable[[str], APIClient]) -> APIClient:
    return api_for("exchange_officer")


def _agreed_list(api: APIClient, agreement: int, kind: str, persons: list[Person]) -> None:
    version = api.post(
        f"/api/agreements/{agreement}/lists/versions/", {"kind": kind}, format="json"
    ).json()
    api.post(
        f"/api/list-versions/{version['id']}/add/",
        {"case_numbers": [p.case_number for p in persons]},
        format="json",
    )
    api.post(f"/api/list-versions/{version['id']}/submit/")
    assert api.post(f"/api/list-versions/{version['id']}/agree/").status_code == 200


def test_an_exchange_from_agreement_to_completed_stage(
    officer_api: APIClient,
    api_for: Callable[[str], APIClient],
    make_person: Callable[..., Person],
) -> None:
    ours = [make_person(surname=f"Бойко{i}", service_number=f"UA-2{i}") for i in range(2)]
    theirs = [
        make_person(
            side="held",
            surname=f"Иванов{i}",
            given_name="Сергей",
            patronymic="",
            service_number=f"RU-2{i}",
        )
        for i in range(2)
    ]
    created = officer_api.post(
        "/api/agreements/",
        {"title": "Обмін 2 на 2", "formula": "n_for_n", "total": 2},
        format="json",
    )
    assert created.status_code == 201
    agreement = created.json()["id"]
    bad = officer_api.post(
        "/api/agreements/", {"title": "x", "formula": "per_category"}, format="json"
    )
    assert bad.status_code == 400 and "quotas" in bad.json()
    _agreed_list(officer_api, agreement, "our_request", ours)
    _agreed_list(officer_api, agreement, "our_offer", theirs)
    stage = officer_api.post(
        f"/api/agreements/{agreement}/stages/",
        {"date": dt.date.today().isoformat(), "receive_capacity": 2},
        format="json",
    )
    assert stage.status_code == 201 and stage.json()["number"] == 1
    stage_id = stage.json()["id"]
    proposal = officer_api.get(
        f"/api/agreements/{agreement}/plan/", {"excluded": [ours[1].case_number]}
    ).json()
    assert proposal["problems"] == []
    assert proposal["stages"][0]["received"] == [ours[0].case_number]
    assert proposal["reasons"][ours[1].case_number]["reason"] == "excluded"
    applied = officer_api.post(f"/api/agreements/{agreement}/plan/", {}, format="json")
    assert applied.status_code == 201 and applied.json()["planned"] == 4
    # Before the day is over, others see counts only.
    communications = api_for("communications")
    outsider = communications.get(f"/api/stages/{stage_id}/").json()
    assert outsider["members"] is None and outsider["counts"]["planned_receive"] == 2
    officer_api.post(f"/api/stages/{stage_id}/start/")
    members = officer_api.get(f"/api/stages/{stage_id}/").json()["members"]
    for m in members:
        outcome = "received" if m["direction"] == "receive" else "handed_over"
        answer = officer_api.post(
            f"/api/stages/{stage_id}/outcome/",
            {"member": m["id"], "outcome": outcome},
            format="json",
        )
        assert answer.status_code == 200
    wrong = officer_api.post(
        f"/api/stages/{stage_id}/outcome/",
        {"member": members[0]["id"], "outcome": "refused"},
        format="json",
    )
    assert wrong.status_code == 400 and "остаточно" in str(wrong.json())  # Ukrainian by default
    done = officer_api.post(f"/api/stages/{stage_id}/complete/").json()
    assert done["status"] == "completed" and done["counts"]["received_so_far"] == 2
    # Then the counts of who came home are public; names stay with roles that see persons.
    after = communications.get(f"/api/stages/{stage_id}/").json()
    assert after["members"] is None and after["composition"]["received"] == 2
    assert len(api_for("registrar").get(f"/api/stages/{stage_id}/").json()["members"]) == 4
    body = communications.get(f"/api/agreements/{agreement}/").json()
    assert body["received"] == 2 and body["status"] == "completed"
    assert Agreement.objects.get().status == "completed"
    assert set(StageMember.objects.values_list("outcome", flat=True)) == {"received", "handed_over"}


def test_only_exchange_officers_change_exchanges_through_the_api(
    api_for: Callable[[str], APIClient],
) -> None:
    for role in ("registrar", "communications"):
        api = api_for(role)
        refused = api.post(
            "/api/agreements/", {"title": "x", "formula": "n_for_n", "total": 1}, format="json"
        )
        assert refused.status_code == 403
    assert not Agreement.objects.exists()
