"""Every write to the registry. One function per state change, keyword-only `actor`, one
transaction that also appends the audit entry. Views, the API, commands and jobs all call
these, so nothing escapes the audit trail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.apps.audit import services as audit
from homeward.apps.common import bulk_insert as bulk
from homeward.apps.common.permissions import Actor, Perm
from homeward.apps.registry.errors import ConcurrentEditError
from homeward.apps.registry.models import (
    CaseCounter,
    Person,
    PersonGroup,
    Source,
    SourceRecord,
    StatusEvent,
)
from homeward.apps.registry.snapshots import snapshot
from homeward.apps.registry.verbatim import verbatim_problem
from homeward.core.case_numbers import format_case_number
from homeward.core.dates import EARLIEST_YEAR, PartialDate, Precision
from homeward.core.names import kmu2010, normalize_text, search_text
from homeward.core.ranks import normalize_service_number
from homeward.core.sensitivity import MEDICAL_FIELDS
from homeward.core.status import (
    NEEDS_CONFIRMATION,
    EventFacts,
    Reliability,
    Side,
    Status,
    allowed_statuses,
    derive_status,
)

NAME_FIELDS = ("surname", "given_name", "patronymic", "father_name", "mother_maiden_name")


def _next_case_number(year: int) -> str:
    counter, _ = CaseCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_case_number(year, counter.last)


def _derive_fields(person: Person) -> None:
    """Everything the registry keeps derived: normal spellings, Latin forms, search keys,
    the service number's one spelling, the rank category."""
    for field in NAME_FIELDS:
        setattr(person, field, normalize_text(getattr(person, field)))
    person.other_spellings = [
        s for s in dict.fromkeys(normalize_text(s) for s in person.other_spellings) if s
    ]
    # Stored in one form so a lookup is an exact, indexed match: " ua-123 " is UA-123.
    person.service_number = normalize_service_number(person.service_number)
    person.surname_latin = kmu2010(person.surname)
    person.given_name_latin = kmu2010(person.given_name)
    person.patronymic_latin = kmu2010(person.patronymic)
    spellings = [person.surname, person.given_name, person.patronymic, *person.other_spellings]
    person.search_text = search_text(spellings)
    # The rank decides the category: an officer can never be counted among privates.
    if person.rank is not None:
        person.rank_category = person.rank.category
    elif not person.rank_category and person.category == "civilian":
        person.rank_category = "civilian"


def _validate(person: Person) -> None:
    errors: dict[str, list[str]] = {}
    try:
        person.full_clean(exclude=["case_number"])  # given on the first save
    except ValidationError as exc:
        errors.update(exc.message_dict)
    today = timezone.localdate()
    if person.birth_date and person.birth_date > today:
        errors.setdefault("birth_date", []).append(_("The date of birth is in the future."))
    if person.capture_date and person.capture_date > today:
        errors.setdefault("capture_date", []).append(_("The date of capture is in the future."))
    # With partial dates, compare the periods: capture in "1990" may follow birth on 21.03.1990.
    if person.birth_date and person.capture_date and person.captured.last_day < person.birth_date:
        errors.setdefault("capture_date", []).append(
            _("The date of capture is before the date of birth.")
        )
    for field in ("birth_date", "capture_date"):
        has_date = getattr(person, field) is not None
        known = getattr(person, f"{field}_precision") != "unknown"
        if has_date != known:
            errors.setdefault(f"{field}_precision", []).append(
                _("Give a precision exactly when a date is given.")
            )
    for field in ("birth_date", "capture_date"):
        value = getattr(person, field)
        if value is not None and value.year < EARLIEST_YEAR:
            errors.setdefault(field, []).append(
                _("The year is before %(year)d: check it.") % {"year": EARLIEST_YEAR}
            )
    if person.side == "own":
        if person.legal_hold:
            errors.setdefault("legal_hold", []).append(
                _("A legal hold applies only to persons we hold.")
            )
        if person.exchange_consent != "unknown":
            errors.setdefault("exchange_consent", []).append(
                _("Consent to the exchange is asked only of persons we hold.")
            )
    if errors:
        raise ValidationError(errors)


def _set_groups(person: Person, groups: Iterable[PersonGroup] | None) -> None:
    if groups is not None:
        person.groups.set(list(groups))


MAY_EDIT = Perm.CHANGE_PERSON
MAY_WRITE_MEDICAL = Perm.VIEW_MEDICAL  # the medical role's right


def _require_medical_right(
    actor: Actor, before: Mapping[str, Any], fields: Mapping[str, Any]
) -> None:
    """Medical fields are written by the medical role alone, whoever calls the service:
    a form or serializer that leaves them out is not the only guard."""
    touched = [f for f in MEDICAL_FIELDS if f in fields and fields[f] != before.get(f, "")]
    if touched and not (actor is not None and actor.has_perm(MAY_WRITE_MEDICAL)):
        raise PermissionDenied(_("Only the medical role writes medical notes."))


