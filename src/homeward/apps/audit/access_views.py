"""Auditors' pages on the access log (ADR 30): who read the most this week and who was
refused, who read a given person, what a given user read in a period."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from homeward.apps.audit import selectors
from homeward.apps.common.bootstrap import DATE_INPUT, BootstrapForm

PAGE_SIZE = 50


class PersonReadsForm(BootstrapForm):
    case = forms.CharField(label=_("Case number"), max_length=40)


class UserReadsForm(BootstrapForm):
    user = forms.CharField(label=_("User name"), max_length=150)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@permission_required(selectors.MAY_VIEW_ACCESS, raise_exception=True)
@require_GET
def reads_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "audit/reads_overview.html",
        {
            "readers": selectors.heaviest_readers(request.user),
            "refusals": selectors.refusals(request.user)[:100],
            "days": 7,
        },
    )


@login_required
@permission_required(selectors.MAY_VIEW_ACCESS, raise_exception=True)
@require_GET
def reads_of_person(request: HttpRequest) -> HttpResponse:
    form = PersonReadsForm(request.GET or None)
    page = None
    case_number = ""
    if form.is_valid():
        ids, case_number = selectors.person_ids_for_case(request.user, form.cleaned_data["case"])
        if not ids:
            form.add_error("case", _("No person has this case number."))
        else:
            reads = selectors.reads_of_persons(request.user, ids)
            page = Paginator(reads, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/reads_of_person.html",
        {
            "form": form,
            "page": page,
            "case_number": case_number,
            "query": _query_without_page(request),
        },
    )


@login_required
@permission_required(selectors.MAY_VIEW_ACCESS, raise_exception=True)
@require_GET
def reads_by_user(request: HttpRequest) -> HttpResponse:
    initial = {"date_from": timezone.localdate() - dt.timedelta(days=7)}
    form = UserReadsForm(request.GET or None, initial=initial)
    page = None
    rows: list[selectors.EventPersons] = []
    if form.is_valid():
        data = form.cleaned_data
        events = selectors.reads_by(request.user, data["user"], data["date_from"], data["date_to"])
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = selectors.with_case_numbers(request.user, list(page.object_list))
    return render(
        request,
        "audit/reads_by_user.html",
        {"form": form, "page": page, "rows": rows, "query": _query_without_page(request)},
    )
