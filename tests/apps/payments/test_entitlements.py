"""Entitlements computed from the rules in the database, checked by hand where the dates
are uncertain, with the payee's bank details validated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from homeward.apps.audit.models import AuditEntry
from homeward.apps.payments import services
from homeward.apps.payments.models import PaymentRule
from homeward.apps.returns.models import ReturnCase
from tests.apps.payments.conftest import IBAN, TAX_NUMBER

pytestmark = pytest.mark.django_db


def test_an_entitlement_adds_up_line_by_line(
    rules: list[PaymentRule], payer: User, case_for: Callable[..., ReturnCase]
) -> None:
    row = services.compute(actor=payer, case_id=case_for().pk)
    assert row.days == 190 and not row.flags
    assert [(line["rule"], line["amount"]) for line in row.lines] == [
        ("aid", "100000.00"),
        ("monthly-2024", "4753.33"),  # 16 of November's 30 days, all of December
        ("monthly-2025", "17070.97"),  # January to April, 23 of May's 31 days
    ]
    assert row.total == Decimal("121824.30") == sum(Decimal(x["amount"]) for x in row.lines)
    assert row.lines[1]["explanation"]["values"]["first"] == "2024-11-15"
    assert AuditEntry.objects.filter(action="entitlement.compute").count() == 1


def test_a_capture_known_to_the_month_is_flagged_and_checked_by_hand(
    rules: list[PaymentRule], payer: User, case_for: Callable[..., ReturnCase]
) -> None:
    case = case_for(dt.date(2024, 11, 1), "month")
    row = services.compute(actor=payer, case_id=case.pk)
    assert row.flags == ["capture_not_to_the_day"] and row.needs_check
    assert row.first_day == dt.date(2024, 11, 30)  # only the days certainly spent
    with pytest.raises(ValidationError, match="Say what was checked"):
        services.check(actor=payer, entitlement_id=row.pk, note=" ")
    row = services.check(actor=payer, entitlement_id=row.pk,
                         note="Capture on 30.11.2024 per the unit's report No. 112.")  # fmt: skip
    assert not row.needs_check and row.checked_by == payer
    again = services.compute(actor=payer, case_id=case.pk)  # new figures: a new check
    assert again.needs_check and again.version == 2


def test_without_rules_or_the_role_nothing_is_computed(
    payer: User, registrar: User, case_for: Callable[..., ReturnCase]
) -> None:
    case = case_for()
    with pytest.raises(ValidationError, match="No payment rule is recorded"):
        services.compute(actor=payer, case_id=case.pk)
    with pytest.raises(PermissionDenied):
        services.compute(actor=registrar, case_id=case.pk)


def test_bank_details_are_validated_field_by_field(
    rules: list[PaymentRule], payer: User, case_for: Callable[..., ReturnCase]
) -> None:
    row = services.compute(actor=payer, case_id=case_for().pk)
    with pytest.raises(ValidationError) as refused:
        services.set_payee(
            actor=payer, entitlement_id=row.pk, payee_name="",
            iban="UA213223130000026007233566000", tax_number="1759013775",
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"payee_name", "iban", "tax_number"}
    with pytest.raises(ValidationError, match="Ukrainian IBAN"):
        services.set_payee(actor=payer, entitlement_id=row.pk, payee_name="Бойко Іван",
                           iban="DE89370400440532013000", tax_number=TAX_NUMBER)  # fmt: skip
    row = services.set_payee(
        actor=payer, entitlement_id=row.pk, payee_name=" Бойко  Іван ",
        iban="UA21 3223 1300 0002 6007 2335 6600 1", tax_number=TAX_NUMBER,
    )  # fmt: skip
    assert (row.payee_name, row.iban, row.tax_number) == ("Бойко Іван", IBAN, TAX_NUMBER)


def test_a_rule_that_contradicts_itself_is_refused(db: None) -> None:
    rule = PaymentRule(code="bad", name_uk="x", name_en="x", basis="per_day",
                       amount=Decimal("-1"), effective_from=dt.date(2025, 1, 1),
                       categories=["soldiers"])  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert "categories" in refused.value.message_dict
    rule.categories = ["military"]
    with pytest.raises(ValidationError, match="negative"):
        rule.full_clean()
