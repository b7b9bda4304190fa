"""A completed stage's page for a role that sees exchanges but not persons."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from homeward.apps.exchanges import services
from homeward.apps.exchanges.models import Stage, StageMember
from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db


def test_communications_see_who_came_home_in_counts_not_names(
    client_for: Callable[[str], Client], officer: User, stage: Stage, ours: list[Person],
    theirs: list[Person],
) -> None:  # fmt: skip
    stage.date = stage.date.today()
    stage.save(update_fields=["date"])
    services.add_members(actor=officer, stage=stage, persons=ours[:2] + theirs[:2])
    services.start_stage(actor=officer, stage_id=stage.pk)
    for member in StageMember.objects.filter(stage=stage):
        outcome = "received" if member.direction == "receive" else "handed_over"
        services.record_outcome(actor=officer, member_id=member.pk, outcome=outcome)
    services.complete_stage(actor=officer, stage_id=stage.pk)
    page = client_for("communications").get(f"/exchanges/stages/{stage.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="stage-composition"' in html
    assert ours[0].case_number not in html and 'id="members-secret"' in html
    registrar = client_for("registrar").get(f"/exchanges/stages/{stage.pk}/").content.decode()
    assert ours[0].case_number in registrar
