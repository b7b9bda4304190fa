"""Files of persons as a user filtered them, written by the task queue's worker (ADR 29).

A file of the whole registry takes longer to write than a web request may last (18 s
for 50,000 persons as XLSX on the reference machine, and a WSGI server's default timeout
is 30 s), so the request only records what was asked for and who asked; the worker
writes the file, and the user downloads it from the page of their exports. Asking is a
disclosure and is audited with the filters and the count, as is every download. The
file is kept for HOMEWARD_EXPORT_KEEP_HOURS and then erased."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from homeward.apps.audit import services as audit
from homeward.apps.common.permissions import Actor, Perm, require
from homeward.apps.common.workers import this_worker
from homeward.apps.registry import exports, selectors
from homeward.apps.registry.choices import ExportFormat, ExportStatus
from homeward.apps.registry.filters import PersonFilter
from homeward.apps.registry.models import Person, PersonExport

MAY_EXPORT = Perm.EXPORT_PERSON
REPORT_EVERY = 1000  # rows between two progress reports


def _require(actor: Actor) -> User:
    return require(actor, MAY_EXPORT)


def filtered(user: User, filters: Mapping[str, list[str]]) -> PersonFilter:
    """The person list's filter over the persons `user` may see, as the list page builds
    it from the same query string."""
    data = QueryDict(mutable=True)
    for key, values in filters.items():
        data.setlist(key, list(values))
    return PersonFilter(data, queryset=selectors.persons_for(user))


@transaction.atomic
def request_export(
    *, actor: Actor, file_format: str, filters: Mapping[str, list[str]], purpose: str
) -> PersonExport:
    """Record the request, with what the file is for, and queue the job that writes it."""
    user = _require(actor)
    if file_format not in ExportFormat.values:
        raise ValidationError(_("Choose CSV or XLSX."))
    purpose = " ".join(purpose.split())
    if not purpose:
        raise ValidationError(
            _(
                "Say what the file is for (for example: the list for the ICRC visit of 12 May): "
                "it is recorded with the export."
            )
        )
    person_filter = filtered(user, filters)
    if not person_filter.is_valid():
        raise ValidationError(_("Fix the filters before exporting."))
    count = person_filter.qs.count()
    job = PersonExport.objects.create(
        requested_by=user,
        file_format=file_format,
        filters={key: list(values) for key, values in filters.items()},
        purpose=purpose[:300],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    # Every value of a repeated filter (status=missing&status=returned) is part of the record.
    audit.record(
        actor=user,
        action="person.export",
        object_type="person",
        object_repr=f"{count} persons",
        after={
            "format": file_format,
            "filters": job.filters,
            "purpose": job.purpose,
            "count": count,
            "export": job.pk,
        },
    )
    from homeward.apps.registry.tasks import person_export_task  # it imports this module

    def enqueue() -> None:
        result = person_export_task.enqueue(export_id=job.pk)
        PersonExport.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    purge_expired()
    return job


def _claim(export_id: int, task_id: str) -> PersonExport | None:
    """The job, marked as this worker's; None when there is nothing (left) to do."""
    with transaction.atomic():
        job = PersonExport.objects.select_for_update().defer("content").get(pk=export_id)
        if job.status != ExportStatus.QUEUED and not job.stalled:
            return None
        job.status, job.task_id, job.worker = ExportStatus.RUNNING, task_id, this_worker()
        job.heartbeat, job.error = timezone.now(), ""
        job.save(update_fields=["status", "task_id", "worker", "heartbeat", "error"])
    return job


class _Reporting:
    """The rows of the file as they are written, with the job's progress reported and
    the persons counted (the registry may change between the count and the last row)."""

    def __init__(self, table: Iterable[list[str]], export_id: int, expected: int) -> None:
        self.table, self.export_id, self.expected = table, export_id, expected
        self.persons = 0

    def __iter__(self) -> Iterator[list[str]]:
        for number, row in enumerate(self.table):
            if number and number % REPORT_EVERY == 0:
                progress = min(number / max(self.expected, 1), 0.99)
                PersonExport.report(self.export_id, stage="writing", progress=progress)
            self.persons = number  # the first row is the header
            yield row


def run_export(*, export_id: int, task_id: str = "") -> PersonExport | None:
    """Write the file (the worker's part). The persons are those the filters find when the
    file is written, among those the user who asked may see then."""
    job = _claim(export_id, task_id)
    if job is None:
        return None
    try:
        with translation.override(job.language):
            persons: QuerySet[Person] = filtered(job.requested_by, job.filters).qs
            table = _Reporting(exports.rows(persons), job.pk, persons.count())
            if job.file_format == ExportFormat.CSV:
                content = exports.to_csv(table)
            else:
                content = exports.to_xlsx(table)
        keep = dt.timedelta(hours=settings.HOMEWARD_EXPORT_KEEP_HOURS)
        with transaction.atomic():
            job.status, job.stage, job.progress = ExportStatus.DONE, "done", 1.0
            job.content, job.size, job.rows = content, len(content), table.persons
            job.finished_at = timezone.now()
            job.expires_at = job.finished_at + keep
            job.heartbeat = job.finished_at
            job.save()
            audit.record(
                actor=job.requested_by, action="person.export_written",
                object_type="person_export", object_id=job.pk, object_repr=str(job),
                after={"rows": job.rows, "size": job.size,
                       "expires_at": job.expires_at.isoformat()},
            )  # fmt: skip
    except Exception as exc:
        PersonExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=repr(exc), stage="failed",
            heartbeat=timezone.now(), finished_at=timezone.now(),
        )  # fmt: skip
        raise
    purge_expired()
    return job


def exports_for(user: Actor) -> QuerySet[PersonExport]:
    """The user's own exports, newest first, without their files."""
    owner = _require(user)
    return PersonExport.objects.filter(requested_by=owner).defer("content")


def export_for(user: Actor, export_id: int) -> PersonExport:
    """One of the user's own exports, without its file; another user's is not found."""
    found = exports_for(user).filter(pk=export_id).first()
    if found is None:
        raise PersonExport.DoesNotExist(export_id)
    return found


@transaction.atomic
def download(*, actor: Actor, export_id: int) -> PersonExport:
    """The file, for the user who asked for it while it is kept; each download is audited."""
    user = _require(actor)
    job = PersonExport.objects.select_for_update().filter(pk=export_id, requested_by=user).first()
    if job is None:
        raise PersonExport.DoesNotExist(export_id)
    if job.status != ExportStatus.DONE:
        raise ValidationError(_("The file is not ready: see its status on this page."))
    if job.expired:
        raise ValidationError(_("The file has been erased: it is kept for %(hours)d hours. "
                                "Export the list again.")
                              % {"hours": settings.HOMEWARD_EXPORT_KEEP_HOURS})  # fmt: skip
    job.downloads += 1
    job.save(update_fields=["downloads"])
    audit.record(
        actor=user, action="person.export_download", object_type="person_export",
        object_id=job.pk, object_repr=str(job),
        after={"format": job.file_format, "rows": job.rows, "download": job.downloads},
    )  # fmt: skip
    return job


def purge_expired() -> int:
    """Erase the files kept past their time; the record of the export stays."""
    return (
        PersonExport.objects.filter(status=ExportStatus.DONE, expires_at__lte=timezone.now())
        .exclude(size=0)
        .update(content=b"", size=0)
    )
