"""The planner's page: the agreed persons proposed for the agreement's planned stages, with
the officer's pins and exclusions and the reason for each person; applied in one step."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from homeward.apps.exchanges import planning, selectors
from homeward.apps.exchanges.forms import PlanForm

MAY_MANAGE = selectors.MAY_MANAGE


def _rows(proposal: planning.Proposal) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per planned stage its persons, and the persons not planned, each with the reason."""
    plan = proposal.plan
    if plan is None:
        return [], []

    def person_row(case: str | int) -> dict[str, Any]:
        agreed = proposal.agreed[str(case)]
        return {
            "case": str(case),
            "person": agreed.person,
            "direction": agreed.direction.value,
            "category": agreed.category.value,
            "why": planning.words(proposal.why(case)),
        }

    by_number = {s.number: s for s in proposal.stages}
    stages = [
        {
            "stage": by_number[int(s.stage)],
            "received": [person_row(c) for c in s.received],
            "handed_over": [person_row(c) for c in s.handed_over],
        }
        for s in plan.stages
    ]
    return stages, [person_row(c) for c in plan.not_planned]


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """GET proposes (with the pins and exclusions in the query); POST applies the same
    proposal, computed again from the same input."""
    agreement = selectors.agreement_for(request.user, pk)
    form = PlanForm(request.POST if request.method == "POST" else request.GET)
    proposal = None
    if form.is_valid():
        proposal = planning.propose(
            request.user,
            agreement,
            pins=form.cleaned_data["pins"],
            excluded=form.cleaned_data["excluded"],
        )
        if request.method == "POST":
            try:
                members = planning.apply_proposal(actor=request.user, proposal=proposal)
            except ValidationError as exc:
                for text in exc.messages:
                    messages.error(request, text)
            else:
                messages.success(request, ngettext(
                    "%(count)d person planned into the stages.",
                    "%(count)d persons planned into the stages.", len(members),
                ) % {"count": len(members)})  # fmt: skip
                return redirect("exchanges:agreement_detail", pk=pk)
    stages, not_planned = _rows(proposal) if proposal else ([], [])
    return render(request, "exchanges/plan.html", {
        "agreement": agreement,
        "form": form,
        "proposal": proposal,
        "problems": [planning.words(p) for p in proposal.problems] if proposal else [],
        "stages": stages,
        "not_planned": not_planned,
        "agreed_count": len(proposal.agreed) if proposal else 0,
        "pins_text": "; ".join(f"{c} {n}" for c, n in form.cleaned_data.get("pins", {}).items())
        if form.is_valid() else "",
        "excluded_text": " ".join(sorted(form.cleaned_data.get("excluded", ())))
        if form.is_valid() else "",
        "nothing_to_plan": _("Nobody is left to plan: agree the lists first."),
    })  # fmt: skip
