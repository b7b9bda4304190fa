"""Staff pages of the registry. Views are thin: selectors read, services write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from homeward.apps.audit import selectors as audit_selectors
from homeward.apps.audit.access import disclose
from homeward.apps.audit.masking import mask_for
from homeward.apps.audit.models import AuditEntry
from homeward.apps.common.forms import show_refusal
from homeward.apps.registry import merging, selectors, services
from homeward.apps.registry.errors import ConcurrentEditError
from homeward.apps.registry.filters import PersonFilter
from homeward.apps.registry.forms import PersonForm, SourceRecordForm, StatusEventForm
from homeward.apps.registry.models import Person, StatusEvent
from homeward.apps.returns import selectors as return_selectors
from homeward.apps.returns import services as return_services
from homeward.apps.returns.forms import OpenCaseForm

PAGE_SIZE = 50


def _apply_service_errors(form: Any, exc: ValidationError) -> None:
    """Attach a service's per-field messages to the form fields they belong to."""
    fields_map = {
        "birth_date": "birth",
        "birth_date_precision": "birth",
        "capture_date": "captured",
        "capture_date_precision": "captured",
        "effective_date": "effective",
    }
    show_refusal(form, exc, fields_map)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    counts = (
        selectors.status_counts(request.user)
        if request.user.has_perm("registry.view_statistics")
        else None
    )
    sign_ins = (
        audit_selectors.superuser_sign_ins(request.user)
        if request.user.has_perm("audit.view_auditentry")
        else None
    )
    return render(request, "registry/home.html", {"counts": counts, "superuser_sign_ins": sign_ins})


def _filtered(request: HttpRequest) -> PersonFilter:
    return PersonFilter(request.GET, queryset=selectors.persons_for(request.user))


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    person_filter = _filtered(request)
    page = Paginator(person_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    disclose(request, [person.pk for person in page.object_list])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/person_list.html",
        {"filter": person_filter, "page": page, "query": query.urlencode()},
    )


def _history(request: HttpRequest, person: Person) -> list[AuditEntry]:
    record_ids = [str(pk) for pk in person.source_records.values_list("pk", flat=True)]
    entries = AuditEntry.objects.filter(
        Q(object_type="person", object_id=str(person.pk))
        | Q(object_type="source_record", object_id__in=record_ids)
    ).select_related("actor")[:200]
    return mask_for(request.user, entries)


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for(request.user, pk)
    merges = list(selectors.merges_for(request.user, person))
    disclose(
        request, [person.pk, *(m.survivor_id for m in merges), *(m.absorbed_id for m in merges)]
    )
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "events": selectors.status_events_for(request.user, person),
            "records": (
                selectors.source_records_for(request.user, person)
                if request.user.has_perm("registry.view_sourcerecord")
                else []
            ),
            "history": _history(request, person),
            "can_view_medical": selectors.can_view_medical(request.user),
            "merges": merges,
            **_return_cases(request, person),
        },
    )


def _return_cases(request: HttpRequest, person: Person) -> dict[str, Any]:
    """The person's return cases, and the form to open one by hand when they came home
    outside an exchange and have none open."""
    user = request.user
    if not return_selectors.may_view(user):
        return {"return_cases": None, "open_case_form": None}
    cases = list(return_selectors.cases_of_person(user, person.pk))
    may_open = (
        user.has_perm(return_services.MAY_COORDINATE)
        and person.side == "own"
        and person.current_status in return_services.CAME_HOME
        and not any(not case.closed for case in cases)
    )
    return {"return_cases": cases, "open_case_form": OpenCaseForm() if may_open else None}


@login_required
@permission_required("registry.add_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    show_medical = selectors.can_view_medical(request.user)
    form = PersonForm(request.POST or None, show_medical=show_medical)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(
                actor=request.user,
                fields=form.service_fields(),
                groups=form.cleaned_data["groups"],
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(case)s created.") % {"case": person.case_number})
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": None})


@login_required
@permission_required("registry.change_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for(request.user, pk)
    show_medical = selectors.can_view_medical(request.user)
    form = PersonForm(request.POST or None, instance=person, show_medical=show_medical)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.update_person(
                actor=request.user,
                person_id=person.pk,
                expected_version=form.cleaned_data["version"] or 0,
                fields=form.service_fields(),
                groups=form.cleaned_data["groups"],
            )
        except ConcurrentEditError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(case)s saved.") % {"case": person.case_number})
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})


@login_required
@permission_required("registry.add_statusevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def status_event_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for(request.user, pk)
    form = StatusEventForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_status_event(
                actor=request.user,
                person=person,
                status=data["status"],
                effective=data["effective"],
                reliability=data["reliability"] or None,
                source_record=data["source_record"],
                document=data["document"],
                note=data["note"],
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("Status report added."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/status_event_form.html", {"form": form, "person": person})


@login_required
@permission_required("registry.confirm_status", raise_exception=True)
@require_POST
def status_event_confirm(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    person = selectors.person_for(request.user, pk)
    if not StatusEvent.objects.filter(pk=event_pk, person=person).exists():
        raise Http404
    try:
        services.confirm_status_event(actor=request.user, event_id=event_pk)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Report confirmed."))
    return redirect("registry:person_detail", pk=person.pk)


@login_required
@permission_required("registry.add_sourcerecord", raise_exception=True)
@require_http_methods(["GET", "POST"])
def source_record_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what a family, a unit or anyone else reported about this person, verbatim."""
    person = selectors.person_for(request.user, pk)
    form = SourceRecordForm(
        request.POST or None, may_add_source=request.user.has_perm("registry.add_source")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                source = data["source"] or services.create_source(
                    actor=request.user,
                    kind=data["new_source_kind"],
                    name=data["new_source_name"],
                    reliability=data["new_source_reliability"],
                )
                services.add_source_record(
                    actor=request.user,
                    source=source,
                    raw={"text": data["text"]},
                    external_id=data["external_id"].strip(),
                    person=person,
                )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("Source record added."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/source_record_form.html", {"form": form, "person": person})


@login_required
@permission_required("registry.merge_person", raise_exception=True)
@require_POST
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge a duplicate, named by its case number, into this person."""
    survivor = selectors.person_for(request.user, pk)
    case = request.POST.get("duplicate", "").strip().upper()
    duplicate = selectors.persons_for(request.user).filter(case_number=case).first()
    if duplicate is None:
        messages.error(request, _("No person has the case number %(case)s.") % {"case": case})
        return redirect("registry:person_detail", pk=survivor.pk)
    try:
        merging.merge_persons(
            actor=request.user,
            survivor_id=survivor.pk,
            absorbed_id=duplicate.pk,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(dup)s merged into %(case)s.")
            % {"dup": duplicate.case_number, "case": survivor.case_number},
        )
    return redirect("registry:person_detail", pk=survivor.pk)


@login_required
@permission_required("registry.merge_person", raise_exception=True)
@require_POST
def merge_split(request: HttpRequest, pk: int, merge_pk: int) -> HttpResponse:
    """Undo a merge this person took part in; back to this person's page."""
    person = selectors.person_for(request.user, pk)
    if not selectors.merges_for(request.user, person).filter(pk=merge_pk).exists():
        raise Http404
    try:
        merge = merging.split_merge(
            actor=request.user, merge_id=merge_pk, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(dup)s is a person of their own again.") % {"dup": merge.absorbed.case_number},
        )
    return redirect("registry:person_detail", pk=person.pk)
