"""A completed stage's page for a role that sees exchanges but not persons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
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


def test_who_came_instead_is_found_by_the_engine_and_substituted(
    client_for: Callable[[str], Client], officer: User, registrar: User, stage: Stage,
    ours: list[Person], theirs: list[Person], background: list[Person],
    make_person: Callable[..., Person],
) -> None:  # fmt: skip
    came = make_person(
        surname="Гнатюк",
        given_name="Тарас",
        patronymic="Іванович",
        birth_date=dt.date(1991, 4, 2),
        service_number="UA-777",
    )
    stage.date = stage.date.today()
    stage.save(update_fields=["date"])
    services.add_members(actor=officer, stage=stage, persons=ours[:1] + theirs[:1])
    services.start_stage(actor=officer, stage_id=stage.pk)
    client = client_for("exchange_officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/exchanges/stages/{stage.pk}/", {"who": "Гнатюк Тарас 02.04.1991"})
    html = page.content.decode()
    assert f'<tr data-case="{came.case_number}">' in html
    planned = StageMember.objects.get(stage=stage, person=ours[0])
    answer = client.post(
        f"/exchanges/stages/{stage.pk}/substitute/",
        {"member": planned.pk, "substitute": came.case_number},
    )
    assert answer.status_code == 302
    planned.refresh_from_db()
    came.refresh_from_db()
    assert planned.outcome == "substituted" and came.current_status == "returned"
    assert StageMember.objects.get(person=came).substitute_for == planned
    # A man we hold under a legal hold cannot be handed over instead of another.
    held = make_person(
        side="held",
        surname="Орлов",
        given_name="Павел",
        patronymic="",
        service_number="RU-77",
        legal_hold=True,
    )
    other = StageMember.objects.get(stage=stage, person=theirs[0])
    refused = client.post(
        f"/exchanges/stages/{stage.pk}/substitute/",
        {"member": other.pk, "substitute": held.case_number},
    )
    assert "Art. 119" in client.get(refused["Location"]).content.decode()
    other.refresh_from_db()
    assert other.outcome == "planned"
