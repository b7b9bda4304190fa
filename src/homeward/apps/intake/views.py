"""Pages of intake: upload a list, check how it was read, confirm, watch it run; then the
review queue. Thin: services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from homeward.apps.audit.access import disclose
from homeward.apps.common.permissions import Perm
from homeward.apps.intake import duplicates, review, services
from homeward.apps.intake.comparison import comparison
from homeward.apps.intake.forms import FIELD_LABELS, ReadingForm, UploadForm
from homeward.apps.intake.models import (
    DuplicateSearch,
    ImportBatch,
    ImportStatus,
    ReviewDecision,
    ReviewTask,
)
from homeward.apps.registry import selectors

PAGE_SIZE = 50
MAY_IMPORT = Perm.ADD_SOURCE_RECORD
MAY_DECIDE = Perm.DECIDE_REVIEW
MAY_MERGE = Perm.MERGE_PERSON
PROBLEMS_SHOWN = 200
# What the import is doing (ImportBatch.stage), for its progress bar.
STAGE_LABELS = {
    "": gettext_lazy("Waiting for the worker…"),
    "reading": gettext_lazy("Reading the file"),
    "indexing": gettext_lazy("Reading the registry"),
    "linking": gettext_lazy("Linking the rows to persons"),
    "grouping": gettext_lazy("Grouping rows of one new person"),
    "blocking": gettext_lazy("Finding persons alike"),
    "comparing": gettext_lazy("Comparing them"),
    "explaining": gettext_lazy("Explaining the pairs found"),
    "preparing": gettext_lazy("Preparing the records"),
    "writing": gettext_lazy("Writing"),
    "done": gettext_lazy("Imported"),
    "failed": gettext_lazy("Failed"),
}


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@permission_required(MAY_IMPORT, raise_exception=True)
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    batches = ImportBatch.objects.select_related("source", "created_by").defer("content")
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/import_list.html", {"page": page, "query": ""})


@login_required
@permission_required(MAY_IMPORT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.stage_import(
                actor=request.user,
                file_name=upload.name,
                content=upload.read(),
                source_kind=form.cleaned_data["source_kind"],
                source_name=form.cleaned_data["source_name"],
                side=form.cleaned_data["side"],
                category=form.cleaned_data["category"],
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            return redirect("intake:import_detail", pk=batch.pk)
    sources = selectors.sources_for(request.user).values_list("name", flat=True)
    return render(request, "intake/import_new.html", {"form": form, "sources": sources})


def _batch(pk: int) -> ImportBatch:
    batch: ImportBatch = get_object_or_404(
        ImportBatch.objects.select_related("source", "created_by"), pk=pk
    )
    return batch


def _reading_form(batch: ImportBatch, data: Any = None) -> ReadingForm:
    return ReadingForm(
        data,
        headers=batch.headers,
        mapping=batch.mapping,
        initial={"skip_bad_rows": batch.skip_bad_rows},
    )


# The person fields a row was read into (core.intake.PERSON_FIELDS but the precision).
PREVIEW_FIELDS = {
    "surname": FIELD_LABELS["surname"],
    "given_name": FIELD_LABELS["given_name"],
    "patronymic": FIELD_LABELS["patronymic"],
    "sex": FIELD_LABELS["sex"],
    "birth_date": FIELD_LABELS["date_of_birth"],
    "birth_place": FIELD_LABELS["place_of_birth"],
    "unit": FIELD_LABELS["unit"],
    "rank": FIELD_LABELS["rank"],
    "service_number": FIELD_LABELS["service_number"],
}


def _preview(batch: ImportBatch) -> dict[str, Any]:
    """The first rows as the file has them and as they were read."""
    fields = PREVIEW_FIELDS
    return {
        "headers": batch.headers,
        "fields": [PREVIEW_FIELDS[f] for f in fields],
        "rows": [
            {
                "row": r["row"],
                "id": r["id"],
                "cells": [r["cells"].get(h, "") for h in batch.headers],
                "fields": [r["fields"].get(f, "") for f in fields],
            }
            for r in batch.preview
        ],
    }


def _reviewed(batch: ImportBatch) -> dict[str, int]:
    counts = batch.review_tasks.aggregate(
        open=Count("pk", filter=Q(status="open")),
        same=Count("pk", filter=Q(decision=ReviewDecision.SAME)),
        new=Count("pk", filter=Q(decision=ReviewDecision.NEW)),
        different=Count("pk", filter=Q(decision=ReviewDecision.DIFFERENT)),
    )
    return {k: v or 0 for k, v in counts.items()}


def _detail(
    request: HttpRequest, batch: ImportBatch, form: ReadingForm | None, status: int = 200
) -> HttpResponse:
    done = batch.status == ImportStatus.DONE
    return render(
        request,
        "intake/import_detail.html",
        {
            "batch": batch,
            "form": form,
            "preview": _preview(batch),
            "problems": batch.problems_shown(PROBLEMS_SHOWN),
            "more_problems": max(0, len(batch.problems) - PROBLEMS_SHOWN),
            "reviewed": _reviewed(batch) if done else None,
            "new_records": batch.new_rows,
        },
        status=status,
    )


@login_required
@permission_required(MAY_IMPORT, raise_exception=True)
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(pk)
    editable = batch.status in (ImportStatus.READY, ImportStatus.FAILED)
    return _detail(request, batch, _reading_form(batch) if editable else None)


@login_required
@permission_required(MAY_IMPORT, raise_exception=True)
@require_POST
def import_reading(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(pk)
    form = _reading_form(batch, request.POST)
    if form.is_valid():
        try:
            services.change_reading(
                actor=request.user,
                batch_id=batch.pk,
                mapping=form.mapping(),
                skip_bad_rows=form.cleaned_data["skip_bad_rows"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The list was read again."))
            return redirect("intake:import_detail", pk=batch.pk)
    return _detail(request, batch, form, status=400)


@login_required
@permission_required(MAY_IMPORT, raise_exception=True)
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (or, for a failed one, retry) the import: it runs on the task queue."""
    try:
        services.queue_import(actor=request.user, batch_id=pk)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("intake:import_detail", pk=pk)


