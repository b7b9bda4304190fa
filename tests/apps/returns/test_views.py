from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from homeward.apps.registry.models import Person
from homeward.apps.returns import services
from homeward.apps.returns.models import ReturnCase

pytestmark = pytest.mark.django_db

FINDING = "Shrapnel in the left leg."


def logged_in(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_board_shows_where_the_case_stands(case: ReturnCase, coordinator: User) -> None:
    page = logged_in(coordinator).get("/returns/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-step="handover_intake"' in html and "Open cases: 1; closed: 0" in html
    assert f"/returns/cases/{case.pk}/" in html  # its intake is late: listed with the link


def test_the_case_page_hides_findings_from_all_but_the_medical_role(
    case: ReturnCase, coordinator: User, medic: User
) -> None:
    exam = case.steps.get(kind="medical_examination")
    services.update_step(actor=medic, step_id=exam.pk, state="done", text=FINDING)
    html = logged_in(coordinator).get(f"/returns/cases/{case.pk}/").content.decode()
    assert FINDING not in html and 'data-role="medical-hidden"' in html
    assert f'action="/returns/steps/{exam.pk}/"' not in html  # nothing to work on there
    html = logged_in(medic).get(f"/returns/cases/{case.pk}/").content.decode()
    assert FINDING in html


def test_a_step_moves_from_its_form_and_a_refusal_is_a_message(
    case: ReturnCase, coordinator: User
) -> None:
    client = logged_in(coordinator)
    intake = case.steps.get(kind="handover_intake")
    prefix = f"step-{intake.pk}"
    response = client.post(f"/returns/steps/{intake.pk}/", {
        f"{prefix}-state": "done", f"{prefix}-text": "Identified.",
        f"{prefix}-version": intake.version}, follow=True)  # fmt: skip
    assert case.steps.get(kind="handover_intake").state == "done"
    assert "“Handover intake and identification” saved." in response.content.decode()
    closure = case.steps.get(kind="closure")
    prefix = f"step-{closure.pk}"
    response = client.post(f"/returns/steps/{closure.pk}/", {
        f"{prefix}-state": "done", f"{prefix}-version": closure.version}, follow=True)  # fmt: skip
    assert "still open" in response.content.decode()
    assert not ReturnCase.objects.get(pk=case.pk).closed


def test_the_persons_page_opens_a_case_for_a_release_outside_an_exchange(
    coordinator: User, person: Person, report: Callable[..., Any], registrar: User
) -> None:
    client = logged_in(coordinator)
    assert 'id="open-case-form"' not in client.get(f"/persons/{person.pk}/").content.decode()
    report(person, "released", "2024-06-10")
    assert 'id="open-case-form"' in client.get(f"/persons/{person.pk}/").content.decode()
    assert 'id="open-case-form"' not in (
        logged_in(registrar).get(f"/persons/{person.pk}/").content.decode())  # fmt: skip
    response = client.post(f"/returns/open/{person.pk}/", {"release": "release", "note": ""})
    case = ReturnCase.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == f"/returns/cases/{case.pk}/"
    html = client.get(f"/persons/{person.pk}/").content.decode()
    assert f"/returns/cases/{case.pk}/" in html and 'id="open-case-form"' not in html


def test_the_list_of_cases_at_one_step_moves_the_chosen_at_once(
    case: ReturnCase, coordinator: User, medic: User
) -> None:
    client = logged_in(coordinator)
    listed = client.get("/returns/cases/", {"step": "handover_intake"}).content.decode()
    intake = case.steps.get(kind="handover_intake")
    assert f'name="steps" value="{intake.pk}"' in listed
    # The medical role may not move the intake: no boxes for it.
    assert 'name="steps"' not in logged_in(medic).get(
        "/returns/cases/", {"step": "handover_intake"}).content.decode()  # fmt: skip
    back = "/returns/cases/?step=handover_intake"
    response = client.post("/returns/steps/", {"steps": [intake.pk], "state": "done",
                                                "next": back})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == back
    assert case.steps.get(kind="handover_intake").state == "done"


def test_a_sighting_is_recorded_and_registered_from_the_case_page(
    case: ReturnCase, coordinator: User, registrar: User
) -> None:
    client = logged_in(coordinator)
    page = client.post(f"/returns/cases/{case.pk}/sightings/", {
        "told_name": "Остапчук Зеновій", "told_details": "", "place": "Кашира",
        "seen": "05.2024"}, follow=True).content.decode()  # fmt: skip
    sighting = case.sightings.get()
    assert sighting.verdict == "unknown" and f'data-sighting="{sighting.pk}"' in page
    client.post(f"/returns/sightings/{sighting.pk}/register/")
    sighting.refresh_from_db()
    assert sighting.verdict == "registered" and sighting.person is not None
    # Who may see the case sees the sightings; only who may debrief records them.
    html = logged_in(registrar).get(f"/returns/cases/{case.pk}/").content.decode()
    assert "Остапчук Зеновій" in html and 'id="sighting-form"' not in html
    refused = client.post(f"/returns/cases/{case.pk}/sightings/", {"told_name": ""}, follow=True)
    assert "Name as told" in refused.content.decode() and case.sightings.count() == 1
