"""The registry-wide search for persons entered twice. It runs as a job on the task queue
(`find_duplicates_task`); every pair the engine finds likely enough becomes a review task
whose "same person" is a merge (registry.merging). A pair already put before a registrar,
open or decided, is not put again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.apps.audit import services as audit
from homeward.apps.common.jobs import STALE_AFTER
from homeward.apps.common.permissions import Actor, Perm, require
from homeward.apps.common.workers import this_worker
from homeward.apps.intake.calibration import review_labels
from homeward.apps.intake.jobs import abandon_task
from homeward.apps.intake.models import DuplicateSearch, ImportStatus, ReviewTask
from homeward.apps.intake.services import candidate
from homeward.apps.registry import selectors as registry_selectors
from homeward.core.linkage.engine import Thresholds, duplicate_pairs

# Pairs at least this likely are put before a registrar. Higher than an import's review
# threshold: a registry of 100,000 has far more look-alike pairs than a list has rows.
THRESHOLDS = Thresholds(match=0.99, review=0.5)


class DuplicateSearchError(ValidationError):
    """The search cannot be started or run; the message says why."""


def _require(actor: Actor) -> User:
    return require(actor, Perm.MERGE_PERSON, refusal=_("You may not search for duplicates."))


def _running() -> DuplicateSearch | None:
    """The search under way: queued not long ago, or running with its worker alive."""
    alive_since = timezone.now() - STALE_AFTER
    queued = DuplicateSearch.objects.filter(status=ImportStatus.QUEUED).filter(
        Q(heartbeat__gte=alive_since) | Q(heartbeat__isnull=True, created_at__gte=alive_since)
    )
    running = DuplicateSearch.objects.filter(status=ImportStatus.RUNNING)
    return queued.first() or next((s for s in running if not s.stalled), None)


def start_duplicate_search(*, actor: Actor) -> DuplicateSearch:
    """Queue a search of the whole registry; refused while another one is under way."""
    user = _require(actor)
    from homeward.apps.intake.tasks import find_duplicates_task  # it imports this module

    with transaction.atomic():
        if _running() is not None:
            raise DuplicateSearchError(_("A search for duplicates is already under way."))
        for dead in DuplicateSearch.objects.filter(status=ImportStatus.RUNNING):
            # Only stalled ones are left running: _running found no live one.
            abandon_task(dead.task_id)
            DuplicateSearch.report(
                dead.pk, status=ImportStatus.FAILED, stage="failed",
                error=_("Its worker stopped before it finished; nothing from it was written."),
            )  # fmt: skip
        search = DuplicateSearch.objects.create(created_by=user)

        def enqueue() -> None:
            result = find_duplicates_task.enqueue(search_id=search.pk, user_id=user.pk)
            DuplicateSearch.objects.filter(pk=search.pk).update(task_id=str(result.id))

        transaction.on_commit(enqueue)
        audit.record(
            actor=actor,
            action="duplicates.start",
            object_type="duplicate_search",
            object_id=search.pk,
            object_repr=str(search),
        )
    return search


def run_duplicate_search(
    *, actor: Actor, search_id: int, progress: Callable[[str, float], None] | None = None
) -> DuplicateSearch:
    """Compare every person with every other likely one and make review tasks of the
    pairs; the tasks and the search's result are written in one transaction."""
    _require(actor)

    def report(stage: str, fraction: float) -> None:
        DuplicateSearch.report(search_id, stage=stage, progress=fraction)
        if progress is not None:
            progress(stage, fraction)

    DuplicateSearch.report(search_id, status=ImportStatus.RUNNING, error="", worker=this_worker())
    try:
        report("indexing", 0.05)
        ids, columns = registry_selectors.linkage_columns(actor)
        stages = {"blocking": 0.2, "comparing": 0.5, "explaining": 0.8}
        pairs = duplicate_pairs(
            ids,
            columns,
            THRESHOLDS,
            timezone.localdate(),
            progress=lambda stage: report(stage, stages.get(stage, 0.5)),
            labels=review_labels(),
        )
        report("writing", 0.9)
        with transaction.atomic():
            search = DuplicateSearch.objects.select_for_update().get(pk=search_id)
            asked = {
                frozenset((person, c["person_id"]))
                for person, candidates in ReviewTask.objects.filter(
                    person__isnull=False
                ).values_list("person_id", "candidates")
                for c in candidates
            }
            tasks = []
            for pair in pairs:
                # The later entry is the possible duplicate of the earlier one.
                first, second = sorted((int(pair.first_id), int(pair.second_id)))
                if frozenset((first, second)) in asked:
                    continue
                asked.add(frozenset((first, second)))
                tasks.append(
                    ReviewTask(
                        person_id=second,
                        search=search,
                        best_probability=pair.probability,
                        candidates=[candidate(first, pair.probability, "", pair.contributions)],
                    )
                )
            ReviewTask.objects.bulk_create(tasks, batch_size=1000)
            search.status, search.stage, search.progress = ImportStatus.DONE, "done", 1.0
            search.persons, search.pairs, search.tasks = len(ids), len(pairs), len(tasks)
            search.finished_at = timezone.now()
            search.save()
            audit.record(
                actor=actor,
                action="duplicates.run",
                object_type="duplicate_search",
                object_id=search.pk,
                object_repr=str(search),
                after={"persons": search.persons, "pairs": search.pairs, "tasks": search.tasks},
            )
        return search
    except Exception as exc:
        message = str(exc.messages[0]) if isinstance(exc, ValidationError) else repr(exc)
        DuplicateSearch.report(search_id, status=ImportStatus.FAILED, error=message, stage="failed")
        raise
