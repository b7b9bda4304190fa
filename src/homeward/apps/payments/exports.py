"""A batch's payment register, as CSV and XLSX: one row per payee, then the total; what
the bank pays is what was approved (the items keep the amounts and details as batched)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook

from homeward.apps.common.permissions import Actor
from homeward.apps.payments import selectors, services
from homeward.apps.payments.models import BatchItem, PaymentBatch
from homeward.apps.registry.exports import neutralise


def _purpose(batch: PaymentBatch, item: BatchItem) -> str:
    return _("Payment for the time in captivity, case %(case)s, batch %(batch)s") % {
        "case": item.case_number, "batch": batch.pk}  # fmt: skip


def register_rows(batch: PaymentBatch, items: Sequence[BatchItem]) -> Iterator[list[object]]:
    """Header, one row per item (amounts as numbers), and the total row."""
    yield [_("No."), _("Case number"), _("Payee"), _("Taxpayer number (RNOKPP)"), _("IBAN"),
           _("Amount, UAH"), _("Purpose of payment")]  # fmt: skip
    total = Decimal("0.00")
    for number, item in enumerate(items, start=1):
        total += item.amount
        yield [number, item.case_number, neutralise(item.payee_name), item.tax_number,
               item.iban, item.amount, _purpose(batch, item)]  # fmt: skip
    payees = ngettext("%(count)d payee", "%(count)d payees", len(items)) % {"count": len(items)}
    yield ["", "", _("Total"), "", "", total, payees]


def register_csv(batch: PaymentBatch, items: Sequence[BatchItem]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens the file as UTF-8
    writer = csv.writer(buffer)
    for row in register_rows(batch, items):
        writer.writerow(["" if v is None else str(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def register_xlsx(batch: PaymentBatch, items: Sequence[BatchItem]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Register %(batch)s") % {"batch": batch.pk}
    for row in register_rows(batch, items):
        sheet.append(row)
    for cell in sheet["F"][1:]:
        cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_download(user: Actor, batch: PaymentBatch, fmt: str) -> HttpResponse:
    """The register as a file to download (`csv`, else XLSX); the download is audited."""
    items = list(selectors.items_of(user, batch))
    if fmt == "csv":
        content, kind = register_csv(batch, items), "text/csv; charset=utf-8"
    else:
        fmt, content = "xlsx", register_xlsx(batch, items)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    services.record_register_export(actor=user, batch=batch, fmt=fmt)
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="payment-register-{batch.pk}.{fmt}"'
    return response
