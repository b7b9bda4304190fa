"""Bringing a list into the registry. Two steps, so that nothing is written before the
user has seen what the file says:

1. `stage_import` keeps the file verbatim, reads its columns and checks every row; the
   batch waits (READY) with its problems listed.
2. `run_import` links the rows through the identity-resolution engine and writes all of
   them in one transaction: a source record per row, linked to its person (match), a new
   person (new), or a review task (review). A crash, a killed worker or a bad row leaves
   nothing half-written, and the batch can be run again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.apps.audit import services as audit
from homeward.apps.common import bulk_insert as bulk
from homeward.apps.common.messages import translate
from homeward.apps.common.permissions import Actor, require
from homeward.apps.common.request_size import upload_limit
from homeward.apps.common.workers import this_worker
from homeward.apps.intake.calibration import review_labels
from homeward.apps.intake.jobs import abandon_task
from homeward.apps.intake.models import (
    ImportBatch,
    ImportedRecord,
    ImportStatus,
    ImportThresholds,
    ReviewTask,
)
from homeward.apps.registry import selectors as registry_selectors
from homeward.apps.registry import services as registry
from homeward.apps.registry.models import Rank, Source, SourceRecord
from homeward.core.gc_pause import cyclic_gc_paused
from homeward.core.intake import IncomingRow, PreparedList, engine_columns, prepare_list
from homeward.core.linkage.engine import Candidate, LinkResult, RegistryIndex, Thresholds, dedupe
from homeward.core.tabular import IGNORE, Limits, TabularFileError, read_table

Progress = Callable[[str, float], None]

# Per source kind: (match, review) thresholds. The other side's lists and the media are
# wrong more often, so their records need a surer link before it is made without a person.
# (link by itself from, ask a registrar from), until an administrator sets them otherwise
# (ImportThresholds).
DEFAULT_THRESHOLDS: dict[str, tuple[float, float]] = {
    "family": (0.99, 0.30),
    "unit": (0.99, 0.30),
    "icrc": (0.99, 0.30),
    "counterpart": (0.995, 0.20),
    "media": (0.995, 0.20),
    "debrief": (0.995, 0.20),
    "other": (0.99, 0.30),
}


def thresholds_for(source_kind: str) -> tuple[float, float]:
    """(match, review) for lists of this kind of source: as an administrator set them,
    or the defaults."""
    row = ImportThresholds.objects.filter(source_kind=source_kind).first()
    return (row.match, row.review) if row else DEFAULT_THRESHOLDS[source_kind]


class ImportError_(ValidationError):
    """The import cannot go ahead; the message says why and what to do."""


def _require(actor: Actor, perm: str) -> None:
    require(actor, perm, refusal=_("You may not import lists."))


def remembered_mapping(source: Source | None) -> dict[str, str]:
    """How this source's columns were read the last time (header → field)."""
    if source is None:
        return {}
    last = source.imports.exclude(mapping={}).order_by("-created_at", "-id").first()
    return dict(last.mapping) if last else {}


def _source(actor: Actor, kind: str, name: str) -> Source:
    found = Source.objects.filter(kind=kind, name=name.strip()).first()
    return found or registry.create_source(actor=actor, kind=kind, name=name)


def import_limits() -> Limits:
    return Limits(
        rows=settings.HOMEWARD_IMPORT_MAX_ROWS,
        columns=settings.HOMEWARD_IMPORT_MAX_COLUMNS,
        unpacked_bytes=settings.HOMEWARD_IMPORT_MAX_UNPACKED_MB * 2**20,
    )


def _prepare(file_name: str, content: bytes, mapping: Mapping[str, str]) -> PreparedList:
    try:
        table = read_table(file_name, data=content, limits=import_limits())
    except TabularFileError as exc:
        raise ImportError_(f"{file_name}: {translate(exc.reason)}") from exc
    try:
        return prepare_list(table, mapping, timezone.localdate())
    except ValueError as exc:
        raise ImportError_(f"{file_name}: {exc}") from exc


