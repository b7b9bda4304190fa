"""An exchange officer, in a real browser, verifies the other side's offer loaded from
their file (a possible match decided, the version agreed, the persons on the exchange
list), and builds our request by criteria and submits it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from homeward.apps.exchanges import services
from homeward.apps.registry.models import Person, PersonGroup
from tests.apps.exchanges.test_verification import _file

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_verify_and_agree_their_offer(
    sign_in: Callable[[User], Page],
    make_user: Callable[..., User],
    make_person: Callable[..., Person],
    background: list[Person],
    live_server: Any,
    tmp_path: Path,
) -> None:
    officer = make_user("exchange_officer")
    shevchenko = make_person()
    melnyk = make_person(surname="Мельник", given_name="Петро", patronymic="Іванович",
                         birth_date=dt.date(1985, 2, 2), service_number="UA-500002")  # fmt: skip
    agreement = services.create_agreement(actor=officer, title="Обмін 3 на 3",
                                          formula="n_for_n", total=3)  # fmt: skip
    offer = tmp_path / "their-offer.csv"
    offer.write_bytes(_file(
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456;",
        "2;МЕЛЬНИК Петр Иванович;;;;",
        "3;ПЕТРЕНКО Василий Сергеевич;11.11.1979;;;",
    ))  # fmt: skip

    page = sign_in(officer)
    page.click("#nav-exchanges")
    page.click("text=Обмін 3 на 3")
    page.click("[data-list=their_offer] a")
    page.set_input_files("#load-their-list input[type=file]", str(offer))
    page.click("#load-button")
    expect(page.locator("#version-card")).to_have_attribute("data-state", "submitted")
    rows = page.locator("#entry-table tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator(f"[data-case='{shevchenko.case_number}']")).to_have_attribute(
        "data-verdict", "confirmed"
    )
    expect(page.locator("tr[data-verdict=unknown]")).to_contain_text("ПЕТРЕНКО Василий")
    possible = page.locator(f"[data-case='{melnyk.case_number}']")
    expect(possible).to_have_attribute("data-verdict", "possible")

    page.click("#agree-version")  # refused: a possible match is not decided
    expect(page.locator(".alert-danger, .alert-error").first).to_be_visible()
    expect(page.locator("#version-card")).to_have_attribute("data-state", "submitted")
    possible.locator("[data-decide=confirm]").click()
    expect(page.locator(f"[data-case='{melnyk.case_number}']")).to_have_attribute(
        "data-verdict", "confirmed"
    )
    page.click("#agree-version")
    expect(page.locator("#version-card")).to_have_attribute("data-state", "agreed")
    for person in (shevchenko, melnyk):
        person.refresh_from_db()
        assert person.current_status == "on_exchange_list"
    page.click(f"text={agreement.title}")
    expect(page.locator("[data-list=their_offer] [data-figure=entries]")).to_have_text("3")


def test_build_our_request_by_criteria(
    sign_in: Callable[[User], Page],
    make_user: Callable[..., User],
    make_person: Callable[..., Person],
    live_server: Any,
) -> None:
    officer = make_user("exchange_officer")
    # A vocabulary item the migrations add; a transactional test before may have flushed it.
    mariupol, _new = PersonGroup.objects.get_or_create(
        name_uk="Захисники Маріуполя", defaults={"name_en": "Defenders of Mariupol"}
    )
    defenders = [make_person(surname=s, service_number=f"UA-8{i}", groups=[mariupol])
                 for i, s in enumerate(("Бойко", "Коваль"))]  # fmt: skip
    other = make_person(surname="Ткачук", service_number="UA-90")
    services.create_agreement(actor=officer, title="Обмін 2 на 2", formula="n_for_n", total=2)

    page = sign_in(officer)
    page.click("#nav-exchanges")
    page.click("text=Обмін 2 на 2")
    page.click("[data-list=our_request] a")
    page.click("#start-version")
    expect(page.locator("#version-card")).to_have_attribute("data-state", "draft")
    page.locator("#add-by-criteria").get_by_label("Захисники Маріуполя").check()
    page.click("#criteria-button")
    for person in defenders:
        expect(page.locator(f"[data-case='{person.case_number}']")).to_be_visible()
    expect(page.locator(f"[data-case='{other.case_number}']")).to_have_count(0)
    expect(page.locator("#change-table tbody tr[data-action=added]")).to_have_count(2)
    page.fill("#case-numbers", other.case_number)
    page.locator("#add-by-case button").click()
    expect(page.locator("#entry-count")).to_have_text("3")
    page.click("#submit-version")
    expect(page.locator("#version-card")).to_have_attribute("data-state", "submitted")
    expect(page.locator("#add-by-criteria")).to_have_count(0)


def test_from_their_offer_to_a_completed_stage(
    sign_in: Callable[[User], Page],
    make_user: Callable[..., User],
    make_person: Callable[..., Person],
    background: list[Person],
    live_server: Any,
    tmp_path: Path,
) -> None:
    """The issue's day: their offer loaded and verified, our offer built, both agreed, a
    new stage added and planned from the lists, run and completed; statuses and totals
    follow."""
    officer = make_user("exchange_officer")
    shevchenko = make_person()
    boiko = make_person(surname="Бойко", given_name="Іван", patronymic="Петрович",
                        birth_date=dt.date(1988, 7, 1), service_number="UA-500001")  # fmt: skip
    held = [
        make_person(side="held", surname=s, given_name="Сергей", patronymic="",
                    service_number=f"RU-9{i}")
        for i, s in enumerate(("Иванов", "Петров"))
    ]  # fmt: skip
    services.create_agreement(actor=officer, title="Обмін 2 на 2", formula="n_for_n", total=2)
    offer = tmp_path / "their-offer.csv"
    offer.write_bytes(_file(
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456;",
        "2;БОЙКО Иван Петрович;01.07.1988;;UA-500001;",
    ))  # fmt: skip

    page = sign_in(officer)
    page.click("#nav-exchanges")
    page.click("text=Обмін 2 на 2")
    agreement_url = page.url
    page.click("[data-list=their_offer] a")
    page.set_input_files("#load-their-list input[type=file]", str(offer))
    page.click("#load-button")
    expect(page.locator("tr[data-verdict=confirmed]")).to_have_count(2)
    page.click("#agree-version")
    expect(page.locator("#version-card")).to_have_attribute("data-state", "agreed")

    page.goto(agreement_url)
    page.click("[data-list=our_offer] a")
    page.click("#start-version")
    page.fill("#case-numbers", " ".join(p.case_number for p in held))
    page.locator("#add-by-case button").click()
    expect(page.locator("#entry-count")).to_have_text("2")
    page.click("#submit-version")
    page.click("#agree-version")
    expect(page.locator("#version-card")).to_have_attribute("data-state", "agreed")

    page.goto(agreement_url)
    page.locator("#new-stage summary").click()
    page.fill("#stage-form [name=date]", dt.date.today().isoformat())
    page.fill("#stage-form [name=receive_capacity]", "2")
    page.click("#add-stage")
    expect(page.locator("#stage-table tbody tr")).to_have_count(1)
    page.click("#plan-link")
    expect(page.locator(".proposed-stage[data-stage='1'] [data-figure=received]")).to_have_text("2")
    expect(page.locator(".proposed-stage[data-stage='1'] [data-figure=handed_over]")).to_have_text(
        "2"
    )
    page.click("#apply-plan")
    page.click("#stage-table a")
    page.click("#stage-start")
    for person, outcome in ((shevchenko, "received"), (boiko, "received"),
                            (held[0], "handed_over"), (held[1], "handed_over")):  # fmt: skip
        row = page.locator("#member-table tr", has_text=person.case_number)
        row.locator(f"[data-outcome-button={outcome}]").click()
        expect(page.locator("#member-table tr", has_text=person.case_number)).to_have_attribute(
            "data-outcome", outcome
        )
    expect(page.locator("#stage-totals [data-figure=received_so_far]")).to_have_text("2")
    page.click("#stage-complete")
    expect(page.locator("#stage-status")).to_have_attribute("data-status", "completed")
    for person, status in ((shevchenko, "returned"), (boiko, "returned"),
                           (held[0], "exchanged"), (held[1], "exchanged")):  # fmt: skip
        person.refresh_from_db()
        assert person.current_status == status
    page.goto(agreement_url)
    expect(page.locator("#agreement-received")).to_contain_text("2")
