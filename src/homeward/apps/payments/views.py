"""Pages of the payments: where every return stands on the way to its payment, an
entitlement's breakdown with its check and payee, and batches with their registers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from homeward.apps.audit.access import disclose
from homeward.apps.common.forms import show_refusal
from homeward.apps.common.messages import translate_stored
from homeward.apps.payments import batches, exports, selectors, services
from homeward.apps.payments.choices import FLAG_TEXT, BasisChoice
from homeward.apps.payments.forms import CheckForm, PayeeForm, RejectForm
from homeward.apps.payments.selectors import STAND_LABELS, Stand
from homeward.core.compensation import Flag

MAY_VIEW = selectors.MAY_VIEW


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Every return by where its payment stands; the chosen stand listed."""
    user = request.user
    counts = selectors.counts(user)
    stand = request.GET.get("stand") or next(
        (s for s in (Stand.TO_COMPUTE, Stand.TO_CHECK, Stand.NO_PAYEE, Stand.READY) if counts[s]),
        Stand.READY,
    )
    if stand not in Stand.__members__.values():
        stand = Stand.READY
    rows: QuerySet[Any] = (
        selectors.cases_to_compute(user)
        if stand == Stand.TO_COMPUTE
        else selectors.entitlements_for(user, stand)
    )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    disclose(request, [row.person_id for row in page.object_list])
    return render(request, "payments/overview.html", {
        "stands": [(s, STAND_LABELS[s], counts[s]) for s in Stand], "stand": stand,
        "page": page, "query": f"stand={stand}",
        "may_compute": user.has_perm(services.MAY_COMPUTE),
        "may_prepare": user.has_perm(services.MAY_PREPARE),
    })  # fmt: skip


def _to_stand(stand: Stand) -> HttpResponse:
    return redirect(f"{reverse('payments:overview')}?stand={stand}")


def _chosen(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("chosen") if v.isdigit()]


@login_required
@permission_required(services.MAY_COMPUTE, raise_exception=True)
@require_POST
def compute(request: HttpRequest) -> HttpResponse:
    done, problems = services.compute_many(actor=request.user, case_ids=_chosen(request))
    if done:
        messages.success(request, _("Entitlements computed: %(count)d.") % {"count": done})
    for text in problems[:10]:
        messages.error(request, text)
    return _to_stand(Stand.TO_CHECK)


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_http_methods(["GET", "POST"])
def entitlement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    row = selectors.entitlement_for(user, pk)
    disclose(request, [row.person_id])
    may_change = user.has_perm(services.MAY_COMPUTE) and not (row.paid or row.in_batch)  # type: ignore[attr-defined]
    check_form = CheckForm(initial={"version": row.version}) if may_change else None
    payee = {"payee_name": row.payee_name, "iban": row.iban, "tax_number": row.tax_number}
    payee_form = PayeeForm(initial=payee) if may_change else None
    if request.method == "POST":
        if not user.has_perm(services.MAY_COMPUTE):
            raise PermissionDenied
        if not may_change:
            messages.error(request, services.locked(row) or "")
            return redirect("payments:entitlement", pk=pk)
        action = request.POST.get("action")
        try:
            if action == "check":
                check_form = CheckForm(request.POST)
                if check_form.is_valid():
                    services.check(actor=user, entitlement_id=pk, **check_form.cleaned_data)
                    return redirect("payments:entitlement", pk=pk)
            elif action == "payee":
                payee_form = PayeeForm(request.POST)
                if payee_form.is_valid():
                    services.set_payee(actor=user, entitlement_id=pk, **payee_form.cleaned_data)
                    return redirect("payments:entitlement", pk=pk)
            elif action == "compute":
                services.compute(actor=user, case_id=row.case_id)
                return redirect("payments:entitlement", pk=pk)
        except ValidationError as exc:
            form = payee_form if action == "payee" else check_form
            if form is not None:
                show_refusal(form, exc)
            else:
                _errors(request, exc)
    labels = dict(BasisChoice.choices)
    lines = [{**line, "basis_label": labels.get(line["basis"], line["basis"]),
              "text": translate_stored(line["explanation"])} for line in row.lines]  # fmt: skip
    return render(request, "payments/entitlement.html", {
        "row": row, "lines": lines, "check_form": check_form, "payee_form": payee_form,
        "flags": [FLAG_TEXT[Flag(f)] for f in row.flags],
    })  # fmt: skip


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_http_methods(["GET", "POST"])
def batch_list(request: HttpRequest) -> HttpResponse:
    """The batches; POST prepares one of the chosen entitlements."""
    if request.method == "POST":
        if not request.user.has_perm(services.MAY_PREPARE):
            raise PermissionDenied
        try:
            batch = batches.create_batch(actor=request.user, entitlement_ids=_chosen(request),
                                         note=request.POST.get("note", ""))  # fmt: skip
        except ValidationError as exc:
            _errors(request, exc)
            return _to_stand(Stand.READY)
        return redirect("payments:batch", pk=batch.pk)
    page = Paginator(selectors.batches_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "payments/batch_list.html", {"page": page, "query": ""})


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    batch = selectors.batch_for(user, pk)
    may_decide = (user.has_perm(services.MAY_APPROVE) and batch.state == "pending"
                  and batch.created_by_id != user.pk)  # fmt: skip
    items = list(selectors.items_of(user, batch))
    disclose(request, [item.entitlement.person_id for item in items])
    return render(request, "payments/batch.html", {
        "batch": batch, "items": items,
        "may_decide": may_decide, "reject_form": RejectForm() if may_decide else None,
    })  # fmt: skip


@login_required
@permission_required(services.MAY_APPROVE, raise_exception=True)
@require_POST
def batch_decide(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, pk)
    try:
        if request.POST.get("decision") == "approve":
            batches.approve_batch(actor=request.user, batch_id=batch.pk)
            messages.success(request, _("Batch %(batch)s approved: %(count)d payments.")
                             % {"batch": batch, "count": batch.count})  # fmt: skip
        else:
            batches.reject_batch(actor=request.user, batch_id=batch.pk,
                                 reason=request.POST.get("reason", ""))  # fmt: skip
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("payments:batch", pk=pk)


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def batch_register(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    batch = selectors.batch_for(request.user, pk)
    return exports.register_download(request.user, batch, fmt)
