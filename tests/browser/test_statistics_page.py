"""The statistics page draws its charts in a real browser, from files served locally."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from homeward.apps.exchanges import services as exchanges
from homeward.apps.registry.models import Person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The charts are drawn by scripts at the end of the page, after the tables are in the DOM:
# wait until a chart is on every canvas (a page that draws none times out and fails).
DRAWN = (
    "() => window.Chart && document.querySelectorAll('%s').length > 0 && "
    "[...document.querySelectorAll('canvas')].every(c => Chart.getChart(c))"
)


def test_the_stages_are_charted(
    sign_in: Callable[[User], Page], make_user: Callable[..., User],
    make_person: Callable[..., Person],
) -> None:  # fmt: skip
    officer = make_user("exchange_officer")
    agreement = exchanges.create_agreement(actor=officer, title="Обмін 2 на 2",
                                           formula="n_for_n", total=2)  # fmt: skip
    for number, day in enumerate((dt.date(2025, 5, 23), dt.date(2025, 5, 24)), start=1):
        person = make_person(surname=f"Бойко{number}", service_number=f"UA-6{number}")
        stage = exchanges.add_stage(actor=officer, agreement=agreement, date=day,
                                    receive_capacity=1)  # fmt: skip
        [member] = exchanges.add_members(actor=officer, stage=stage, persons=[person])
        exchanges.start_stage(actor=officer, stage_id=stage.pk)
        exchanges.record_outcome(actor=officer, member_id=member.pk, outcome="received")
        exchanges.complete_stage(actor=officer, stage_id=stage.pk)
    page = sign_in(make_user("communications"))
    page.click("#nav-statistics")
    expect(page.locator("#stages-table tbody tr")).to_have_count(2)
    page.wait_for_function(DRAWN % "canvas")
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas')].map(c => Chart.getChart(c) ? "
        "Chart.getChart(c).data.datasets.length : 0)"
    )
    assert drawn[0] == 3 and all(n == 2 for n in drawn[1:]), drawn
    # the statistics overall and over time, and a file for publication
    page.click("#tab-overall")
    expect(page.locator("#table-registry")).to_be_visible()
    page.wait_for_function(DRAWN % "canvas.table-chart")
    page.select_option("#id_file_format", "xlsx")
    page.select_option("#id_audience", "public")
    with page.expect_download() as download:
        page.click("#statistics-export-button")
    assert download.value.suggested_filename.startswith("statistics-overall-public-")
    assert download.value.suggested_filename.endswith(".xlsx")
