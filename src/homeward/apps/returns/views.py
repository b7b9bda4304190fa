"""Pages of the after-return pipeline: the board, the list of cases, a case with its
steps, and the forms that move, assign and open them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from homeward.apps.audit.access import disclose
from homeward.apps.common.next_page import next_page
from homeward.apps.common.permissions import Actor
from homeward.apps.payments import certificate as certificates
from homeward.apps.registry import selectors as registry_selectors
from homeward.apps.returns import debrief, selectors, services
from homeward.apps.returns.choices import StepKindChoice, StepStateChoice
from homeward.apps.returns.forms import (
    AssignForm,
    FilterForm,
    OpenCaseForm,
    SightingForm,
    StepForm,
)
from homeward.apps.returns.models import CaseStep, ReturnCase, Sighting
from homeward.core.returns import StepKind

MAY_VIEW = selectors.MAY_VIEW
MAY_ISSUE_CERTIFICATE = certificates.MAY_ISSUE


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(request.GET or None)
    return form, form.filters()


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """Where every open case stands, what is late, per stage and agreement."""
    form, filters = _filters(request)
    user = request.user
    result = selectors.board(user, filters)
    overdue = selectors.overdue_for(user, filters)
    disclose(request, [step.case.person_id for step in overdue])
    steps = StepKindChoice.choices
    per_stage = [
        (stage_id, result.stages.get(stage_id) if stage_id else _("Other releases"),
         [counts.get(kind, 0) for kind, _label in steps], sum(counts.values()))
        for stage_id, counts in sorted(result.per_stage.items(),
                                       key=lambda item: (item[0] is None, item[0] or 0))
    ]  # fmt: skip
    return render(request, "returns/board.html", {
        "form": form, "board": result, "query": request.GET.urlencode(),
        "rows": [(kind, label, result.at_step.get(kind, 0), result.overdue.get(kind, 0))
                 for kind, label in steps],
        "steps": steps, "per_stage": per_stage,
        "overdue": overdue,
        "today": timezone.localdate(),
    })  # fmt: skip


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    user = request.user
    cases = selectors.cases_for(user, filters)
    page = Paginator(cases, 100).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    disclose(request, [case.person_id for case in page.object_list])
    query = request.GET.copy()
    query.pop("page", None)
    # Standing at one step: that step of each case listed may be moved at once.
    steps = {}
    if filters.step and user.has_perm(services.MAY_WORK):
        found = CaseStep.objects.filter(case__in=[c.pk for c in page], kind=filters.step)
        steps = {s.case_id: s for s in found if services.may_work_on(user, s)}
    return render(request, "returns/case_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "labels": dict(StepKindChoice.choices), "steps": steps,
        "rows": [(case, steps.get(case.pk)) for case in page],
        "bulk_states": [c for c in StepStateChoice.choices if c[0] != StepStateChoice.PENDING],
        "step_label": dict(StepKindChoice.choices).get(filters.step, ""),
    })  # fmt: skip


@login_required
@permission_required(services.MAY_WORK, raise_exception=True)
@require_POST
def steps_update(request: HttpRequest) -> HttpResponse:
    """The chosen cases' step, moved at once (all or none)."""
    ids = [int(v) for v in request.POST.getlist("steps") if v.isdigit()]
    back = next_page(request, reverse("returns:case_list"))
    if not ids:
        messages.error(request, _("Choose the cases whose step to move."))
        return HttpResponseRedirect(back)
    try:
        moved = services.update_steps(actor=request.user, step_ids=ids,
                                      state=request.POST.get("state", ""))  # fmt: skip
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Steps moved: %(count)d.") % {"count": moved})
    return HttpResponseRedirect(back)


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = selectors.case_for(user, pk)
    sightings = list(debrief.sightings_of(user, case))
    disclose(request, [case.person_id, *(s.person_id for s in sightings)])
    today = timezone.localdate()
    rows = []
    may_coordinate = user.has_perm(services.MAY_COORDINATE)
    for step in selectors.steps_for(user, case):
        # A closed case changes only by reopening its closure step.
        editable = services.may_work_on(user, step) and (
            not case.closed or step.kind == StepKind.CLOSURE
        )
        rows.append({
            "step": step,
            "late": step.state not in selectors.FINISHED_STATES and step.due_on < today,
            "form": StepForm(step=step) if editable else None,
            "assign": AssignForm(step=step) if may_coordinate and not case.closed else None,
        })  # fmt: skip
    may_debrief = _may_debrief(user, case)
    return render(request, "returns/case_detail.html", {
        "case": case, "rows": rows,
        "can_view_medical": selectors.can_view_medical(user),
        "sightings": sightings,
        "sighting_form": SightingForm() if may_debrief and not case.closed else None,
        "may_debrief": may_debrief,
        "may_issue_certificate": user.has_perm(MAY_ISSUE_CERTIFICATE),
    })  # fmt: skip


