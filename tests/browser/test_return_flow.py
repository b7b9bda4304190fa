"""A return case moves through its steps in a real browser: the coordinator finds the
person received on the board, does the intake for the stage at once and assigns the
examination; the medical officer records what the examination found; the coordinator sees
that it is done, not what was found, and closes the case once every step is finished."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from homeward.apps.registry.models import Person
from homeward.apps.returns import services
from homeward.apps.returns.models import ReturnCase

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FINDING = "Перелом двох ребер; втрата ваги 14 кг."


def test_a_case_moves_through_its_steps(
    sign_in: Callable[[User], Page],
    make_user: Callable[..., User],
    make_person: Callable[..., Person],
    received: Callable[[Person], ReturnCase],
    live_server: Any,
) -> None:
    coordinator, medic = make_user("return_coordinator"), make_user("medical_officer")
    payer = make_user("payments_officer")
    case = received(make_person(surname="Бойко", given_name="Іван", service_number="UA-51"))

    page = sign_in(coordinator)
    page.click("#nav-returns")
    intake = page.locator("#board-steps [data-step=handover_intake]")
    expect(intake.locator("[data-figure=at]")).to_have_text("1")
    intake.locator("[data-figure=at] a").click()
    page.check(f"#case-table [data-case='{case.pk}'] input[name=steps]")
    page.select_option("#bulk-state", "done")
    page.click("#bulk-button")
    expect(page.locator("#case-count")).to_contain_text("0")  # nobody stands at intake now

    page.goto(f"{live_server.url}/returns/cases/{case.pk}/")
    exam = page.locator("[data-step=medical_examination]")
    exam.locator("select[name$=assignee]").select_option(label=medic.username)
    exam.locator(".assign-form button").click()
    expect(page.locator("[data-step=medical_examination]")).to_contain_text(medic.username)
    expect(page.locator("[data-step=medical_examination] .step-form")).to_have_count(0)

    page.context.clear_cookies()
    page = sign_in(medic)
    page.goto(f"{live_server.url}/returns/cases/{case.pk}/")
    exam = page.locator("[data-step=medical_examination]")
    exam.locator("select[name$=state]").select_option("done")
    exam.locator("textarea[name$=text]").fill(FINDING)
    exam.locator("[data-role=save]").click()
    expect(page.locator("[data-step=medical_examination]")).to_have_attribute("data-state", "done")
    expect(page.locator("[data-step=medical_examination] [data-role=finding]")).to_have_text(
        FINDING
    )

    # The rest of the care, the debrief, documents and payments are done meanwhile.
    owners = {"return_coordinator": coordinator, "medical_officer": medic,
              "payments_officer": payer}  # fmt: skip
    for step in case.steps.exclude(kind="closure").exclude(state="done"):
        services.update_step(actor=owners[step.owner_role], step_id=step.pk,
                             state="not_needed" if step.optional else "done")  # fmt: skip

    page.context.clear_cookies()
    page = sign_in(coordinator)
    page.goto(f"{live_server.url}/returns/cases/{case.pk}/")
    expect(page.locator("[data-step=medical_examination]")).to_have_attribute("data-state", "done")
    expect(
        page.locator("[data-step=medical_examination] [data-role=medical-hidden]")
    ).to_be_visible()
    assert FINDING not in page.content()
    closure = page.locator("[data-step=closure]")
    closure.locator("select[name$=state]").select_option("done")
    closure.locator("[data-role=save]").click()
    expect(page.locator("#case-state")).to_have_attribute("data-closed", "1")
    page.click("#nav-returns")
    expect(page.locator("#late-steps-none")).to_be_visible()
