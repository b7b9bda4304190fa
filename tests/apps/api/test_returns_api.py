"""Return cases through the API: the same rules as the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from homeward.apps.registry.models import Person
from homeward.apps.returns.models import ReturnCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(received: Callable[[Person], ReturnCase], person: Person) -> ReturnCase:
    return received(person)


@pytest.fixture
def api_in_english(api_for: Callable[[str], APIClient]) -> Callable[[str], APIClient]:
    def make(role: str) -> APIClient:
        client = api_for(role)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def step_of(data: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(s for s in data["steps"] if s["kind"] == kind)


def test_cases_and_the_board(case: ReturnCase, api_for: Callable[[str], APIClient]) -> None:
    api = api_for("return_coordinator")
    listed = api.get("/api/return-cases/", {"stage": case.stage_member.stage_id}).json()
    assert [c["id"] for c in listed["results"]] == [case.pk]
    assert listed["results"][0]["current"] == "handover_intake"
    assert listed["results"][0]["steps"] is None  # steps are in the detail
    board = api.get("/api/return-cases/board/").json()
    assert board["at_step"] == {"handover_intake": 1} and board["open_cases"] == 1
    assert board["per_stage"] == {str(case.stage_member.stage_id): {"handover_intake": 1}}
    assert board["overdue"]["handover_intake"] == 1  # due the day after 23 May 2025


def test_a_medical_finding_reaches_only_the_medical_role(
    case: ReturnCase, api_for: Callable[[str], APIClient]
) -> None:
    medic, coordinator = api_for("medical_officer"), api_for("return_coordinator")
    exam = case.steps.get(kind="medical_examination")
    response = medic.patch(f"/api/case-steps/{exam.pk}/",
                           {"state": "done", "text": "Two fractured ribs.",
                            "version": exam.version}, format="json")  # fmt: skip
    assert response.status_code == 200 and response.json()["finding"] == "Two fractured ribs."
    seen = coordinator.get(f"/api/return-cases/{case.pk}/").json()
    assert step_of(seen, "medical_examination")["state"] == "done"
    assert step_of(seen, "medical_examination")["finding"] is None
    assert "Two fractured ribs." not in str(seen)
    refused = coordinator.patch(f"/api/case-steps/{exam.pk}/", {"text": "x"}, format="json")
    assert refused.status_code == 403


def test_moves_are_refused_with_a_reason_and_stale_versions_too(
    case: ReturnCase, api_in_english: Callable[[str], APIClient], make_user: Callable[..., User]
) -> None:
    api = api_in_english("return_coordinator")
    closure = case.steps.get(kind="closure")
    response = api.patch(f"/api/case-steps/{closure.pk}/", {"state": "done"}, format="json")
    assert response.status_code == 400 and "still open" in str(response.json())
    debrief = case.steps.get(kind="debrief")
    ok = api.patch(f"/api/case-steps/{debrief.pk}/", {"text": "Saw 12 others in Olenivka.",
                                                      "version": 1}, format="json")  # fmt: skip
    assert ok.json()["note"] == "Saw 12 others in Olenivka." and ok.json()["version"] == 2
    stale = api.patch(f"/api/case-steps/{debrief.pk}/", {"text": "Other.", "version": 1},
                      format="json")  # fmt: skip
    assert stale.status_code == 409 and "reload" in stale.json()["detail"]
    payer = make_user("payments_officer", "payer-1")
    assigned = api.post(f"/api/case-steps/{case.steps.get(kind='payments').pk}/assign/",
                        {"assignee": payer.pk}, format="json")  # fmt: skip
    assert assigned.status_code == 200 and assigned.json()["assignee"] == payer.pk


def test_a_case_is_opened_by_hand_for_a_release(
    api_in_english: Callable[[str], APIClient], make_person: Callable[..., Person],
    report: Callable[..., Any],
) -> None:  # fmt: skip
    person = make_person()
    api = api_in_english("return_coordinator")
    refused = api.post("/api/return-cases/", {"person": person.pk, "release": "release"},
                       format="json")  # fmt: skip
    assert refused.status_code == 400 and "not recorded as returned" in str(refused.json())
    report(person, "released", "2024-06-10")
    opened = api.post("/api/return-cases/", {"person": person.pk, "release": "release"},
                      format="json")  # fmt: skip
    assert opened.status_code == 201
    assert opened.json()["returned_on"] == "2024-06-10" and len(opened.json()["steps"]) == 9


def test_many_steps_move_at_once(case: ReturnCase, api_for: Callable[[str], APIClient]) -> None:
    api = api_for("return_coordinator")
    intake = case.steps.get(kind="handover_intake")
    moved = api.post("/api/case-steps/bulk/", {"steps": [intake.pk], "state": "done"},
                     format="json")  # fmt: skip
    assert moved.status_code == 200 and moved.json() == {"moved": 1}
    exam = case.steps.get(kind="medical_examination")
    refused = api.post("/api/case-steps/bulk/", {"steps": [exam.pk], "state": "done"},
                       format="json")  # fmt: skip
    assert refused.status_code == 400


def test_a_debrief_sighting_through_the_api(
    case: ReturnCase, api_in_english: Callable[[str], APIClient]
) -> None:
    api = api_in_english("return_coordinator")
    told = {"told_name": "Остапчук Зеновій", "place": "Кашира", "seen": "2024-05"}
    recorded = api.post(f"/api/return-cases/{case.pk}/sightings/", told, format="json")
    assert recorded.status_code == 201 and recorded.json()["verdict"] == "unknown"
    assert recorded.json()["seen"] == "2024-05"
    sighting = recorded.json()["id"]
    registered = api.post(f"/api/sightings/{sighting}/register/")
    assert registered.status_code == 201 and registered.json()["verdict"] == "registered"
    listed = api.get(f"/api/return-cases/{case.pk}/sightings/").json()
    assert [s["person"] for s in listed] == [registered.json()["person"]]
    late = {**told, "seen": "2026-01-01"}  # after the return of 23 May 2025
    refused = api.post(f"/api/return-cases/{case.pk}/sightings/", late, format="json")
    assert refused.status_code == 400 and "seen_on" in refused.json()


def test_administrators_reshape_the_pipeline_for_later_cases(
    api_for: Callable[[str], APIClient],
) -> None:
    admin = api_for("administrator")
    templates = admin.get("/api/step-templates/").json()["results"]
    debrief = next(t for t in templates if t["category"] == "military" and t["kind"] == "debrief")
    changed = admin.patch(f"/api/step-templates/{debrief['id']}/",
                          {"deadline_days": 7, "kind": "closure"}, format="json")  # fmt: skip
    assert changed.status_code == 200
    assert (changed.json()["deadline_days"], changed.json()["kind"]) == (7, "debrief")
    assert admin.patch(f"/api/step-templates/{debrief['id']}/", {"owner_role": "nobody"},
                       format="json").status_code == 400  # fmt: skip
    assert api_for("return_coordinator").get("/api/step-templates/").status_code == 403
