from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.utils.translation import override

from homeward.apps.exchanges import services
from homeward.apps.exchanges.models import Agreement, Stage
from homeward.apps.registry.models import Person


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are matched in English; the interface's default language is Ukrainian."""
    with override("en"):
        yield


@pytest.fixture
def agreement(officer: User) -> Agreement:
    return services.create_agreement(
        actor=officer, title="1000 на 1000", formula="n_for_n", total=6, mediator="Türkiye",
        venue="Istanbul", negotiated_on=dt.date(2025, 5, 16),
    )  # fmt: skip


@pytest.fixture
def stage(officer: User, agreement: Agreement) -> Stage:
    return services.add_stage(
        actor=officer, agreement=agreement, date=dt.date(2025, 5, 23), receive_capacity=3
    )


@pytest.fixture
def ours(make_person: Callable[..., Person]) -> list[Person]:
    names = [("Бойко", "Іван"), ("Мельник", "Петро"), ("Ткачук", "Андрій"), ("Коваль", "Юрій")]
    return [
        make_person(surname=s, given_name=g, patronymic="", service_number=f"UA-9{i}")
        for i, (s, g) in enumerate(names)
    ]


@pytest.fixture
def theirs(make_person: Callable[..., Person]) -> list[Person]:
    names = [("Иванов", "Сергей"), ("Петров", "Олег"), ("Сидоров", "Иван"), ("Орлов", "Павел")]
    return [
        make_person(side="held", surname=s, given_name=g, patronymic="", service_number=f"RU-{i}")
        for i, (s, g) in enumerate(names)
    ]
