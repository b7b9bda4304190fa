"""An exchange officer runs a stage on the day, in a real browser: starts it, marks each
person, sees the running totals follow what another officer records, and completes it;
the persons' statuses follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from homeward.apps.exchanges import services
from homeward.apps.exchanges.models import StageMember
from homeward.apps.registry.models import Person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_run_a_stage(
    sign_in: Callable[[User], Page],
    make_user: Callable[..., User],
    make_person: Callable[..., Person],
    live_server: Any,
) -> None:
    officer, colleague = make_user("exchange_officer"), make_user("exchange_officer", "colleague")
    ours = [make_person(surname=s, service_number=f"UA-7{i}")
            for i, s in enumerate(("Бойко", "Мельник", "Ткачук"))]  # fmt: skip
    theirs = [make_person(side="held", surname=s, given_name="Сергей", patronymic="",
                          service_number=f"RU-7{i}")
              for i, s in enumerate(("Иванов", "Петров", "Сидоров"))]  # fmt: skip
    agreement = services.create_agreement(actor=officer, title="Обмін 3 на 3",
                                          formula="n_for_n", total=3)  # fmt: skip
    stage = services.add_stage(actor=officer, agreement=agreement, date=dt.date.today(),
                               receive_capacity=3)  # fmt: skip
    services.add_members(actor=officer, stage=stage, persons=ours + theirs)
    members = {m.person_id: m for m in StageMember.objects.all()}

    page = sign_in(officer)
    page.click("#nav-exchanges")
    page.click("text=Обмін 3 на 3")
    page.click("#stage-table a")
    page.click("#stage-start")
    expect(page.locator("#stage-status")).to_have_attribute("data-status", "under_way")

    def mark(person: Person, outcome: str) -> None:
        page.locator(f"#member-{members[person.pk].pk} [data-outcome-button={outcome}]").click()
        expect(page.locator(f"#member-{members[person.pk].pk}")).to_have_attribute(
            "data-outcome", outcome
        )

    mark(ours[0], "received")
    mark(theirs[0], "handed_over")
    mark(ours[1], "no_show")
    mark(ours[1], "received")  # brought late after all
    totals = page.locator("#stage-totals")
    expect(totals.locator("[data-figure=received]")).to_have_text("2")
    # Another officer, at another table, records the rest: the totals follow unasked.
    for person, outcome in ((ours[2], "received"), (theirs[1], "handed_over"),
                            (theirs[2], "handed_over")):  # fmt: skip
        services.record_outcome(actor=colleague, member_id=members[person.pk].pk, outcome=outcome)
    expect(totals.locator("[data-figure=received]")).to_have_text("3", timeout=10_000)
    expect(totals.locator("[data-figure=received_so_far]")).to_have_text("3")
    expect(totals.locator("[data-figure=open]")).to_have_text("0")

    page.reload()
    page.click("#stage-complete")
    expect(page.locator("#stage-status")).to_have_attribute("data-status", "completed")
    expect(page.locator("#stage-composition")).to_be_visible()
    for person, status in [(p, "returned") for p in ours] + [(p, "exchanged") for p in theirs]:
        person.refresh_from_db()
        assert person.current_status == status
    page.click(f"text={agreement.title}")
    expect(page.locator("#agreement-status")).to_contain_text("Завершено")
    expect(page.locator("#agreement-received")).to_contain_text("3")
