"""Pages of the exchanges: agreements with their running totals, and a stage's day."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from homeward.apps.audit.access import disclose
from homeward.apps.common.forms import show_refusal
from homeward.apps.exchanges import list_selectors, selectors, services
from homeward.apps.exchanges.choices import (
    LIST_KIND_HELP,
    AgreementStatusChoice,
    ListKindChoice,
    OutcomeChoice,
    StageStatusChoice,
    VerdictChoice,
)
from homeward.apps.exchanges.forms import AgreementForm, StageForm
from homeward.apps.exchanges.models import StageMember
from homeward.apps.registry import selectors as registry_selectors
from homeward.core.exchanges.outcomes import Direction, allowed_outcomes

MAY_VIEW = selectors.MAY_VIEW
MAY_MANAGE = selectors.MAY_MANAGE


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_http_methods(["GET", "POST"])
def agreement_list(request: HttpRequest) -> HttpResponse:
    """The agreements with their running totals; exchange officers also record a new one."""
    may_manage = selectors.can_manage(request.user)
    form = AgreementForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                agreement = services.create_agreement(actor=request.user, **form.service_fields())
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                return redirect("exchanges:agreement_detail", pk=agreement.pk)
    agreements = list(selectors.agreements_for(request.user))
    rows = [selectors.agreement_totals(a) for a in agreements]
    return render(request, "exchanges/agreement_list.html", {"rows": rows, "form": form})


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agreement = selectors.agreement_for(user, pk)
    lists_hidden = list_selectors.lists_hidden_because(user, agreement)
    see_lists = lists_hidden is None
    summaries = list_selectors.list_summaries(user, agreement) if see_lists else None
    return render(
        request,
        "exchanges/agreement_detail.html",
        {
            "stage_form": StageForm() if selectors.can_manage(user) else None,
            "agreement": agreement,
            "totals": selectors.agreement_totals(agreement),
            "lists": [
                (
                    s,
                    ListKindChoice(s.kind.value).label,
                    LIST_KIND_HELP[s.kind],
                    [(v, VerdictChoice(v).label, n) for v, n in sorted(s.verdicts.items())],
                )
                for s in summaries or []
            ],
            "see_lists": see_lists,
            "lists_hidden": lists_hidden,
            "open_for_stages": agreement.status
            not in (AgreementStatusChoice.COMPLETED, AgreementStatusChoice.SUSPENDED),
            "documents": list_selectors.documents_of(user, agreement) if see_lists else [],
            "statuses": [
                (value, label)
                for value, label in AgreementStatusChoice.choices
                if value in services.SETTABLE.get(AgreementStatusChoice(agreement.status), set())
            ],
        },
    )


def _counts(stage: Any) -> selectors.StageCounts:
    totals = selectors.agreement_totals(stage.agreement)
    return next(c for c in totals.stages if c.stage.pk == stage.pk)


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def stage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    stage = selectors.stage_for(user, pk)
    see_members = selectors.may_see_members(user, stage)
    outcomes = {
        d.value: [(o.value, OutcomeChoice(o.value).label) for o in allowed_outcomes(d)]
        for d in Direction
    }
    members = None
    if see_members:
        members = list(selectors.members_for(user, stage))
        disclose(request, [member.person_id for member in members])
        for member in members:
            member.outcome_choices = outcomes[member.direction]  # type: ignore[attr-defined]
    who = request.GET.get("who", "").strip()
    found = None
    if who and members is not None and stage.status == StageStatusChoice.UNDER_WAY:
        found = _who_came(user, who, members)
    return render(
        request,
        "exchanges/stage_detail.html",
        {
            "who": who,
            "found": found,
            "stage": stage,
            "counts": _counts(stage),
            "members": members,
            "composition": selectors.composition(user, stage)
            if selectors.may_see_composition(user, stage)
            else None,
            "may_manage": selectors.can_manage(user),
            "under_way": stage.status == StageStatusChoice.UNDER_WAY,
        },
    )


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def stage_totals(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by the stage's page on the day: the running totals."""
    stage = selectors.stage_for(request.user, pk)
    counts = _counts(stage)
    return JsonResponse(
        {
            "status": stage.status,
            "planned_receive": counts.planned_receive,
            "planned_hand_over": counts.planned_hand_over,
            "received": counts.received,
            "handed_over": counts.handed_over,
            "open": counts.open,
            "received_so_far": counts.received_so_far,
            "agreement_total": stage.agreement.total,
        }
    )


