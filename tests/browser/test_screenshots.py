"""`make screenshots`: the main pages over demo data, saved under docs/screenshots/.

Deselected from the ordinary run (pyproject's addopts); it still asserts what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from homeward.apps.audit.context import audit_context
from homeward.apps.exchanges.demo import load_exchange_demo
from homeward.apps.exchanges.list_demo import load_negotiation_demo, write_their_offer
from homeward.apps.exchanges.models import Stage
from homeward.apps.payments.demo import load_payments_demo
from homeward.apps.payments.models import PaymentBatch
from homeward.apps.registry.demo import load_demo
from homeward.apps.registry.models import Person
from homeward.apps.reports import services as statements
from homeward.apps.returns.demo import load_returns_demo
from homeward.apps.returns.models import ReturnCase
from tests.apps.exchanges.test_demo import SMALL

pytestmark = [
    pytest.mark.screenshots,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_save_screenshots(sign_in: Callable[[User], Page], make_user: Callable[..., User]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    registrar, admin = make_user("registrar"), make_user("administrator")
    with audit_context("command"):
        load_demo(count=400, registrar=registrar, confirmer=admin)
    page = sign_in(admin)
    base = page.url.rstrip("/")
    expect(page.locator("#count-total")).to_have_text("400")
    page.screenshot(path=OUT / "home.png", full_page=True)

    page.goto(f"{base}/persons/?q=shevchenko")
    expect(page.locator("#person-table tbody tr").first).to_contain_text("ШЕВЧЕНКО")
    page.screenshot(path=OUT / "person-list.png")

    person = (
        Person.objects.filter(side="own", current_status="returned")
        .exclude(unit="")
        .order_by("id")
        .first()
    )
    assert person is not None
    page.goto(f"{base}/persons/{person.pk}/")
    expect(page.locator("#status-timeline li")).to_have_count(person.status_events.count())
    page.screenshot(path=OUT / "person-detail.png", full_page=True)

    page.click("#language-form button[value=en]")
    expect(page.locator("#current-status")).to_have_text("Returned")
    page.screenshot(path=OUT / "person-detail-en.png", full_page=True)

    page.goto(f"{base}/audit/")
    expect(page.locator("#audit-table tbody tr")).to_have_count(50)
    page.screenshot(path=OUT / "audit.png")


def test_save_exchange_screenshots(
    sign_in: Callable[[User], Page], make_user: Callable[..., User], tmp_path: Path
) -> None:
    """The seeds' exchange at a small scale, and the other side's offer for the next one
    loaded and verified."""
    registrar, admin = make_user("registrar"), make_user("administrator")
    officer = make_user("exchange_officer")
    with audit_context("command"):
        load_demo(count=400, registrar=registrar, confirmer=admin)
        load_exchange_demo(officer=officer, registrar=registrar, confirmer=admin, stages=SMALL)
        agreement = load_negotiation_demo(officer=officer)
    offer = write_their_offer(tmp_path / "their-offer.csv")
    page = sign_in(officer)
    base = page.url.rstrip("/")
    page.goto(f"{base}/exchanges/{agreement.pk}/lists/their_offer/")
    page.set_input_files("#load-their-list input[type=file]", str(offer))
    page.click("#load-button")
    expect(page.locator("#version-card")).to_have_attribute("data-state", "submitted")
    page.goto(page.url + "&check=1")
    page.screenshot(path=OUT / "their-offer-verified.png", full_page=True)
    page.goto(f"{base}/exchanges/")
    page.click("text=Обмін «1000 на 1000»")
    expect(page.locator("#stage-table tbody tr")).to_have_count(2)
    page.screenshot(path=OUT / "agreement.png", full_page=True)


def test_save_after_return_screenshots(
    sign_in: Callable[[User], Page], make_user: Callable[..., User]
) -> None:
    """The demo's return cases on the board and one case; a paid batch and an
    entitlement's breakdown."""
    registrar, admin = make_user("registrar"), make_user("administrator")
    coordinator, payer = make_user("return_coordinator"), make_user("payments_officer")
    with audit_context("command"):
        load_demo(count=400, registrar=registrar, confirmer=admin)
        load_exchange_demo(officer=make_user("exchange_officer"), registrar=registrar,
                           confirmer=admin, stages=SMALL)  # fmt: skip
        load_returns_demo(coordinator=coordinator, medic=make_user("medical_officer"))
        load_payments_demo(payer=payer, second_payer=make_user("payments_officer", "payer-2"))
    page = sign_in(coordinator)
    base = page.url.rstrip("/")
    page.click("#nav-returns")
    expect(page.locator("#board-steps")).to_be_visible()
    page.screenshot(path=OUT / "returns-board.png", full_page=True)
    case = ReturnCase.objects.order_by("pk").first()
    assert case is not None
    page.goto(f"{base}/returns/cases/{case.pk}/")
    expect(page.locator("#case-steps .list-group-item")).to_have_count(case.steps.count())
    page.screenshot(path=OUT / "return-case.png", full_page=True)
    page.context.clear_cookies()
    page = sign_in(payer)
    batch = PaymentBatch.objects.filter(state="approved").get()
    page.goto(f"{base}/payments/batches/{batch.pk}/")
    expect(page.locator("#batch-state")).to_have_attribute("data-state", "approved")
    page.screenshot(path=OUT / "payment-batch.png", full_page=True)
    item = batch.items.order_by("pk").first()
    assert item is not None
    page.goto(f"{base}/payments/entitlements/{item.entitlement_id}/")
    expect(page.locator("#breakdown tbody tr").first).to_be_visible()
    page.screenshot(path=OUT / "entitlement.png", full_page=True)


def test_save_statement_and_statistics_screenshots(
    sign_in: Callable[[User], Page], make_user: Callable[..., User], live_server: Any
) -> None:
    """The statistics overall and over time, and the seeds' statement (the demo exchange's
    second day) as the public reads it."""
    registrar, admin = make_user("registrar"), make_user("administrator")
    writer, second = make_user("communications"), make_user("communications", "second")
    with audit_context("command"):
        load_demo(count=400, registrar=registrar, confirmer=admin)
        load_exchange_demo(officer=make_user("exchange_officer"), registrar=registrar,
                           confirmer=admin)  # fmt: skip
        stage = Stage.objects.get(number=2)
        draft = statements.draft_from_stage(actor=writer, stage_id=stage.pk)
        statements.approve(actor=second, statement_id=draft.pk, version=draft.version,
                           publish_at=None)  # fmt: skip
    page = sign_in(writer)
    page.click("#nav-statistics")
    page.click("#tab-overall")
    expect(page.locator("#table-trend")).to_be_attached()
    page.screenshot(path=OUT / "statistics-overall.png", full_page=True)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/statements/{draft.pk}/")
    expect(page.get_by_role("heading", name=draft.title_uk)).to_be_visible()
    page.screenshot(path=OUT / "statement-public.png", full_page=True)
