"""GET /api/agreements/: each stage's planned and received counts, and the running total."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from homeward.apps.exchanges import services
from homeward.apps.exchanges.models import StageMember
from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db


def test_an_agreement_with_its_stages_and_running_total(
    api_for: Callable[[str], APIClient], make_user: Callable[..., User],
    make_person: Callable[..., Person],
) -> None:  # fmt: skip
    officer = make_user("exchange_officer")
    agreement = services.create_agreement(
        actor=officer, title="1000 на 1000", formula="n_for_n", total=1000, mediator="Türkiye"
    )
    ours = [make_person(surname=f"Бойко{i}", service_number=f"UA-3{i}") for i in range(3)]
    for date, persons in ((dt.date(2025, 5, 23), ours[:2]), (dt.date(2025, 5, 24), ours[2:])):
        stage = services.add_stage(actor=officer, agreement=agreement, date=date,
                                   receive_capacity=390)  # fmt: skip
        services.add_members(actor=officer, stage=stage, persons=persons)
        services.start_stage(actor=officer, stage_id=stage.pk)
        for member in StageMember.objects.filter(stage=stage):
            services.record_outcome(actor=officer, member_id=member.pk, outcome="received")
    services.complete_stage(actor=officer, stage_id=stage.pk)

    body = api_for("communications").get(f"/api/agreements/{agreement.pk}/").json()
    assert (body["title"], body["total"], body["received"], body["status"]) == (
        "1000 на 1000",
        1000,
        3,
        "in_progress",
    )
    first, second = body["stages"]
    assert (first["number"], first["date"], first["planned_receive"], first["received"]) == (
        1,
        "2025-05-23",
        2,
        2,
    )
    assert (second["received"], second["received_so_far"], second["status"]) == (1, 3, "completed")
    assert "members" not in first  # counts only
    listed = api_for("registrar").get("/api/agreements/").json()
    assert [a["id"] for a in listed["results"]] == [agreement.pk]


def test_roles_without_exchanges_are_refused(api_for: Callable[[str], APIClient]) -> None:
    assert api_for("auditor").get("/api/agreements/").status_code == 403
    assert APIClient().get("/api/agreements/").status_code == 401
    # Writes are the exchange officers': an empty body is refused with its reasons.
    assert api_for("exchange_officer").post("/api/agreements/", {}).status_code == 400
