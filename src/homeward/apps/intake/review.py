"""The review queue: registrars take the records the engine could not decide alone and
say who each one is. Work is shared by claims: a registrar takes a task for CLAIM_FOR, no
one else is given it meanwhile, and a decision is refused to anyone but its holder, so
two registrars never decide one task. A claim left to lapse (a closed browser) returns
the task to the queue.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from homeward.apps.audit import services as audit
from homeward.apps.common.permissions import Actor
from homeward.apps.intake.models import ReviewDecision, ReviewStatus, ReviewTask
from homeward.apps.intake.services import person_fields
from homeward.apps.registry import merging
from homeward.apps.registry import services as registry
from homeward.apps.registry.models import Person, Rank, SourceRecord

CLAIM_FOR = dt.timedelta(minutes=20)


class ReviewError(ValidationError):
    """The decision cannot be taken; the message says why and what to do."""


def _user(actor: Actor) -> User:
    if not (isinstance(actor, User) and actor.has_perm("intake.decide_reviewtask")):
        raise PermissionDenied(_("You may not decide review tasks."))
    return actor


def _free(now: dt.datetime) -> Q:
    """Tasks no one holds: never claimed, or claimed too long ago."""
    return Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - CLAIM_FOR)


def open_tasks(batch_id: int | None = None) -> QuerySet[ReviewTask]:
    qs = ReviewTask.objects.filter(status=ReviewStatus.OPEN)
    return qs.filter(batch_id=batch_id) if batch_id is not None else qs


def claim_next(
    *, actor: Actor, batch_id: int | None = None, skip: tuple[int, ...] = ()
) -> ReviewTask | None:
    """The task this registrar holds, else the first free one, now theirs; None when the
    queue is empty for them. Tasks in `skip` (just put back) are not given."""
    user = _user(actor)
    now = timezone.now()
    tasks = open_tasks(batch_id).exclude(pk__in=skip)
    held = tasks.filter(claimed_by=user, claimed_at__gte=now - CLAIM_FOR).first()
    if held is not None:
        return held
    # Another registrar may take the same task between the read and the update; the
    # update's condition lets only one of them have it, and the loser tries the next.
    for _attempt in range(20):
        pk = tasks.filter(_free(now)).values_list("pk", flat=True).first()
        if pk is None:
            return None
        if _take(user, pk, now):
            return ReviewTask.objects.get(pk=pk)
    return None


def _take(user: User, pk: int, now: dt.datetime) -> bool:
    taken = (
        ReviewTask.objects.filter(pk=pk, status=ReviewStatus.OPEN)
        .filter(_free(now) | Q(claimed_by=user))
        .update(claimed_by=user, claimed_at=now)
    )
    return taken == 1


def _holder_message(task: ReviewTask) -> str:
    assert task.claimed_by is not None and task.claimed_at is not None
    return _("%(user)s is deciding this task (taken at %(time)s). Take another one.") % {
        "user": task.claimed_by.get_username(),
        "time": time_format(timezone.localtime(task.claimed_at), "H:i"),
    }


def claim(*, actor: Actor, task_id: int) -> ReviewTask:
    """Take one task (opened from the list). Refused while another registrar holds it."""
    user = _user(actor)
    now = timezone.now()
    if not _take(user, task_id, now):
        task = ReviewTask.objects.select_related("claimed_by").get(pk=task_id)
        if task.status != ReviewStatus.OPEN:
            raise ReviewError(_("This task has already been decided."))
        raise ReviewError(_holder_message(task))
    return ReviewTask.objects.get(pk=task_id)


def release(*, actor: Actor, task_id: int) -> None:
    """Give a task back to the queue undecided (skipped)."""
    user = _user(actor)
    ReviewTask.objects.filter(pk=task_id, claimed_by=user, status=ReviewStatus.OPEN).update(
        claimed_by=None, claimed_at=None
    )


def _survivor(person: Person) -> Person:
    """A candidate merged since the task was made stands for the person it was merged into."""
    seen = set()
    while person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


@transaction.atomic
def decide(
    *, actor: Actor, task_id: int, decision: str, person_id: int | None = None
) -> ReviewTask:
    """Take a decision on a task this registrar holds (or that no one holds):

    - SAME: the record is `person_id`'s (one of the candidates, or any person found);
    - NEW: the record is someone not yet in the registry: a person is made from it;
    - DIFFERENT: it is none of the candidates, and says too little to make a person; the
      record stays in the registry unlinked, as evidence.
    """
    user = _user(actor)
    task = (
        ReviewTask.objects.select_for_update(of=("self",))
        .select_related("claimed_by", "person")
        .get(pk=task_id)
    )
    if task.status != ReviewStatus.OPEN:
        raise ReviewError(_("This task has already been decided."))
    now = timezone.now()
    held_by_other = (
        task.claimed_by_id not in (None, user.pk)
        and task.claimed_at is not None
        and task.claimed_at >= now - CLAIM_FOR
    )
    if held_by_other:
        raise ReviewError(_holder_message(task))
    if task.is_pair:
        return _decide_pair(user, task, decision, person_id, now)
    assert task.record_id is not None
    record = SourceRecord.objects.select_for_update().get(pk=task.record_id)
    person: Person | None = None
    if decision == ReviewDecision.SAME:
        found = Person.objects.filter(pk=person_id).first() if person_id else None
        if found is None:
            raise ReviewError(_("Choose the person this record is about."))
        person = _survivor(found)
    elif decision == ReviewDecision.NEW:
        person = _new_person(actor, task, record)
    elif decision != ReviewDecision.DIFFERENT:
        raise ReviewError(_("Unknown decision: %(decision)s.") % {"decision": decision})
    record.person = person
    record.save(update_fields=["person"])
    _close(task, decision, person, user, now)
    audit.record(
        actor=actor,
        action="review.decide",
        object_type="source_record",
        object_id=record.pk,
        object_repr=str(record),
        before={"person": None},
        after={
            "task": task.pk,
            "decision": decision,
            "person": person.pk if person else None,
            "candidates": [c["person_id"] for c in task.candidates],
            "best_probability": task.best_probability,
        },
    )
    return task


def _close(
    task: ReviewTask, decision: str, person: Person | None, user: User, now: dt.datetime
) -> None:
    task.status = ReviewStatus.DECIDED
    task.decision = decision
    task.decided_person = person
    task.decided_by = user
    task.decided_at = now
    task.save(update_fields=["status", "decision", "decided_person", "decided_by", "decided_at"])


def _decide_pair(
    user: User, task: ReviewTask, decision: str, person_id: int | None, now: dt.datetime
) -> ReviewTask:
    """A possible duplicate: SAME merges it into the candidate chosen, DIFFERENT keeps
    both (and the pair is not proposed again)."""
    assert task.person is not None
    survivor: Person | None = None
    if decision == ReviewDecision.SAME:
        if person_id not in [c["person_id"] for c in task.candidates]:
            raise ReviewError(_("Choose the person this record is about."))
        survivor = _survivor(Person.objects.get(pk=int(person_id or 0)))
        if task.person.merged_into_id is not None:
            raise ReviewError(
                _("%(case)s has already been merged into another person.")
                % {"case": task.person.case_number}
            )
        merging.merge_persons(
            actor=user,
            survivor_id=survivor.pk,
            absorbed_id=task.person.pk,
            reason=_("review task %(task)d") % {"task": task.pk},
        )
    elif decision != ReviewDecision.DIFFERENT:
        raise ReviewError(_("Two persons are either one person or two: choose which."))
    _close(task, decision, survivor, user, now)
    audit.record(
        actor=user,
        action="review.decide",
        object_type="person",
        object_id=task.person.pk,
        object_repr=str(task.person),
        after={
            "task": task.pk,
            "decision": decision,
            "merged_into": survivor.pk if survivor else None,
            "candidates": [c["person_id"] for c in task.candidates],
            "best_probability": task.best_probability,
        },
    )
    return task


def _new_person(actor: Actor, task: ReviewTask, record: SourceRecord) -> Person:
    if task.batch is None:
        raise ReviewError(_("Only a record from an imported list can make a new person."))
    ranks = {r.code: r for r in Rank.objects.all()}
    fields = person_fields(task.batch.side, task.batch.category, record.parsed, ranks)
    if not fields["given_name"]:
        raise ReviewError(
            _("The record gives no first name, so it cannot make a new person. Link it to a "
              "person, or mark it as none of these.")
        )  # fmt: skip
    try:
        return registry.create_person(actor=actor, fields=fields)
    except ValidationError as exc:
        raise ReviewError(exc.messages) from exc