@transaction.atomic
def create_person(
    *, actor: Actor, fields: Mapping[str, Any], groups: Iterable[PersonGroup] | None = None
) -> Person:
    _require_medical_right(actor, {}, fields)
    person = Person(**fields)
    _derive_fields(person)
    _validate(person)
    person.case_number = _next_case_number(timezone.localdate().year)
    person.save(force_insert=True)
    _set_groups(person, groups)
    audit.record(
        actor=actor,
        action="person.create",
        object_type="person",
        object_id=person.pk,
        object_repr=str(person),
        after=snapshot(person),
    )
    return person


def _next_case_numbers(year: int, count: int) -> list[str]:
    counter, _ = CaseCounter.objects.select_for_update().get_or_create(year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [format_case_number(year, n) for n in range(first, counter.last + 1)]


class PersonRowError(ValidationError):
    """The fields of one of many new persons are invalid; `index` says which."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error.message_dict)
        self.index = index


def check_persons(*, actor: Actor, rows: Sequence[Mapping[str, Any]]) -> list[Person]:
    """New persons from `rows`, checked and with their derived fields, not yet saved: the
    first half of `create_persons`, which a caller writing many rows does before its
    transaction so that the checks hold no lock. Raises PersonRowError for the first
    invalid row."""
    persons = []
    for index, fields in enumerate(rows):
        _require_medical_right(actor, {}, fields)
        person = Person(**fields)
        _derive_fields(person)
        try:
            _validate(person)
        except ValidationError as exc:
            raise PersonRowError(index, exc) from exc
        persons.append(person)
    return persons


def insert_persons(
    persons: bulk.Prepared, note: Mapping[str, Any] | None = None
) -> list[audit.Change]:
    """Save persons from `check_persons`, prepared (`bulk_insert.prepare`), with one block
    of case numbers, and return their audit entries, which the caller records in the same
    transaction. An import records them at its end, with its own, so that the audit
    chain's lock is held for a moment and not through all of its inserts (ADR 42)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("insert_persons must run inside the caller's transaction")
    if not persons.objects:
        return []
    numbers = _next_case_numbers(timezone.localdate().year, len(persons.objects))
    people = [p for p in persons.objects if isinstance(p, Person)]
    column = [f.name for f in persons.fields].index("case_number")
    for person, row, number in zip(people, persons.rows, numbers, strict=True):
        person.case_number = row[column] = number
    bulk.insert(persons)
    return [
        audit.Change(
            "person.create",
            "person",
            person.pk,
            str(person),
            after={**snapshot(person, exclude=("groups",)), **(note or {})},
        )
        for person in people
    ]


@transaction.atomic
def create_persons(
    *, actor: Actor, rows: Sequence[Mapping[str, Any]], note: Mapping[str, Any] | None = None
) -> list[Person]:
    """Create many persons at once: the checks and derived fields of `create_person` for
    each, one block of case numbers, a few statements in all. Each person gets its own
    audit entry; `note` is added to every entry (what created them)."""
    persons = check_persons(actor=actor, rows=rows)
    audit.record_many(actor=actor, changes=insert_persons(bulk.prepare(persons), note))
    return persons


@transaction.atomic
def update_person(
    *,
    actor: Actor,
    person_id: int,
    expected_version: int,
    fields: Mapping[str, Any],
    groups: Iterable[PersonGroup] | None = None,
) -> Person:
    """Apply an edit made on version `expected_version`; refuse it if someone saved since.
    Needs the right to edit persons, and the medical role's to change medical notes; an
    operator's command (no actor) is trusted with the first."""
    if actor is not None and not actor.has_perm(MAY_EDIT):
        raise PermissionDenied
    person = Person.objects.locked().get(pk=person_id)
    _require_medical_right(actor, {f: getattr(person, f) for f in MEDICAL_FIELDS}, fields)
    if person.version != expected_version:
        raise ConcurrentEditError(person.case_number, expected_version, person.version)
    _refuse_merged(person)
    before = snapshot(person)
    for name, value in fields.items():
        setattr(person, name, value)
    _derive_fields(person)
    _validate(person)
    person.version += 1
    person.save()
    _set_groups(person, groups)
    old, new = audit.changed_fields(before, snapshot(person))
    audit.record(
        actor=actor,
        action="person.update",
        object_type="person",
        object_id=person.pk,
        object_repr=str(person),
        before=old,
        after=new,
    )
    return person


def _refuse_merged(person: Person | None) -> None:
    if person is not None and person.merged_into_id is not None:
        raise ValidationError(
            _("%(case)s has been merged into another person: add this there.")
            % {"case": person.case_number}
        )


def refresh_status(person: Person) -> None:
    events = [
        EventFacts(
            id=e.pk,
            status=Status(e.status),
            effective_date=e.effective_date,
            reliability=Reliability(e.reliability),
            recorded_at=e.recorded_at,
            confirmed=e.confirmed_by_id is not None,
            precision=Precision(e.effective_precision),
        )
        for e in person.status_events.all()
    ]
    derived = derive_status(events)
    person.current_status = derived.status.value if derived.status else ""
    person.status_conflict = bool(derived.conflicting_event_ids)
    Person.objects.filter(pk=person.pk).update(
        current_status=person.current_status, status_conflict=person.status_conflict
    )


@transaction.atomic
def add_status_event(
    *,
    actor: Actor,
    person: Person,
    status: str,
    effective: PartialDate,
    reliability: str | None = None,
    source_record: SourceRecord | None = None,
    document: str = "",
    note: str = "",
) -> StatusEvent:
    """Append a report of the person's status with its evidence (a source record or a
    document). A report of death is recorded but counts only once confirmed."""
    person = Person.objects.locked().get(pk=person.pk)
    _refuse_merged(person)
    errors: dict[str, list[str]] = {}
    if Status(status) not in allowed_statuses(Side(person.side)):
        errors["status"] = [_("This status does not apply to persons on this side.")]
    if source_record is None and not document.strip():
        errors["document"] = [_("Give the evidence: a source record or a document reference.")]
    if source_record is not None and source_record.person_id not in (None, person.pk):
        errors["source_record"] = [_("This source record belongs to another person.")]
    if effective.value is None:
        errors["effective_date"] = [_("Give the date the status took effect.")]
    elif effective.value > timezone.localdate():
        errors["effective_date"] = [_("The effective date is in the future.")]
    if errors or effective.value is None:
        raise ValidationError(errors)
    if reliability is None:
        reliability = source_record.source.reliability if source_record else Reliability.F.value
    status_before = person.current_status
    event = StatusEvent.objects.create(
        person=person,
        status=status,
        effective_date=effective.value,
        effective_precision=effective.precision.value,
        reliability=reliability,
        source_record=source_record,
        document=document.strip(),
        note=note.strip(),
        recorded_by=actor if isinstance(actor, User) else None,
    )
    refresh_status(person)
    audit.record(
        actor=actor,
        action="status.add",
        object_type="person",
        object_id=person.pk,
        object_repr=str(person),
        before={"current_status": status_before},
        after={**snapshot(event), "current_status": person.current_status},
    )
    return event


@transaction.atomic
def confirm_status_event(*, actor: Actor, event_id: int) -> StatusEvent:
    """A second person with the confirming role confirms a report that needs it."""
    if not isinstance(actor, User) or not actor.has_perm("registry.confirm_status"):
        raise PermissionDenied(_("Only a user with the confirming role can confirm this report."))
    event: StatusEvent = (
        StatusEvent.objects.select_for_update().select_related("person").get(pk=event_id)
    )
    if Status(event.status) not in NEEDS_CONFIRMATION:
        raise ValidationError(_("This report does not need confirmation."))
    if event.confirmed_by_id is not None:
        raise ValidationError(_("This report is already confirmed."))
    if event.recorded_by_id == actor.pk:
        raise ValidationError(_("A report must be confirmed by someone other than who entered it."))
    status_before = event.person.current_status
    event.confirmed_by = actor
    event.confirmed_at = timezone.now()
    StatusEvent.objects.filter(pk=event.pk).update(
        confirmed_by=actor, confirmed_at=event.confirmed_at
    )
    refresh_status(event.person)
    audit.record(
        actor=actor,
        action="status.confirm",
        object_type="person",
        object_id=event.person_id,
        object_repr=str(event.person),
        before={"current_status": status_before},
        after={"event": event.pk, "current_status": event.person.current_status},
    )
    return event


@transaction.atomic
def create_source(
    *, actor: Actor, kind: str, name: str, reliability: str = "F", notes: str = ""
) -> Source:
    source = Source(kind=kind, name=name.strip(), reliability=reliability, notes=notes)
    source.full_clean()
    source.save()
    audit.record(
        actor=actor,
        action="source.create",
        object_type="source",
        object_id=source.pk,
        object_repr=str(source),
        after=snapshot(source),
    )
    return source


@transaction.atomic
def add_source_record(
    *,
    actor: Actor,
    source: Source,
    raw: Mapping[str, Any],
    parsed: Mapping[str, Any] | None = None,
    external_id: str = "",
    person: Person | None = None,
) -> SourceRecord:
    _refuse_merged(person)
    errors: dict[str, list[str]] = {}
    if not raw:
        errors["raw"] = [_("A source record keeps what was received: it is empty.")]
    for name, value in (("raw", raw), ("parsed", parsed or {})):
        problem = verbatim_problem(value)
        if problem and name not in errors:
            errors[name] = [problem]
    if errors:
        raise ValidationError(errors)
    record = SourceRecord.objects.create(
        source=source,
        raw=dict(raw),
        parsed=dict(parsed or {}),
        external_id=external_id,
        person=person,
        entered_by=actor if isinstance(actor, User) else None,
    )
    audit.record(
        actor=actor,
        action="source_record.add",
        object_type="source_record",
        object_id=record.pk,
        object_repr=str(record),
        after=snapshot(record),
    )
    return record
