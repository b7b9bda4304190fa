from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.utils.translation import override

from homeward.apps.exchanges import services as exchanges
from homeward.apps.exchanges.models import Stage
from homeward.apps.registry.models import Person
from homeward.apps.returns.models import ReturnCase

STAGE_DAY = dt.date(2025, 5, 23)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with override("en"):
        yield


@pytest.fixture
def coordinator(make_user: Callable[..., User]) -> User:
    return make_user("return_coordinator")


@pytest.fixture
def medic(make_user: Callable[..., User]) -> User:
    return make_user("medical_officer")


@pytest.fixture
def ours(make_person: Callable[..., Person]) -> list[Person]:
    names = [("Бойко", "Іван"), ("Мельник", "Петро"), ("Ткачук", "Андрій")]
    return [
        make_person(surname=s, given_name=g, patronymic="", service_number=f"UA-9{i}")
        for i, (s, g) in enumerate(names)
    ]


@pytest.fixture
def theirs(make_person: Callable[..., Person]) -> list[Person]:
    return [make_person(side="held", surname="Иванов", given_name="Сергей", patronymic="",
                        service_number="RU-1")]  # fmt: skip


@pytest.fixture
def stage(officer: User, ours: list[Person], theirs: list[Person]) -> Stage:
    """A stage under way with two of ours and one of theirs planned."""
    agreement = exchanges.create_agreement(actor=officer, title="1000 на 1000",
                                           formula="n_for_n", total=2)  # fmt: skip
    stage = exchanges.add_stage(actor=officer, agreement=agreement, date=STAGE_DAY,
                                receive_capacity=2)  # fmt: skip
    exchanges.add_members(actor=officer, stage=stage, persons=[*ours[:2], *theirs])
    exchanges.start_stage(actor=officer, stage_id=stage.pk)
    return stage


def receive(officer: User, stage: Stage, person: Person, outcome: str = "received") -> None:
    member = stage.members.get(person=person)
    exchanges.record_outcome(actor=officer, member_id=member.pk, outcome=outcome)


@pytest.fixture
def case(officer: User, stage: Stage, ours: list[Person]) -> ReturnCase:
    receive(officer, stage, ours[0])
    return ReturnCase.objects.get(person=ours[0])