# Rows shown as read on the batch's page, before the user confirms.
PREVIEW_ROWS = 10


def read_list(file_name: str, content: bytes, mapping: Mapping[str, str]) -> PreparedList:
    """Read a list's file into checked rows (`ImportError_` naming the file when it cannot
    be read at all); row problems are in the result. Also for the exchanges' lists from
    the other side."""
    if len(content) > upload_limit():
        raise ImportError_(
            _("%(file)s: the file is larger than %(mb)d MB. Split the list and import the parts.")
            % {"file": file_name, "mb": settings.HOMEWARD_MAX_UPLOAD_MB}
        )
    prepared = _prepare(file_name, content, mapping)
    if not prepared.rows and not prepared.problems:
        raise ImportError_(
            _(
                "%(file)s: the file has column names but no rows. Export the list again with "
                "its rows."
            )
            % {"file": file_name}
        )
    return prepared


def _reading(prepared: PreparedList, overrides: Mapping[str, str]) -> dict[str, Any]:
    """The batch's fields that say how the file was read and what is wrong with it."""
    ignored = {h: IGNORE for h, f in overrides.items() if f == IGNORE and h in prepared.headers}
    return {
        "mapping": {**prepared.mapping, **ignored},
        "headers": prepared.headers,
        "encoding": prepared.encoding,
        "rows": len(prepared.rows) + len(prepared.bad_rows),
        "problems": [
            {"row": p.row, "column": p.column, "message": p.message, **p.reason.as_json()}
            for p in prepared.problems
        ],
        "preview": [
            {"row": r.number, "id": r.record_id, "cells": r.cells, "fields": r.fields}
            for r in prepared.rows[:PREVIEW_ROWS]
        ],
    }


def stage_import(
    *,
    actor: Actor,
    file_name: str,
    content: bytes,
    source_kind: str,
    source_name: str,
    mapping: Mapping[str, str] | None = None,
    side: str = "own",
    category: str = "military",
    skip_bad_rows: bool = False,
    thresholds: Thresholds | None = None,
) -> ImportBatch:
    """Keep the file and check it. `mapping` (header → field) overrides how headers are
    recognised; without it, the source's last mapping is used.

    The file is read before the transaction that keeps it begins: a long parse never holds
    a write lock that other users' writes would wait on (SQLite's one writer)."""
    _require(actor, "registry.add_sourcerecord")
    if source_kind not in DEFAULT_THRESHOLDS:
        raise ImportError_(_("Unknown source kind: %(kind)s.") % {"kind": source_kind})
    if not source_name.strip():
        raise ImportError_(_("Name the source of the list."))
    known = Source.objects.filter(kind=source_kind, name=source_name.strip()).first()
    overrides = dict(mapping) if mapping else remembered_mapping(known)
    prepared = read_list(file_name, content, overrides)
    match, review = thresholds_for(source_kind)
    if thresholds is not None:
        match, review = thresholds.match, thresholds.review
    fields = _reading(prepared, overrides)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            source=_source(actor, source_kind, source_name),
            file_name=file_name[:255],
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            side=side,
            category=category,
            skip_bad_rows=skip_bad_rows,
            match_threshold=match,
            review_threshold=review,
            created_by=actor if isinstance(actor, User) else None,
            **fields,
        )
        audit.record(
            actor=actor,
            action="import.stage",
            object_type="import",
            object_id=batch.pk,
            object_repr=str(batch),
            after={
                "source": batch.source_id,
                "file_name": batch.file_name,
                "sha256": batch.sha256,
                "rows": batch.rows,
                "problems": len(batch.problems),
            },
        )
    return batch