def _stage_step(request: HttpRequest, pk: int, step: Callable[..., Any]) -> HttpResponse:
    try:
        step(actor=request.user, stage_id=pk)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("exchanges:stage_detail", pk=pk)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def stage_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _stage_step(request, pk, services.start_stage)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def stage_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _stage_step(request, pk, services.complete_stage)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def stage_substitute(request: HttpRequest, pk: int) -> HttpResponse:
    """The person found on the stage's page came instead of the chosen planned person."""
    member = request.POST.get("member", "")
    stage = selectors.stage_for(request.user, pk)
    if not member.isdigit() or not stage.members.filter(pk=int(member)).exists():
        messages.error(request, _("Choose the planned person who did not come."))
        return redirect("exchanges:stage_detail", pk=pk)
    return _record(request, int(member), "substituted")


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def member_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk, request.POST.get("outcome", ""))


def _record(request: HttpRequest, pk: int, outcome: str) -> HttpResponse:
    member = get_object_or_404(StageMember, pk=pk)
    substitute = None
    if case := request.POST.get("substitute", "").strip():
        visible = registry_selectors.persons_for(request.user)
        substitute = visible.filter(case_number=case).first()
        if substitute is None:
            messages.error(request, _("%(case)s: no person has this case number.") % {"case": case})
            return redirect("exchanges:stage_detail", pk=member.stage_id)
    try:
        services.record_outcome(
            actor=request.user,
            member_id=pk,
            outcome=outcome,
            note=request.POST.get("note", ""),
            substitute=substitute,
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect(reverse("exchanges:stage_detail", args=[member.stage_id]) + f"#member-{pk}")


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def stage_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_for(request.user, pk)
    form = StageForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            stage = services.add_stage(
                actor=request.user, agreement=agreement, date=d["date"],
                receive_capacity=d["receive_capacity"],
                hand_over_capacity=d["hand_over_capacity"], ratio=d["ratio"],
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Stage %(number)d added.") % {"number": stage.number})
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
    return redirect("exchanges:agreement_detail", pk=pk)


# Persons shown when an officer looks up who came instead of a planned person.
FOUND_SHOWN = 8


def _who_came(user: Any, text: str, members: list[StageMember]) -> list[dict[str, Any]]:
    """The persons the text (a name, a date of birth, a case or service number, as the
    person gives them) may mean, by the engine; for each, the planned persons of the same
    side they could replace."""
    persons = registry_selectors.search_persons(registry_selectors.persons_for(user), text)
    open_members = [m for m in members if m.outcome in ("planned", "refused", "no_show")]
    found = []
    for person in persons[:FOUND_SHOWN]:
        direction = "receive" if person.side == "own" else "hand_over"
        found.append({
            "person": person,
            "probability": getattr(person, "match_probability", None),
            "why": getattr(person, "match_explanation", ""),
            "replaceable": [m for m in open_members if m.direction == direction
                            and m.person_id != person.pk],
        })  # fmt: skip
    return found


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def agreement_status(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.change_agreement_status(actor=request.user, agreement_id=pk,
                                         status=request.POST.get("status", ""))  # fmt: skip
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("exchanges:agreement_detail", pk=pk)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_for(request.user, pk)
    upload = request.FILES.get("document")
    if upload is None:
        messages.error(request, _("Choose the document's file."))
        return redirect("exchanges:agreement_detail", pk=pk)
    try:
        services.add_document(actor=request.user, agreement=agreement, name=upload.name or "",
                              content=upload.read(), note=request.POST.get("note", ""))  # fmt: skip
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("exchanges:agreement_detail", pk=pk)


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    found = list_selectors.document_for(request.user, pk)
    response = HttpResponse(bytes(found.content), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, found.name) or "attachment"
    return response
