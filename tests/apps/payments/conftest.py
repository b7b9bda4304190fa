from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils.translation import override

from homeward.apps.payments.models import PaymentRule
from homeward.apps.registry.models import Person
from homeward.apps.returns.models import ReturnCase

IBAN = "UA213223130000026007233566001"
TAX_NUMBER = "1759013776"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with override("en"):
        yield


@pytest.fixture
def rules(db: None) -> list[PaymentRule]:
    """Per month of captivity, a rate that changes on 1 January 2025, and one-time aid."""
    return [
        PaymentRule.objects.create(code="monthly-2024", name_uk="Щомісячна 2024",
                                   name_en="Monthly 2024", basis="per_month",
                                   amount=Decimal("3100.00"), effective_from=dt.date(2022, 2, 24),
                                   effective_to=dt.date(2024, 12, 31)),
        PaymentRule.objects.create(code="monthly-2025", name_uk="Щомісячна 2025",
                                   name_en="Monthly 2025", basis="per_month",
                                   amount=Decimal("3600.00"), effective_from=dt.date(2025, 1, 1)),
        PaymentRule.objects.create(code="aid", name_uk="Одноразова допомога",
                                   name_en="One-time aid", basis="one_time",
                                   amount=Decimal("100000.00"),
                                   effective_from=dt.date(2022, 2, 24)),
    ]  # fmt: skip


@pytest.fixture
def payer(make_user: Callable[..., User]) -> User:
    return make_user("payments_officer", "payer-1")


@pytest.fixture
def approver(make_user: Callable[..., User]) -> User:
    return make_user("payments_officer", "payer-2")


@pytest.fixture
def case_for(
    make_person: Callable[..., Person], received: Callable[[Person], ReturnCase]
) -> Callable[..., ReturnCase]:
    """A return case of one of ours captured on `captured` (to the `precision`), received
    in a stage on 23 May 2025."""

    def make(captured: dt.date = dt.date(2024, 11, 15), precision: str = "day",
             number: int = 1) -> ReturnCase:  # fmt: skip
        person = make_person(surname=f"Бойко{number}", service_number=f"UA-8{number}",
                             capture_date=captured, capture_date_precision=precision)  # fmt: skip
        return received(person)

    return make
