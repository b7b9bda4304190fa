"""Exports of the person list: asked for from the list, written by the worker, downloaded
from the page of the user's exports (ADR 29)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from homeward.apps.registry import person_exports
from homeward.apps.registry.choices import ExportStatus
from homeward.apps.registry.filters import PersonFilter
from homeward.apps.registry.models import Person, PersonExport

MAY_EXPORT = person_exports.MAY_EXPORT
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SHOWN = 30  # the newest exports the page lists


@login_required
@permission_required(MAY_EXPORT, raise_exception=True)
@require_POST
def person_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Asked for from the person list: its filters are the query string."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    filters = {key: request.GET.getlist(key) for key in request.GET if key != "page"}
    try:
        person_exports.request_export(
            actor=request.user,
            file_format=fmt,
            filters=filters,
            purpose=request.POST.get("purpose", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry:person_list")
    messages.success(request, _("The file is being written. It will be ready to download "
                                "here in a moment."))  # fmt: skip
    return redirect("registry:person_exports")


def _state(job: PersonExport) -> str:
    """What the page says of the job: its status, or that it was erased or stopped."""
    if job.stalled:
        return "stopped"
    if job.status == ExportStatus.DONE and job.expired:
        return "erased"
    return job.status


class _FilterWords:
    """The list's filters as its form names them: its labels and its choices' labels. A
    field's choices (a vocabulary's are a query) are read once per page, not per export."""

    def __init__(self) -> None:
        self.fields = PersonFilter(queryset=Person.objects.none()).form.fields
        self.choices: dict[str, dict[str, str]] = {}

    def __call__(self, filters: dict[str, list[str]]) -> list[tuple[str, str]]:
        described = []
        for key, values in filters.items():
            given = [v for v in values if v]
            field = self.fields.get(key)
            if not given or field is None:
                continue
            if key not in self.choices:
                self.choices[key] = {str(k): str(v) for k, v in getattr(field, "choices", ())}
            words = ", ".join(self.choices[key].get(v, v) for v in given)
            described.append((str(field.label), words))
        return described


@login_required
@permission_required(MAY_EXPORT, raise_exception=True)
@require_GET
def person_export_list(request: HttpRequest) -> HttpResponse:
    jobs = list(person_exports.exports_for(request.user)[:SHOWN])
    described = _FilterWords()
    rows = [(job, _state(job), described(job.filters)) for job in jobs]
    return render(
        request,
        "registry/person_exports.html",
        {"rows": rows, "keep_hours": settings.HOMEWARD_EXPORT_KEEP_HOURS},
    )


@login_required
@permission_required(MAY_EXPORT, raise_exception=True)
@require_GET
def person_export_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by the page while the file is being written."""
    try:
        job = person_exports.export_for(request.user, pk)
    except PersonExport.DoesNotExist as exc:
        raise Http404 from exc
    label = ExportStatus(job.status).label
    return JsonResponse({"status": job.status, "stage_label": str(label),
                         "progress": round(job.progress, 3), "stalled": job.stalled})  # fmt: skip


@login_required
@permission_required(MAY_EXPORT, raise_exception=True)
@require_GET
def person_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = person_exports.download(actor=request.user, export_id=pk)
    except PersonExport.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry:person_exports")
    response = HttpResponse(bytes(job.content), content_type=CONTENT_TYPES[job.file_format])
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response
