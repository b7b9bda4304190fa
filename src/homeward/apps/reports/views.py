"""Statements: the communications officers' pages (draft from a stage, edit, approve with
an embargo) and the public page and Atom feed, which show published statements only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from homeward.apps.common.forms import show_refusal
from homeward.apps.common.permissions import Perm
from homeward.apps.reports import services
from homeward.apps.reports.forms import ApproveForm, DraftForm, EditForm, PeriodForm
from homeward.apps.reports.models import Statement

MAY_VIEW = Perm.VIEW_STATEMENT


def _lang() -> str:
    return get_language() or "uk"


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """Every statement, drafts included; POST drafts one from a stage or a period."""
    subject = request.POST.get("subject")
    form = DraftForm(request.POST if subject == "stage" else None)
    period = PeriodForm(request.POST if subject == "period" else None)
    if request.method == "POST":
        if not request.user.has_perm(services.MAY_WRITE):
            raise PermissionDenied
        drafted = None
        if subject == "stage" and form.is_valid():
            stage_id = form.cleaned_data["stage"].pk
            drafted = services.draft_from_stage(actor=request.user, stage_id=stage_id)
        elif subject == "period" and period.is_valid():
            try:
                drafted = services.draft_from_period(
                    actor=request.user, start=period.cleaned_data["period_start"],
                    end=period.cleaned_data["period_end"],
                )  # fmt: skip
            except ValidationError as exc:
                show_refusal(period, exc)
        if drafted is not None:
            return redirect("reports:statement", pk=drafted.pk)
    statements = Statement.objects.select_related("stage__agreement", "created_by", "approved_by")
    return render(request, "reports/manage.html", {
        "form": form, "period_form": period, "statements": statements, "lang": _lang(),
    })  # fmt: skip


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_http_methods(["GET", "POST"])
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    """A statement: its text edited while a draft, approved by a second person."""
    item = get_object_or_404(Statement.objects.select_related("stage__agreement"), pk=pk)
    user = request.user
    editable = item.approved_at is None and user.has_perm(services.MAY_EDIT)
    edit_form = EditForm(initial={**{k: getattr(item, k) for k in services.TEXT_FIELDS},
                                  "version": item.version}) if editable else None  # fmt: skip
    may_approve = (item.approved_at is None and user.has_perm(services.MAY_APPROVE)
                   and user.pk not in (item.created_by_id, item.edited_by_id))  # fmt: skip
    approve_form = ApproveForm(initial={"version": item.version}) if may_approve else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "edit" and editable:
                edit_form = EditForm(request.POST)
                if edit_form.is_valid():
                    services.edit(actor=user, statement_id=pk, **edit_form.cleaned_data)
                    messages.success(request, _("Statement saved."))
                    return redirect("reports:statement", pk=pk)
            elif action == "approve" and may_approve:
                approve_form = ApproveForm(request.POST)
                if approve_form.is_valid():
                    services.approve(actor=user, statement_id=pk, **approve_form.cleaned_data)
                    messages.success(request, _("Statement approved."))
                    return redirect("reports:statement", pk=pk)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            show_refusal(edit_form if action == "edit" else approve_form, exc)
    return render(request, "reports/statement.html", {
        "item": item, "edit_form": edit_form, "approve_form": approve_form,
        "public_url": reverse("reports:public_detail", args=[item.pk]),
    })  # fmt: skip


# The public side: no sign-in, published statements only.


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    items = Statement.objects.published()
    return render(request, "reports/public_list.html", {"items": items, "lang": _lang()})


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Statement.objects.published(), pk=pk)
    return render(request, "reports/public_detail.html", {
        "item": item, "title": item.title(_lang()),
        "paragraphs": [p for p in item.body(_lang()).split("\n\n") if p.strip()],
    })  # fmt: skip


class StatementFeed(Feed):  # type: ignore[type-arg]
    """The published statements as an Atom feed, in the reader's language."""

    feed_type = Atom1Feed
    title = gettext_lazy("Coordination Headquarters for the Treatment of Prisoners of War")
    subtitle = gettext_lazy("Official statements")

    def link(self) -> str:
        return reverse("reports:public_list")

    def items(self) -> Any:
        return Statement.objects.published()[:50]

    def item_title(self, item: Statement) -> str:
        return item.title(_lang())

    def item_description(self, item: Statement) -> str:
        return item.body(_lang())

    def item_link(self, item: Statement) -> str:
        return reverse("reports:public_detail", args=[item.pk])

    def item_pubdate(self, item: Statement) -> Any:
        return item.publish_at

    def item_updateddate(self, item: Statement) -> Any:
        return item.publish_at


feed = require_GET(StatementFeed())
