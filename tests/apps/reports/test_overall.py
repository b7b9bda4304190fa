"""The statistics overall: the registry by side and status, captivity lengths, who came
home, the months' trends; the page and its exports for the staff and for publication."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from openpyxl import load_workbook

from homeward.apps.audit.models import AuditEntry
from homeward.apps.exchanges.models import Agreement
from homeward.apps.registry.models import Person
from homeward.apps.reports import overall
from homeward.apps.reports.statistics import agreement_tables
from homeward.core.statistics import Table
from tests.apps.reports.test_dashboard import demo  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def by_key(tables: list[Table]) -> dict[str, Table]:
    return {t.key: t for t in tables}


@pytest.fixture
def tables(demo: None, make_person: Callable[..., Person], administrator: User) -> dict[str, Table]:  # noqa: F811
    make_person(surname="Гнатюк", capture_date=dt.date(2026, 1, 10), capture_date_precision="day")
    return by_key(overall.overall_tables(administrator, "en"))


def test_the_registry_is_counted_by_side_and_status(tables: dict[str, Table]) -> None:
    registry = tables["registry"]
    own, held = registry.rows
    assert own.total == Person.objects.filter(side="own", merged_into__isnull=True).count()
    assert held.total == Person.objects.filter(side="held", merged_into__isnull=True).count()
    returned = registry.columns.index("Returned")
    assert own.cells[returned] == 8 and held.cells[returned] == 0
    assert own.cells[registry.columns.index("No report yet")] == 1  # Гнатюк
    assert sum(own.cells) == own.total and registry.parts


def test_those_who_came_home_are_counted_by_length_and_composition(
    tables: dict[str, Table],
) -> None:
    now, home = tables["captivity"].rows
    assert home.total == 8 and sum(home.cells) == 8
    assert now.label == "In captivity now" and now.total == sum(now.cells)
    assert sum(tables["home_sex"].rows[0].cells) == 8
    assert dict(zip(tables["home_sex"].columns, tables["home_sex"].rows[0].cells,
                    strict=True)).get("Female", 0) == 2  # fmt: skip
    assert sum(tables["home_rank"].rows[0].cells) == 8
    assert sum(tables["home_service"].rows[0].cells) == 8
    group = tables["home_group"]
    assert group.columns == ("Defenders of Mariupol",) and not group.parts


def test_the_trend_counts_each_month(tables: dict[str, Table]) -> None:
    trend = tables["trend"]
    months = {row.label: dict(zip(trend.columns, row.cells, strict=True)) for row in trend.rows}
    assert months["2025-05"]["Returned"] == 8
    labels = [row.label for row in trend.rows]
    assert labels == sorted(labels) and labels[-1] == f"{dt.date.today():%Y-%m}"
    assert trend.chart == "line"


def test_only_roles_that_see_counts_get_them(make_user: Callable[..., User]) -> None:
    with pytest.raises(PermissionDenied):
        overall.overall_tables(make_user(), "en")  # no role


def test_the_page_and_its_exports(
    demo: None, make_user: Callable[..., User],  # noqa: F811
) -> None:  # fmt: skip
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_user("auditor"))  # counts, but no exchanges
    page = client.get("/statistics/overall/").content.decode()
    assert 'id="table-registry"' in page and 'id="table-trend"' in page
    assert 'id="tab-exchanges"' not in page

    staff = client.post("/statistics/export/", {"scope": "overall", "file_format": "csv",
                                                "audience": "staff"})  # fmt: skip
    assert staff["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(staff.content.decode("utf-8-sig"))))
    assert rows[0] == ["Table", "Row", "Column", "Count"]
    sex = {r[2]: r[3] for r in rows if r[0] == "Came home: sex"}
    assert sex == {"Male": "6", "Female": "2", "Total": "8"}
    assert {"The registry by side and status", "Per month"} <= {r[0] for r in rows}

    public = client.post("/statistics/export/", {"scope": "overall", "file_format": "csv",
                                                 "audience": "public"})  # fmt: skip
    rows = list(csv.reader(io.StringIO(public.content.decode("utf-8-sig"))))
    sex = {r[2]: r[3] for r in rows if r[0] == "Came home: sex"}
    # two women of eight: both parts withheld alike, so that 8 − 6 does not undo it, and
    # no column is named, since a name would say that such people are there
    assert sex == {"Total": "8"}

    xlsx = client.post("/statistics/export/", {"scope": "overall", "file_format": "xlsx",
                                               "audience": "public"})  # fmt: skip
    book = load_workbook(io.BytesIO(xlsx.content))
    # the registry by status and the months add up to the other tables: staff only
    assert "registry" not in book.sheetnames and "trend" not in book.sheetnames
    about = book.worksheets[0]
    assert "For publication" in str(about.cell(3, 1).value)
    home_sex = book["home_sex"]
    assert [c.value for c in home_sex[3]] == ["Came home", 8]

    pdf = client.post("/statistics/export/", {"scope": "overall", "file_format": "pdf",
                                              "audience": "staff"})  # fmt: skip
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # tables whose every column is withheld still make a file
    public_pdf = client.post("/statistics/export/", {"scope": "overall", "file_format": "pdf",
                                                     "audience": "public"})  # fmt: skip
    assert public_pdf.content.startswith(b"%PDF")

    exports = AuditEntry.objects.filter(action="statistics.export").order_by("id")
    assert [(e.after["format"], e.after["audience"]) for e in exports] == [
        ("csv", "staff"), ("csv", "public"), ("xlsx", "public"), ("pdf", "staff"),
        ("pdf", "public")]  # fmt: skip
    assert exports[1].after["threshold"] == 5

    # an agreement's tables need the exchanges too
    csv_staff = {"file_format": "csv", "audience": "staff"}
    refused = client.post("/statistics/export/", {"scope": "agreement", "agreement": "1",
                                                  **csv_staff})  # fmt: skip
    assert refused.status_code == 403
    bad = client.post("/statistics/export/", {"scope": "overall", "file_format": "doc",
                                              "audience": "staff"})  # fmt: skip
    assert bad.status_code == 400 and b"Choose a file format" in bad.content


def test_an_agreements_tables_for_publication(
    demo: None, make_user: Callable[..., User],  # noqa: F811
) -> None:  # fmt: skip
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    reader = make_user("communications")
    client.force_login(reader)
    page = client.get("/statistics/").content.decode()
    assert 'name="scope" value="agreement"' in page
    agreement = page.split('name="agreement" value="')[1].split('"')[0]
    csv_public = {"scope": "agreement", "file_format": "csv", "audience": "public"}
    public = client.post("/statistics/export/", {**csv_public, "agreement": agreement})
    rows = list(csv.reader(io.StringIO(public.content.decode("utf-8-sig"))))
    stages = [r for r in rows if r[0].endswith(": stages")]
    # how many came home is public anyway: never withheld
    assert [r[3] for r in stages if r[2] == "Received"] == ["5", "3"]
    # three came home in the second stage: fewer than the threshold, nothing said of them
    second_sex = {r[2]: r[3] for r in rows if r[0].endswith(": Sex") and r[1] == "Stage 2"}
    assert set(second_sex.values()) <= {"x", "0", "3"} and second_sex["Total"] == "3"
    assert not any(r[1] == "All stages" for r in rows)  # a column's sum would undo "<5"
    staff = client.post("/statistics/export/", {**csv_public, "audience": "staff",
                                                "agreement": agreement})  # fmt: skip
    rows = list(csv.reader(io.StringIO(staff.content.decode("utf-8-sig"))))
    all_sex = {r[2]: r[3] for r in rows if r[0].endswith(": Sex") and r[1] == "All stages"}
    assert all_sex == {"Male": "6", "Female": "2", "Total": "8"}
    lengths = [r for r in rows if r[0].endswith(": Length of captivity") and r[2] == "Total"]
    assert [r[3] for r in lengths] == ["5", "3", "8"]
    # a group is counted among each stage's received, so that its rest is checked too
    exchange = Agreement.objects.get(pk=agreement)
    groups = by_key(agreement_tables(reader, exchange))["stage_groups"]
    assert [r.of for r in groups.rows if not r.staff_only] == [5, 3]
    missing = client.post("/statistics/export/", {**csv_public, "agreement": "999"})
    assert missing.status_code == 404


def test_each_stage_is_counted_apart_for_publication(tables: dict[str, Table]) -> None:
    # the demo's 8 came home in two stages of 5 and 3, each told of in its own statement
    for table in ("home_sex", "home_rank", "home_service", "home_direction"):
        row = tables[table].rows[0]
        assert sorted(c.of for c in row.components) == [3, 5], table
        assert all(sum(c.counts) == c.of and not c.aside for c in row.components), table
        assert tuple(map(sum, zip(*(c.counts for c in row.components), strict=True))) == row.cells
    came_home = tables["captivity"].rows[1]
    assert sorted(c.of for c in came_home.components) == [3, 5]
    assert tables["captivity"].rows[0].components == ()
    group = tables["home_group"].rows[0]
    assert group.of == 8 and sorted(c.counts[0] for c in group.components) == [0, 1]
