"""Merging two records of one person, and undoing it. Writes, so the same rules as
services.py: keyword-only actor, one transaction with its audit entry.

A merge moves the absorbed person's source records and status reports to the survivor
and marks the absorbed person `merged_into` the survivor; nothing is deleted and no field
of either person is rewritten (a registrar edits the survivor afterwards if the other
record knew better). `PersonMerge` keeps exactly what moved, so a split puts back that and
nothing else: both persons are then as they were before the merge, apart from whatever
was added to them since.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.apps.audit import services as audit
from homeward.apps.common.permissions import Actor, Perm, require
from homeward.apps.registry.models import Person, PersonMerge, SourceRecord, StatusEvent
from homeward.apps.registry.services import refresh_status


class MergeError(ValidationError):
    """The merge or split cannot be done; the message says why."""


def _require(actor: Actor) -> None:
    require(actor, Perm.MERGE_PERSON, refusal=_("You may not merge or split persons."))


def _locked(*pks: int) -> dict[int, Person]:
    # In id order, so that two merges of the same pair cannot deadlock.
    persons = Person.objects.locked().filter(pk__in=sorted(pks)).order_by("pk")
    found = {p.pk: p for p in persons}
    if len(found) != len(set(pks)):
        raise MergeError(_("One of the persons does not exist."))
    return found


def _bump(*persons: Person) -> None:
    for person in persons:
        person.version += 1
        Person.objects.filter(pk=person.pk).update(
            version=person.version, merged_into=person.merged_into, updated_at=timezone.now()
        )
        refresh_status(person)


@transaction.atomic
def merge_persons(
    *, actor: Actor, survivor_id: int, absorbed_id: int, reason: str = ""
) -> PersonMerge:
    """Make `absorbed` part of `survivor`. Refused for one person twice, a person already
    merged, or persons of different sides (one is never the other side's soldier)."""
    _require(actor)
    if survivor_id == absorbed_id:
        raise MergeError(_("A person cannot be merged with itself."))
    persons = _locked(survivor_id, absorbed_id)
    survivor, absorbed = persons[survivor_id], persons[absorbed_id]
    for person in (survivor, absorbed):
        if person.merged_into_id is not None:
            raise MergeError(
                _("%(case)s is already merged into another person; work with that one.")
                % {"case": person.case_number}
            )
    if survivor.side != absorbed.side:
        raise MergeError(_("Persons of different sides cannot be one person."))

    record_ids = sorted(absorbed.source_records.values_list("pk", flat=True))
    event_ids = sorted(absorbed.status_events.values_list("pk", flat=True))
    SourceRecord.objects.filter(pk__in=record_ids).update(person=survivor)
    StatusEvent.objects.filter(pk__in=event_ids).update(person=survivor)
    absorbed.merged_into = survivor
    status_before = {"survivor": survivor.current_status, "absorbed": absorbed.current_status}
    _bump(survivor, absorbed)
    merge = PersonMerge.objects.create(
        survivor=survivor,
        absorbed=absorbed,
        source_record_ids=record_ids,
        status_event_ids=event_ids,
        reason=reason.strip(),
        merged_by=actor if isinstance(actor, User) else None,
    )
    moved = {"source_records": record_ids, "status_events": event_ids, "reason": merge.reason}
    audit.record_many(
        actor=actor,
        changes=[
            audit.Change(
                "person.merge",
                "person",
                survivor.pk,
                str(survivor),
                before={"current_status": status_before["survivor"]},
                after={
                    "merge": merge.pk,
                    "absorbed": absorbed.pk,
                    **moved,
                    "current_status": survivor.current_status,
                },
            ),
            audit.Change(
                "person.merged_into",
                "person",
                absorbed.pk,
                str(absorbed),
                before={"merged_into": None, "current_status": status_before["absorbed"]},
                after={
                    "merge": merge.pk,
                    "merged_into": survivor.pk,
                    **moved,
                    "current_status": absorbed.current_status,
                },
            ),
        ],
    )
    return merge


@transaction.atomic
def split_merge(*, actor: Actor, merge_id: int, reason: str = "") -> PersonMerge:
    """Undo a merge: the records and reports that moved go back, the absorbed person is a
    person of their own again. Refused when the survivor has itself been merged since (split
    that merge first) or when a moved record has been moved again."""
    _require(actor)
    merge: PersonMerge | None = PersonMerge.objects.select_for_update().filter(pk=merge_id).first()
    if merge is None:
        raise MergeError(_("There is no such merge."))
    if not merge.active:
        raise MergeError(_("This merge has already been split."))
    persons = _locked(merge.survivor_id, merge.absorbed_id)
    survivor, absorbed = persons[merge.survivor_id], persons[merge.absorbed_id]
    if survivor.merged_into_id is not None:
        raise MergeError(
            _("%(case)s has since been merged into another person: split that merge first.")
            % {"case": survivor.case_number}
        )
    records = SourceRecord.objects.filter(pk__in=merge.source_record_ids, person=survivor)
    events = StatusEvent.objects.filter(pk__in=merge.status_event_ids, person=survivor)
    if records.count() != len(merge.source_record_ids) or events.count() != len(
        merge.status_event_ids
    ):
        raise MergeError(
            _("Some of the records this merge moved are no longer with %(case)s.")
            % {"case": survivor.case_number}
        )
    records.update(person=absorbed)
    events.update(person=absorbed)
    absorbed.merged_into = None
    status_before = {"survivor": survivor.current_status, "absorbed": absorbed.current_status}
    _bump(survivor, absorbed)
    merge.split_by = actor if isinstance(actor, User) else None
    merge.split_at = timezone.now()
    merge.split_reason = reason.strip()
    merge.save(update_fields=["split_by", "split_at", "split_reason"])
    moved = {
        "source_records": merge.source_record_ids,
        "status_events": merge.status_event_ids,
        "reason": merge.split_reason,
    }
    audit.record_many(
        actor=actor,
        changes=[
            audit.Change(
                "person.split",
                "person",
                survivor.pk,
                str(survivor),
                before={"current_status": status_before["survivor"]},
                after={
                    "merge": merge.pk,
                    "restored": absorbed.pk,
                    **moved,
                    "current_status": survivor.current_status,
                },
            ),
            audit.Change(
                "person.split_from",
                "person",
                absorbed.pk,
                str(absorbed),
                before={"merged_into": survivor.pk, "current_status": status_before["absorbed"]},
                after={
                    "merge": merge.pk,
                    "merged_into": None,
                    **moved,
                    "current_status": absorbed.current_status,
                },
            ),
        ],
    )
    return merge
