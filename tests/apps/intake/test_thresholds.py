"""Matching thresholds per kind of source, set by administrators in the admin, audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from homeward.apps.audit.models import AuditEntry
from homeward.apps.intake import services
from homeward.apps.intake.models import ImportThresholds
from tests.apps.intake.conftest import counterpart_csv, in_english

pytestmark = pytest.mark.django_db

LIST = counterpart_csv("1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456")


@pytest.fixture
def admin_client(make_user: Callable[..., User]) -> Client:
    client = in_english(Client())
    client.force_login(make_user("administrator"))
    return client


def _change(client: Client, kind: str, match: str, review: str) -> str:
    row = ImportThresholds.objects.get(source_kind=kind)
    response = client.post(
        f"/admin/intake/importthresholds/{row.pk}/change/",
        {"source_kind": kind, "match": match, "review": review},
    )
    return response.content.decode() if response.status_code == 200 else ""


def test_every_kind_starts_with_the_defaults() -> None:
    assert {t.source_kind: (t.match, t.review) for t in ImportThresholds.objects.all()} == (
        services.DEFAULT_THRESHOLDS
    )


def test_an_administrator_changes_a_kinds_thresholds_and_imports_use_them(
    admin_client: Client, registrar: User
) -> None:
    assert _change(admin_client, "counterpart", "0.98", "0.4") == ""
    entry = AuditEntry.objects.get(action="importthresholds.update")
    assert (entry.before, entry.after) == ({"match": 0.995, "review": 0.2},
                                           {"match": 0.98, "review": 0.4})  # fmt: skip
    batch = services.stage_import(actor=registrar, file_name="l.csv", content=LIST,
                                  source_kind="counterpart", source_name="Список 12")  # fmt: skip
    assert (batch.match_threshold, batch.review_threshold) == (0.98, 0.4)
    other = services.stage_import(actor=registrar, file_name="l.csv", content=LIST,
                                  source_kind="family", source_name="Заяви")  # fmt: skip
    assert (other.match_threshold, other.review_threshold) == (0.99, 0.3)


def test_a_kind_without_a_row_has_the_defaults() -> None:
    ImportThresholds.objects.filter(source_kind="media").delete()
    assert services.thresholds_for("media") == services.DEFAULT_THRESHOLDS["media"]


@pytest.mark.parametrize(
    ("match", "review", "says"),
    [
        ("0.9", "0.95", "must be below the threshold for linking by itself"),
        ("1.5", "0.2", "less than or equal to 1.0"),
        ("0.3", "0.2", "greater than or equal to 0.5"),
    ],
)
def test_thresholds_that_make_no_sense_are_refused(
    admin_client: Client, match: str, review: str, says: str
) -> None:
    page = _change(admin_client, "unit", match, review)
    assert says in page
    assert services.thresholds_for("unit") == (0.99, 0.3)
    assert not AuditEntry.objects.filter(action="importthresholds.update").exists()


def test_only_administrators_reach_the_thresholds(make_user: Callable[..., User]) -> None:
    client = Client()
    client.force_login(make_user("registrar"))
    response = client.get("/admin/intake/importthresholds/")
    assert response.status_code == 302