def change_reading(
    *, actor: Actor, batch_id: int, mapping: Mapping[str, str], skip_bad_rows: bool
) -> ImportBatch:
    """Read a staged file again with another mapping (header → field, IGNORE for a header
    not to read), and say whether rows with problems are to be left out. The file is read
    again before the transaction, as in `stage_import`."""
    _require(actor, "registry.add_sourcerecord")
    staged = ImportBatch.objects.only("file_name", "content").get(pk=batch_id)
    prepared = read_list(staged.file_name, bytes(staged.content), mapping)
    with transaction.atomic():
        return _change_reading(actor, batch_id, prepared, mapping, skip_bad_rows)


def _change_reading(
    actor: Actor,
    batch_id: int,
    prepared: PreparedList,
    mapping: Mapping[str, str],
    skip_bad_rows: bool,
) -> ImportBatch:
    batch: ImportBatch = ImportBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status not in (ImportStatus.READY, ImportStatus.FAILED):
        raise ImportError_(_("This list is already queued or imported."))
    before = {"mapping": batch.mapping, "skip_bad_rows": batch.skip_bad_rows}
    for name, value in _reading(prepared, mapping).items():
        setattr(batch, name, value)
    batch.skip_bad_rows = skip_bad_rows
    batch.save()
    audit.record(
        actor=actor,
        action="import.stage",
        object_type="import",
        object_id=batch.pk,
        object_repr=str(batch),
        before=before,
        after={
            "mapping": batch.mapping,
            "skip_bad_rows": batch.skip_bad_rows,
            "rows": batch.rows,
            "problems": len(batch.problems),
        },
    )
    return batch


def _claim(batch_id: int, task_id: str) -> ImportBatch:
    with transaction.atomic():
        batch: ImportBatch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status == ImportStatus.DONE:
            raise ImportError_(_("This list is already imported."))
        if batch.status == ImportStatus.RUNNING and not batch.stalled and batch.task_id != task_id:
            raise ImportError_(_("This list is being imported right now."))
        batch.status = ImportStatus.RUNNING
        batch.error = ""
        batch.task_id = task_id
        batch.heartbeat = timezone.now()
        batch.worker = this_worker()
        batch.save(update_fields=["status", "error", "task_id", "heartbeat", "worker"])
    return batch


@dataclass
class _Plan:
    """What the engine decided for each row, before anything is written."""

    rows: list[IncomingRow]
    results: list[LinkResult]
    new_groups: dict[str, str]  # record id of a new row → the id its group is known by


def _plan(batch: ImportBatch, prepared: PreparedList, actor: Actor, progress: Progress) -> _Plan:
    rows = prepared.rows
    ids, columns, extras = engine_columns(rows, prepared.mapping)
    thresholds = Thresholds(match=batch.match_threshold, review=batch.review_threshold)
    progress("indexing", 0.1)
    registry_ids, registry_columns = registry_selectors.linkage_columns(actor)
    if registry_ids:
        index = RegistryIndex.build(registry_ids, registry_columns, today=timezone.localdate())
        progress("linking", 0.4)
        results, _table = index.link(ids, columns, extras, thresholds, labels=review_labels())
    else:
        results = [LinkResult(i, "", 0.0, "new") for i in ids]
    # A person needs a given name: a row without one that fits nobody goes to a registrar.
    results = [
        replace(r, decision="review") if r.decision == "new" and not row.fields["given_name"] else r
        for r, row in zip(results, rows, strict=True)
    ]
    progress("grouping", 0.7)
    new = [i for i, r in enumerate(results) if r.decision == "new"]
    groups = _group_new_rows(new, ids, columns, registry_ids, registry_columns, thresholds)
    return _Plan(rows, results, groups)


# Registry rows mixed into the grouping of new rows (see _group_new_rows).
BACKGROUND_ROWS = 2000


