"""The demo's payments: rules like those in force (one-time aid for everyone released, and
a demonstration monthly payment for servicemen whose rate changed on 1 January 2025), the
entitlements of everyone received in the demo exchange, payees for most (synthetic bank
details with valid check digits), one batch paid and one awaiting the demo payments
officer's approval. Everything goes through the services, so the audit trail is real."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from stdnum import iban
from stdnum.ua import rntrc

from homeward.apps.payments import batches, services
from homeward.apps.payments.models import Entitlement, PaymentBatch, PaymentRule
from homeward.apps.payments.selectors import Stand, entitlements_for
from homeward.apps.returns.models import ReturnCase

START = dt.date(2022, 2, 24)
Row = tuple[str, str, str, str, str, dt.date, dt.date | None, list[str], str]
RULES: tuple[Row, ...] = (
    ("aid-released", "Одноразова грошова допомога звільненим з полону",
     "One-time aid to persons released from captivity", "one_time", "100000.00", START, None,
     [], "Демонстраційне правило (за зразком постанови КМУ про одноразову допомогу)"),
    ("monthly-2022", "Щомісячна виплата за час полону (2022–2024)",
     "Monthly payment for the time in captivity (2022–2024)", "per_month", "3100.00", START,
     dt.date(2024, 12, 31), ["military"], "Демонстраційне правило"),
    ("monthly-2025", "Щомісячна виплата за час полону (з 2025)",
     "Monthly payment for the time in captivity (from 2025)", "per_month", "3600.00",
     dt.date(2025, 1, 1), None, ["military"], "Демонстраційне правило"),
)  # fmt: skip
# MFO codes of Ukrainian banks, for synthetic accounts.
BANKS = ("322313", "305299", "300465", "320649", "351005")
WITH_PAYEE = 0.8
CHECKED = "Дату полонення встановлено за донесенням військової частини."
FIRST_BATCH, SECOND_BATCH = 120, 60


def payments_demo_loaded() -> bool:
    return PaymentRule.objects.filter(code=RULES[0][0]).exists()


def _rules() -> None:
    for code, name_uk, name_en, basis, amount, start, end, categories, legal in RULES:
        PaymentRule.objects.create(
            code=code, name_uk=name_uk, name_en=name_en, basis=basis, amount=Decimal(amount),
            effective_from=start, effective_to=end, categories=categories, legal_basis=legal,
        )  # fmt: skip


def bank_details(rng: random.Random) -> tuple[str, str]:
    """A synthetic Ukrainian IBAN and taxpayer number, both with valid check digits."""
    bban = rng.choice(BANKS) + "".join(rng.choice("0123456789") for _ in range(19))
    account = f"UA{iban.calc_check_digits('UA00' + bban)}{bban}"
    stem = f"{rng.randint(20000, 40000):05d}{rng.randint(0, 9999):04d}"
    return account, stem + rntrc.calc_check_digit(stem)


def load_payments_demo(
    *, payer: User, second_payer: User, seed: int = 8
) -> dict[str, int]:  # fmt: skip
    """Rules, entitlements, payees and two batches; returns the counts."""
    if payments_demo_loaded():
        return {}
    rng = random.Random(seed)
    with transaction.atomic():
        _rules()
    case_ids = list(ReturnCase.objects.order_by("pk").values_list("pk", flat=True))
    computed, _problems = services.compute_many(actor=payer, case_ids=case_ids)
    for row in Entitlement.objects.select_related("person").order_by("pk"):
        if row.needs_check and rng.random() < 0.5:
            services.check(actor=payer, entitlement_id=row.pk, note=CHECKED)
        if rng.random() < WITH_PAYEE:
            account, tax_number = bank_details(rng)
            services.set_payee(actor=payer, entitlement_id=row.pk, payee_name=row.person.full_name,
                               iban=account, tax_number=tax_number)  # fmt: skip
    ready = list(entitlements_for(payer, Stand.READY).values_list("pk", flat=True))
    # A smaller demo (the tests') still gets both batches: two thirds paid, the rest waiting.
    first = min(FIRST_BATCH, max(1, len(ready) * 2 // 3))
    paid = batches.create_batch(actor=payer, entitlement_ids=ready[:first],
                                note="Перша черга виплат за обміном «1000 на 1000».")  # fmt: skip
    batches.approve_batch(actor=second_payer, batch_id=paid.pk)
    rest = ready[first : first + SECOND_BATCH]
    waiting = None
    if rest:
        waiting = batches.create_batch(actor=second_payer, entitlement_ids=rest,
                                       note="Друга черга: чекає затвердження.")  # fmt: skip
    return {"computed": computed, "paid": paid.count, "waiting": waiting.count if waiting else 0,
            "batches": PaymentBatch.objects.count()}  # fmt: skip
