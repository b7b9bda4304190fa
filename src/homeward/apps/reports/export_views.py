"""The partner exports' pages: the list of them, the ICRC's Art. 122 list and PFIF for
missing-person boards. Each asks to whom and why, and records the disclosure before the
file is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from homeward.apps.common.forms import show_refusal
from homeward.apps.registry import exports as registry_exports
from homeward.apps.reports import partner_exports
from homeward.apps.reports.forms import Art122Form, DisclosureForm, PfifForm
from homeward.core import pfif

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@permission_required(partner_exports.MAY_EXPORT, raise_exception=True)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/exports.html", {
        "held": partner_exports.held_persons().count(),
        "sought": partner_exports.board_persons(include_home=False).count(),
    })  # fmt: skip


def _disclose(
    request: HttpRequest,
    form: DisclosureForm,
    kind: str,
    case_numbers: Sequence[str],
    fmt: str,
    build: Callable[[], HttpResponseBase],
) -> HttpResponseBase | None:
    """Record the disclosure and give the file, or leave the refusal on the form."""
    response = build()
    try:
        partner_exports.record_disclosure(
            actor=request.user, kind=kind, case_numbers=case_numbers, fmt=fmt,
            recipient=form.cleaned_data["recipient"], purpose=form.cleaned_data["purpose"],
        )  # fmt: skip
    except ValidationError as exc:
        show_refusal(form, exc)
        return None
    return response


def _attachment(response: HttpResponseBase, name: str) -> HttpResponseBase:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@permission_required(partner_exports.MAY_EXPORT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def icrc_export(request: HttpRequest) -> HttpResponseBase:
    """The Art. 122 minimal set on every person we hold, for the ICRC, as a disclosure
    with its recipient and purpose."""
    form = Art122Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data["file_format"]
        persons = partner_exports.held_persons()
        numbers = list(persons.values_list("case_number", flat=True))

        def build() -> HttpResponseBase:
            table = partner_exports.art122_rows(persons.iterator(chunk_size=2000))
            response: HttpResponseBase
            if fmt == "csv":  # streamed; a workbook is a zip, written whole
                chunks = registry_exports.csv_chunks(table)
                response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
            else:
                response = HttpResponse(registry_exports.to_xlsx(table), content_type=XLSX)
            return _attachment(response, f"art122-{timezone.localdate():%Y%m%d}.{fmt}")

        if response := _disclose(request, form, "art122", numbers, fmt, build):
            return response
    return render(request, "reports/icrc_export.html", {
        "form": form, "count": partner_exports.held_persons().count(),
        "fields": partner_exports.art122_fields(),
    })  # fmt: skip


@login_required
@permission_required(partner_exports.MAY_EXPORT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def pfif_export(request: HttpRequest) -> HttpResponseBase:
    """Our own people as PFIF 1.4 records for a missing-person board, streamed: a whole
    registry's records are never held in memory at once."""
    form = PfifForm(request.POST or None)
    include_home = not form.is_bound or (form.is_valid() and form.cleaned_data["include_home"])
    persons = partner_exports.board_persons(include_home=include_home)
    if request.method == "POST" and form.is_valid():
        numbers = list(persons.values_list("case_number", flat=True))
        now = timezone.now()
        expires = now + dt.timedelta(days=form.cleaned_data["expires_in_days"])

        def build() -> HttpResponseBase:
            records = partner_exports.board_records(
                persons.iterator(chunk_size=2000), domain=settings.HOMEWARD_PFIF_DOMAIN,
                now=now, expires=expires,
            )  # fmt: skip
            kind = f"{pfif.MIME_TYPE}; charset=utf-8"
            response = StreamingHttpResponse(pfif.chunks(records), content_type=kind)
            return _attachment(response, f"pfif-{timezone.localdate():%Y%m%d}.xml")

        if response := _disclose(request, form, "pfif", numbers, "xml", build):
            return response
    return render(request, "reports/pfif_export.html", {"form": form, "count": persons.count()})