def _group_new_rows(
    new: Sequence[int],
    ids: Sequence[str],
    columns: Mapping[str, Sequence[str]],
    registry_ids: Sequence[str],
    registry_columns: Mapping[str, Sequence[str]],
    thresholds: Thresholds,
) -> dict[str, str]:
    """Rows new to the registry may still be one person twice in the list: group them
    (record id → the record id its group is known by). The engine's deduplication learns
    from random pairs of what it is given, and a handful of new rows would teach it that
    any two records are likely the same man; so an even sample of the registry goes in
    with them as background, and only the groups of new rows are kept."""
    if len(new) < 2:
        return {}
    step = max(1, len(registry_ids) // BACKGROUND_ROWS)
    sample = list(range(0, len(registry_ids), step))
    fields = sorted(set(columns) | set(registry_columns))
    # A background id cannot be confused with a list's: ids of the list never hold NUL.
    merged_ids = [f"\x00{registry_ids[k]}" for k in sample] + [ids[i] for i in new]
    merged = {
        f: [registry_columns[f][k] if f in registry_columns else "" for k in sample]
        + [columns[f][i] if f in columns else "" for i in new]
        for f in fields
    }
    clusters = dedupe(merged_ids, merged, None, thresholds, timezone.localdate())
    cluster_of = {c.record_id: c.cluster_id for c in clusters}
    # Known by its first row in the list (a background row may head the cluster).
    first_of: dict[str, str] = {}
    groups = {}
    for i in new:
        cluster = cluster_of[ids[i]]
        groups[ids[i]] = first_of.setdefault(cluster, ids[i])
    return groups


def candidate(
    person_id: int | str, probability: float, explanation: str, contributions: Sequence[Any]
) -> dict[str, Any]:
    """A candidate as a review task keeps it: the person, the engine's probability and its
    field-by-field reasons (core.linkage.explain.Contribution)."""
    return {
        "person_id": int(person_id),
        "probability": probability,
        "explanation": explanation,
        "contributions": [
            {
                "field": x.field,
                "level": x.level,
                "bits": round(x.bits, 2),
                "first": x.first,
                "second": x.second,
                "text": x.words(),
            }
            for x in contributions
        ],
    }


def _candidates(result: LinkResult) -> list[dict[str, Any]]:
    """The persons a reviewer is shown, best first, with the engine's explanations."""
    best = [Candidate(result.person_id, result.probability, result.contributions)]
    return [
        candidate(c.person_id, c.probability, c.explanation, c.contributions)
        for c in (best if result.person_id else []) + list(result.others)
    ]


# The rank category of a new person the list gives no rank for.
_NO_RANK = {"civilian": "civilian", "military": "unknown"}


def person_fields(
    side: str, category: str, f: Mapping[str, str], ranks: Mapping[str, Rank]
) -> dict[str, Any]:
    """A new person's fields from what a row of a list says (IncomingRow.fields), for the
    side and category the list's persons are."""
    rank = ranks.get(f["rank"]) if f["rank"] else None
    return {
        "side": side,
        "category": category,
        "surname": f["surname"],
        "given_name": f["given_name"],
        "patronymic": f["patronymic"],
        "sex": f["sex"] or "unknown",
        "birth_date": dt.date.fromisoformat(f["birth_date"]) if f["birth_date"] else None,
        "birth_date_precision": f["birth_date_precision"] or "unknown",
        "birth_place": f["birth_place"],
        "unit": f["unit"],
        "rank": rank,
        "rank_category": rank.category if rank else _NO_RANK[category],
        "service_number": f["service_number"],
    }


@dataclass
class _Rows:
    """Everything an import writes, built, checked and prepared for the database before
    its transaction begins."""

    persons: bulk.Prepared  # new persons, one per group of new rows
    records: bulk.Prepared  # one source record per row, in the list's order
    imported: bulk.Prepared
    tasks: bulk.Prepared
    counts: dict[str, int]  # decisions: match, review, new (rows)


def _build(batch: ImportBatch, plan: _Plan, actor: Actor) -> _Rows:
    """The rows to write, as unsaved objects; new persons are checked here, so a row that
    cannot make a person fails the import before anything is locked."""
    user = actor if isinstance(actor, User) else None
    ranks = {r.code: r for r in Rank.objects.all()}
    by_id = {row.record_id: row for row in plan.rows}
    # New persons: one per group of new rows.
    firsts = [
        r.record_id
        for r in plan.results
        if r.decision == "new" and plan.new_groups.get(r.record_id, r.record_id) == r.record_id
    ]
    try:
        persons = registry.check_persons(
            actor=actor,
            rows=[
                person_fields(batch.side, batch.category, by_id[i].fields, ranks) for i in firsts
            ],
        )
    except registry.PersonRowError as exc:
        row = by_id[firsts[exc.index]]
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise ImportError_(f"{batch.file_name}: row {row.number}: {details}") from exc
    person_of_first = dict(zip(firsts, persons, strict=True))

    records = []
    for result in plan.results:
        row = by_id[result.record_id]
        record = SourceRecord(
            source_id=batch.source_id,
            external_id=row.record_id[:100],
            raw=row.cells,
            parsed=row.fields,
            # A matched row's person by id: loading 70,000 persons to point at them cost
            # seconds and memory.
            person_id=int(result.person_id) if result.decision == "match" else None,
            entered_by=user,
        )
        if result.decision == "new":  # the new person, saved just before the records
            record.person = person_of_first[plan.new_groups.get(result.record_id, result.record_id)]
        records.append(record)
    imported = [
        ImportedRecord(
            batch_id=batch.pk,
            record=record,
            row=by_id[result.record_id].number,
            decision=result.decision,
            probability=result.probability,
            explanation=result.explanation if result.contributions else "",
        )
        for record, result in zip(records, plan.results, strict=True)
    ]
    tasks = [
        ReviewTask(
            record=record,
            batch_id=batch.pk,
            candidates=_candidates(result),
            best_probability=result.probability,
        )
        for record, result in zip(records, plan.results, strict=True)
        if result.decision == "review"
    ]
    counts = {d: sum(r.decision == d for r in plan.results) for d in ("match", "review", "new")}
    return _Rows(
        bulk.prepare(persons),
        bulk.prepare(records),
        bulk.prepare(imported),
        bulk.prepare(tasks),
        counts,
    )


def _write(batch: ImportBatch, rows: _Rows, actor: Actor) -> ImportBatch:
    """The inserts, in the caller's transaction, and the audit entries last: other users'
    writes wait on the audit chain's lock only while those are appended (ADR 42)."""
    changes = registry.insert_persons(rows.persons, note={"import": batch.pk})
    bulk.insert(rows.records)
    bulk.insert(rows.imported)
    bulk.insert(rows.tasks)

    batch.status = ImportStatus.DONE
    batch.linked, batch.review = rows.counts["match"], rows.counts["review"]
    batch.new, batch.new_rows = len(rows.persons.objects), rows.counts["new"]
    batch.skipped = batch.bad_rows
    batch.stage, batch.progress = "done", 1.0
    batch.finished_at = timezone.now()
    batch.save(
        update_fields=[
            "status",
            "linked",
            "review",
            "new",
            "new_rows",
            "skipped",
            "stage",
            "progress",
            "finished_at",
        ]
    )
    records = rows.records.objects
    run = audit.Change(
        "import.run",
        "import",
        batch.pk,
        str(batch),
        after={
            "source": batch.source_id,
            "records": len(records),
            "first_record": records[0].pk if records else None,
            "last_record": records[-1].pk if records else None,
            "linked": batch.linked,
            "review": batch.review,
            "new_persons": batch.new,
            "new_records": batch.new_rows,
            "skipped_rows": batch.skipped,
        },
    )
    # PostgreSQL checks the foreign keys of the inserts at commit, seconds for 100,000
    # rows: checked now, before the audit chain is locked, other writers do not wait on it.
    if connection.vendor == "postgresql":
        connection.check_constraints()
    audit.record_many(actor=actor, changes=[*changes, run])
    return batch


def _link_and_write(batch: ImportBatch, actor: Actor, report: Progress) -> ImportBatch:
    """Read, link and build outside any transaction; then one short transaction writes."""
    report("reading", 0.0)
    prepared = _prepare(batch.file_name, bytes(batch.content), batch.mapping)
    if prepared.problems and not batch.skip_bad_rows:
        raise ImportError_(
            _(
                "%(file)s: %(count)d rows have problems. Fix the file, or choose to leave "
                "those rows out."
            )
            % {"file": batch.file_name, "count": len(prepared.bad_rows)}
        )
    if not prepared.rows:
        raise ImportError_(_("%(file)s: no row can be imported.") % {"file": batch.file_name})
    plan = _plan(batch, prepared, actor, report)
    report("preparing", 0.8)
    rows = _build(batch, plan, actor)
    del plan, prepared
    report("writing", 0.9)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status == ImportStatus.DONE:
            raise ImportError_(_("This list is already imported."))
        return _write(locked, rows, actor)


def run_import(
    *,
    actor: Actor,
    batch_id: int,
    task_id: str = "",
    progress: Progress | None = None,
) -> ImportBatch:
    """Link and write a staged batch, all or nothing. Raises ImportError_ (and records
    why on the batch) when it cannot be done; running it again is always safe."""
    _require(actor, "registry.add_sourcerecord")
    batch = _claim(batch_id, task_id)

    def report(stage: str, fraction: float) -> None:
        ImportBatch.report(batch_id, stage=stage, progress=fraction)
        if progress is not None:
            progress(stage, fraction)

    try:
        with cyclic_gc_paused():
            return _link_and_write(batch, actor, report)
    except Exception as exc:
        message = str(exc.messages[0]) if isinstance(exc, ValidationError) else repr(exc)
        # Another run may have finished it meanwhile: a DONE batch stays DONE.
        ImportBatch.objects.filter(pk=batch_id).exclude(status=ImportStatus.DONE).update(
            status=ImportStatus.FAILED, error=message, stage="failed", heartbeat=timezone.now()
        )
        raise


def queue_import(*, actor: Actor, batch_id: int) -> ImportBatch:
    """Confirm a staged batch: its import runs in the background (`run_import_task`), and
    the batch shows the job's progress. Refused for a batch with problems unless its rows
    with problems are to be left out. A failed batch, or one whose worker died (stalled),
    may be queued again."""
    _require(actor, "registry.add_sourcerecord")
    from homeward.apps.intake.tasks import run_import_task  # the task module imports this one

    with transaction.atomic():
        batch: ImportBatch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status not in (ImportStatus.READY, ImportStatus.FAILED) and not batch.stalled:
            raise ImportError_(_("This list is already queued or imported."))
        if batch.blocked:
            raise ImportError_(
                _("Some rows have problems: fix the file, or choose to leave them out.")
            )
        if batch.stalled:
            abandon_task(batch.task_id)
        # On commit: a worker must not pick the task up before the batch says QUEUED.
        batch.status, batch.stage, batch.progress, batch.error = ImportStatus.QUEUED, "", 0.0, ""
        batch.save(update_fields=["status", "stage", "progress", "error"])
        assert isinstance(actor, User)  # _require has made sure
        user_id: int = actor.pk

        def enqueue() -> None:
            result = run_import_task.enqueue(batch_id=batch_id, user_id=user_id)
            ImportBatch.objects.filter(pk=batch_id).update(task_id=str(result.id))

        transaction.on_commit(enqueue)
        audit.record(
            actor=actor,
            action="import.queue",
            object_type="import",
            object_id=batch.pk,
            object_repr=str(batch),
        )
    return batch


def import_file(
    *,
    actor: Actor,
    file_name: str,
    content: bytes,
    source_kind: str,
    source_name: str,
    progress: Progress | None = None,
    **options: Any,
) -> ImportBatch:
    """Stage and run at once (the command line, where the user has already looked)."""
    batch = stage_import(
        actor=actor,
        file_name=file_name,
        content=content,
        source_kind=source_kind,
        source_name=source_name,
        **options,
    )
    if batch.blocked:
        return batch
    return run_import(actor=actor, batch_id=batch.pk, progress=progress)