def _may_debrief(user: Actor, case: ReturnCase) -> bool:
    try:
        debrief.require_debriefer(user, case)
    except PermissionDenied:
        return False
    return True


def _sighting_for(request: HttpRequest, pk: int) -> Sighting:
    sighting: Sighting = get_object_or_404(Sighting, pk=pk)
    selectors.case_for(request.user, sighting.case_id)
    return sighting


def _back_to_sightings(case_id: int) -> HttpResponse:
    return redirect(reverse("returns:case_detail", args=[case_id]) + "#sightings")


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_POST
def sighting_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    debrief.require_debriefer(request.user, case)
    form = SightingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            sighting = debrief.record_sighting(
                actor=request.user, case_id=case.pk, told_name=data["told_name"],
                told_details=data["told_details"], place=data["place"], seen=data["seen"],
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("“%(name)s”: %(verdict)s.") % {
                "name": sighting.told_name, "verdict": sighting.get_verdict_display()})  # fmt: skip
    else:
        for field, errors in form.errors.as_data().items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(m) for e in errors for m in e.messages)
            messages.error(request, f"{label}: {text}" if label else text)
    return _back_to_sightings(case.pk)


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_POST
def sighting_decide(request: HttpRequest, pk: int) -> HttpResponse:
    sighting = _sighting_for(request, pk)
    chosen = request.POST.get("person", "")
    try:
        debrief.decide_sighting(actor=request.user, sighting_id=sighting.pk,
                                person_id=int(chosen) if chosen.isdigit() else None)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to_sightings(sighting.case_id)


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_POST
def sighting_register(request: HttpRequest, pk: int) -> HttpResponse:
    sighting = _sighting_for(request, pk)
    try:
        person = debrief.register_sighting(actor=request.user, sighting_id=sighting.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(person)s registered, confirmed in captivity by the "
                                    "sighting.") % {"person": person})  # fmt: skip
    return _back_to_sightings(sighting.case_id)


def _back_to_case(request: HttpRequest, step: CaseStep) -> HttpResponse:
    return redirect(f"{step.case.get_absolute_url()}#step-{step.pk}")


@login_required
@permission_required(services.MAY_WORK, raise_exception=True)
@require_POST
def step_update(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_object_or_404(CaseStep.objects.select_related("case"), pk=pk)
    selectors.case_for(request.user, step.case_id)
    services.require_may_work(request.user, step)
    form = StepForm(request.POST, step=step)
    if not form.is_valid():
        messages.error(request, _("Choose a state or write what was done."))
        return _back_to_case(request, step)
    data = form.cleaned_data
    try:
        services.update_step(actor=request.user, step_id=step.pk, state=data["state"] or None,
                             text=data["text"], version=data["version"])  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(step)s” saved.") % {"step": step.get_kind_display()})
    return _back_to_case(request, step)


@login_required
@permission_required(services.MAY_COORDINATE, raise_exception=True)
@require_POST
def step_assign(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_object_or_404(CaseStep.objects.select_related("case"), pk=pk)
    form = AssignForm(request.POST, step=step)
    if not form.is_valid():
        messages.error(request, _("Choose someone who holds the step's role."))
        return _back_to_case(request, step)
    try:
        services.assign_step(actor=request.user, step_id=step.pk,
                             assignee=form.cleaned_data["assignee"])  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to_case(request, step)


@login_required
@permission_required(services.MAY_COORDINATE, raise_exception=True)
@require_POST
def case_open(request: HttpRequest, person: int) -> HttpResponse:
    found = registry_selectors.person_for(request.user, person)
    form = OpenCaseForm(request.POST)
    if form.is_valid():
        try:
            case = services.open_case(actor=request.user, person_id=found.pk,
                                      release=form.cleaned_data["release"],
                                      note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect(case.get_absolute_url())
    else:
        messages.error(request, _("Choose how the person came home."))
    return redirect("registry:person_detail", pk=found.pk)


@login_required
@permission_required(MAY_ISSUE_CERTIFICATE, raise_exception=True)
@require_GET
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate of captivity and payments for the family, as PDF."""
    case = selectors.case_for(request.user, pk)
    disclose(request, [case.person_id])
    return certificates.download(actor=request.user, case=case)
