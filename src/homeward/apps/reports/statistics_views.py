"""The statistics pages: an agreement's stages and who came home in them, the statistics
overall with the months' trends, and both as CSV, XLSX or PDF for the staff or for
publication."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from homeward.apps.common.bootstrap import BootstrapFormMixin
from homeward.apps.common.permissions import Perm
from homeward.apps.exchanges.models import Agreement
from homeward.apps.reports import overall, stat_exports, statistics
from homeward.core.statistics import Table

MAY_SEE = Perm.VIEW_STATISTICS
MAY_SEE_EXCHANGES = [MAY_SEE, "exchanges.view_agreement"]


class ExportForm(BootstrapFormMixin, forms.Form):
    file_format = forms.ChoiceField(label=gettext_lazy("File"), choices=[
        ("xlsx", "XLSX"), ("csv", "CSV"), ("pdf", "PDF")])  # fmt: skip
    audience = forms.ChoiceField(label=gettext_lazy("For"), choices=[
        ("staff", gettext_lazy("the staff (every count)")),
        ("public", gettext_lazy("publication (small counts withheld)"))])  # fmt: skip


def _chosen(user: User, chosen: str) -> tuple[list[Agreement], Agreement | None]:
    agreements = list(statistics.agreements_with_stages(user))
    agreement = next((a for a in agreements if str(a.pk) == chosen), None)
    return agreements, agreement or (agreements[0] if agreements else None)


def _charted(tables: list[Table]) -> list[dict[str, object]]:
    """What the charts draw, embedded in the page as JSON."""
    return [{"key": t.key, "chart": t.chart, "columns": list(t.columns),
             "rows": [{"label": r.label, "cells": list(r.cells)} for r in t.rows]}
            for t in tables]  # fmt: skip


@login_required
@permission_required(MAY_SEE_EXCHANGES, raise_exception=True)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """An agreement's stages charted: received per stage and the running total, and who
    came home in each completed stage."""
    user: User = request.user  # type: ignore[assignment]
    agreements, agreement = _chosen(user, request.GET.get("agreement", ""))
    series = statistics.agreement_series(user, agreement) if agreement else None
    return render(request, "reports/dashboard.html", {
        "agreements": agreements, "agreement": agreement, "series": series,
        "dimensions": list(statistics.dimension_titles().items()), "export_form": ExportForm(),
    })  # fmt: skip


@login_required
@permission_required(MAY_SEE, raise_exception=True)
@require_GET
def overall_page(request: HttpRequest) -> HttpResponse:
    """The registry by side and status, captivity lengths, who came home, the trends."""
    tables = overall.overall_tables(request.user, get_language() or "uk")
    return render(request, "reports/overall.html", {
        "tables": tables, "charted": _charted(tables), "export_form": ExportForm(),
    })  # fmt: skip


@login_required
@permission_required(MAY_SEE, raise_exception=True)
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The tables of one page as a file, recorded with its audience."""
    user: User = request.user  # type: ignore[assignment]
    form = ExportForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose a file format and an audience."), status=400)
    scope = request.POST.get("scope", "")
    if scope == "overall":
        tables = overall.overall_tables(user, get_language() or "uk")
        title, slug = _("Homeward statistics"), "overall"
    elif scope == "agreement":
        if not user.has_perms(MAY_SEE_EXCHANGES):
            raise PermissionDenied
        _agreements, agreement = _chosen(user, request.POST.get("agreement", ""))
        if agreement is None or str(agreement.pk) != request.POST.get("agreement"):
            raise Http404(_("No such agreement."))
        tables = statistics.agreement_tables(user, agreement)
        title, slug = (
            _("Statistics of “%(agreement)s”") % {"agreement": agreement.title},
            (f"agreement-{agreement.pk}"),
        )
    else:
        raise Http404(_("No such statistics."))
    fmt, audience = form.cleaned_data["file_format"], form.cleaned_data["audience"]
    content = stat_exports.export(actor=user, tables=tables, title=title, fmt=fmt,
                                  audience=audience)  # fmt: skip
    response = HttpResponse(content, content_type=stat_exports.CONTENT_TYPES[fmt])
    name = f"statistics-{slug}-{audience}-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