def _progress(job: ImportBatch | DuplicateSearch, **extra: Any) -> JsonResponse:
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "stage": job.stage,
            "stage_label": str(STAGE_LABELS.get(job.stage, STAGE_LABELS[""])),
            "progress": round(job.progress, 3),
            "error": job.error,
            "stalled": job.stalled,
            **extra,
        }
    )


@login_required
@permission_required(MAY_IMPORT, raise_exception=True)
@require_GET
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by the batch's page while it is queued or running."""
    batch = get_object_or_404(ImportBatch.objects.defer("content"), pk=pk)
    return _progress(batch, summary=batch.summary())


@login_required
@permission_required(MAY_MERGE, raise_exception=True)
@require_POST
def duplicate_search_start(request: HttpRequest) -> HttpResponse:
    try:
        duplicates.start_duplicate_search(actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("intake:review_queue")


@login_required
@permission_required(MAY_MERGE, raise_exception=True)
@require_GET
def duplicate_search_progress(request: HttpRequest, pk: int) -> JsonResponse:
    search = get_object_or_404(DuplicateSearch, pk=pk)
    return _progress(search, pairs=search.pairs, tasks=search.tasks)


# Review queue


@login_required
@permission_required(MAY_DECIDE, raise_exception=True)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    batch_id = _batch_filter(request)
    tasks = review.open_tasks(batch_id).select_related("record__source", "person", "claimed_by")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    search = DuplicateSearch.objects.select_related("created_by").first()
    return render(
        request,
        "intake/review_queue.html",
        {
            "page": page,
            "batch_id": batch_id,
            "query": f"batch={batch_id}" if batch_id else "",
            "decided": ReviewTask.objects.filter(decided_by=request.user.pk).count(),
            "search": search,
        },
    )


def _batch_filter(request: HttpRequest) -> int | None:
    value = request.GET.get("batch") or request.POST.get("batch") or ""
    return int(value) if value.isdigit() else None


def _to(name: str, batch_id: int | None, *args: Any) -> HttpResponse:
    url = reverse(name, args=args)
    return redirect(f"{url}?batch={batch_id}" if batch_id else url)


def _next(request: HttpRequest, batch_id: int | None, skip: tuple[int, ...] = ()) -> HttpResponse:
    """The registrar's next task (not one just put back), or the queue when none is left."""
    task = review.claim_next(actor=request.user, batch_id=batch_id, skip=skip)
    if task is None:
        if not skip:
            messages.info(request, _("No task is waiting: the queue is done."))
        return _to("intake:review_queue", batch_id)
    return _to("intake:review_task", batch_id, task.pk)


@login_required
@permission_required(MAY_DECIDE, raise_exception=True)
@require_POST
def review_next(request: HttpRequest) -> HttpResponse:
    return _next(request, _batch_filter(request))


@login_required
@permission_required(MAY_DECIDE, raise_exception=True)
@require_GET
def review_task(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        ReviewTask.objects.select_related(
            "record__source", "batch", "person", "claimed_by", "decided_by"
        ),
        pk=pk,
    )
    held = False
    if task.status == "open":
        try:
            task = review.claim(actor=request.user, task_id=task.pk)
            held = True
        except ValidationError as exc:
            messages.warning(request, _error_text(exc))
    shown = comparison(request.user, task)
    disclose(
        request,
        [
            task.person_id,
            task.record.person_id if task.record else None,
            *(candidate.get("person_id") for candidate in task.candidates),
        ],
    )
    return render(
        request,
        "intake/review_task.html",
        {
            "task": task,
            "held": held,
            "batch_id": _batch_filter(request),
            "comparison": shown,
            "decisions": ReviewDecision,
        },
    )


@login_required
@permission_required(MAY_DECIDE, raise_exception=True)
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    batch_id = _batch_filter(request)
    # "same:<person id>", "new", "different" or "skip": the button pressed.
    action, _sep, person = request.POST.get("decision", "").partition(":")
    if action == "skip":
        review.release(actor=request.user, task_id=pk)
        return _next(request, batch_id, skip=(pk,))
    try:
        review.decide(
            actor=request.user,
            task_id=pk,
            decision=action,
            person_id=int(person) if person.isdigit() else None,
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _to("intake:review_task", batch_id, pk)
    messages.success(request, _("Decision recorded."))
    return _next(request, batch_id)
