"""Every write of the exchange lists. Our two lists (our request, our offer) are built by
officers in drafts; the other side's two lists (their offer, their request) arrive as files
and are verified against the registry. Each version is a whole copy of the list; each
change (added, removed, substituted) is kept with who made it and when, and audited in the
same transaction. Agreeing a version puts its persons on the exchange list (status
ON_EXCHANGE_LIST) through the registry's services.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from homeward.apps.audit import services as audit
from homeward.apps.common.messages import translate
from homeward.apps.common.permissions import Actor
from homeward.apps.exchanges import list_selectors, verification
from homeward.apps.exchanges.choices import (
    AgreementStatusChoice,
    ChangeChoice,
    ListKindChoice,
    VerdictChoice,
    VersionStateChoice,
)
from homeward.apps.exchanges.models import (
    Agreement,
    ExchangeList,
    ListChange,
    ListEntry,
    ListVersion,
)
from homeward.apps.exchanges.services import (
    ExchangeError,
    category_of,
    held_back,
    require_officer,
)
from homeward.apps.intake.models import ImportBatch, ImportStatus
from homeward.apps.intake.services import ImportError_, read_list
from homeward.apps.registry import services as registry
from homeward.apps.registry.models import Person
from homeward.core.dates import PartialDate, Precision
from homeward.core.exchanges.lists import LEFT_CAPTIVITY, Consent, ListKind, Verdict
from homeward.core.status import Reliability, Side, Status
from homeward.core.tabular import RowProblem

# Problems of the other side's file named one by one before "and N more".
SHOWN_PROBLEMS = 20


def _list(agreement: Agreement, kind: ListKind) -> ExchangeList:
    found, _created = ExchangeList.objects.get_or_create(agreement=agreement, kind=kind.value)
    return ExchangeList.objects.select_for_update().get(pk=found.pk)


def _open_agreement(agreement: Agreement) -> None:
    if agreement.status in (AgreementStatusChoice.COMPLETED, AgreementStatusChoice.SUSPENDED):
        raise ExchangeError(_("The agreement is %(status)s: its lists can no longer change.")
                            % {"status": agreement.get_status_display().lower()})  # fmt: skip


def _latest(exchange_list: ExchangeList) -> ListVersion | None:
    return exchange_list.versions.order_by("-number").first()


def _next_number(exchange_list: ExchangeList) -> int:
    return (exchange_list.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def kind_of(version: ListVersion) -> ListKind:
    return ListKind(version.exchange_list.kind)


def label_of(kind: ListKind) -> str:
    return str(ListKindChoice(kind.value).label)


def _audit_version(user: User, action: str, version: ListVersion, **after: object) -> None:
    audit.record(
        actor=user, action=action, object_type="list_version", object_id=version.pk,
        object_repr=str(version), after={"state": version.state, **after},
    )  # fmt: skip


@transaction.atomic
def start_version(*, actor: Actor, agreement: Agreement, kind: str, note: str = "") -> ListVersion:
    """A new draft of one of our lists: a copy of its latest version (empty for the first).
    One draft at a time."""
    user = require_officer(actor)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _open_agreement(agreement)
    list_kind = ListKind(kind)
    if list_kind.from_other_side:
        raise ExchangeError(_("%(list)s comes from the other side: load their file instead.")
                            % {"list": label_of(list_kind)})  # fmt: skip
    exchange_list = _list(agreement, list_kind)
    latest = _latest(exchange_list)
    if latest is not None and latest.state == VersionStateChoice.DRAFT:
        raise ExchangeError(_("Version %(number)d is still a draft: change it, or submit it "
                              "first.") % {"number": latest.number})  # fmt: skip
    version = ListVersion.objects.create(
        exchange_list=exchange_list, number=_next_number(exchange_list), created_by=user,
        note=note.strip(),
    )  # fmt: skip
    if latest is not None:
        copies = [
            ListEntry(version=version, person_id=e.person_id, category=e.category,
                      priority=e.priority, replaces_id=e.replaces_id, added_by_id=e.added_by_id,
                      added_at=e.added_at)
            for e in latest.entries.all()
        ]  # fmt: skip
        ListEntry.objects.bulk_create(copies)
    _audit_version(user, "list.version", version, copied_from=latest.number if latest else None)
    return version


def _version_words(version: ListVersion) -> dict[str, object]:
    return {"number": version.number, "state": version.get_state_display().lower()}


def _draft(user: User, version_id: int) -> ListVersion:
    version = (
        ListVersion.objects.select_for_update()
        .select_related("exchange_list__agreement")
        .get(pk=version_id)
    )
    if version.state != VersionStateChoice.DRAFT:
        raise ExchangeError(
            _("Version %(number)d is %(state)s: start a new version to change the list.")
            % _version_words(version)
        )
    _open_agreement(version.exchange_list.agreement)
    return version


def _why_not(person: Person, side: Side, listed: set[int]) -> str | None:
    """Why the person cannot be put on a list of this side, or None."""
    name = f"{person} ({person.case_number})"
    if person.merged_into_id is not None:
        return _("%(person)s was merged into another person; list the one that stands for "
                 "both.") % {"person": name}  # fmt: skip
    if person.side != side.value:
        return (_("%(person)s is not one of ours: this list names our people.")
                if side is Side.OWN else
                _("%(person)s is not held by us: this list names persons we hold.")) % {
            "person": name}  # fmt: skip
    if person.pk in listed:
        return _("%(person)s is already on this list.") % {"person": name}
    if person.current_status in LEFT_CAPTIVITY:
        status = person.get_current_status_display().lower() or "—"
        return _("%(person)s is %(status)s: not in captivity.") % {
            "person": name, "status": status}  # fmt: skip
    return held_back(person)


def _new_entries(
    user: User, version: ListVersion, persons: Sequence[Person], category: str | None,
    priority: int, reason: str,
) -> list[ListEntry]:  # fmt: skip
    now = timezone.now()
    entries = ListEntry.objects.bulk_create([
        ListEntry(version=version, person=p, category=category_of(p, category), priority=priority,
                  added_by=user, added_at=now)
        for p in persons
    ])  # fmt: skip
    ListChange.objects.bulk_create([
        ListChange(version=version, action=ChangeChoice.ADDED, person=p, reason=reason,
                   actor=user, at=now)
        for p in persons
    ])  # fmt: skip
    return entries


def _listed(version: ListVersion) -> set[int]:
    return set(version.entries.exclude(person=None).values_list("person_id", flat=True))


@transaction.atomic
def add_persons(
    *,
    actor: Actor,
    version_id: int,
    persons: Iterable[Person],
    category: str | None = None,
    priority: int = 0,
    reason: str = "",
) -> list[ListEntry]:
    """Put persons on a draft of our list. All or none: a person of the wrong side, one no
    longer in captivity, one already listed, under a legal hold or refusing repatriation
    refuses the whole call, naming who and why."""
    user = require_officer(actor)
    version = _draft(user, version_id)
    side = kind_of(version).side
    ids = [p.pk for p in persons]
    locked = {p.pk: p for p in Person.objects.locked().filter(pk__in=ids)}
    listed = _listed(version)
    problems, chosen = [], []
    for pk in ids:
        person = locked[pk]
        if problem := _why_not(person, side, listed):
            problems.append(problem)
        listed.add(pk)
        chosen.append(person)
    if problems:
        raise ExchangeError(problems)
    entries = _new_entries(user, version, chosen, category, priority, reason.strip())
    _audit_version(user, "list.add", version, added=sorted(ids), priority=priority,
                   reason=reason.strip())  # fmt: skip
    return entries


@dataclass
class CriteriaResult:
    added: list[ListEntry]
    skipped: dict[str, int] = field(default_factory=dict)  # reason → persons


@transaction.atomic
def add_by_criteria(
    *,
    actor: Actor,
    version_id: int,
    criteria: list_selectors.Criteria,
    priority: int = 0,
    reason: str = "",
) -> CriteriaResult:
    """Put on a draft of our list every person of its side, still in captivity, who fits
    the criteria. Those already listed, under a legal hold or refusing repatriation are
    left out and counted."""
    user = require_officer(actor)
    version = _draft(user, version_id)
    side = kind_of(version).side
    listed = _listed(version)
    fitting = list(list_selectors.persons_by_criteria(user, side, criteria).order_by("pk"))
    skipped: Counter[str] = Counter()
    chosen = []
    for person in fitting:
        if person.pk in listed:
            skipped[_("already on the list")] += 1
        elif person.legal_hold:
            skipped[_("legal hold (Art. 119)")] += 1
        elif person.exchange_consent == Consent.REFUSES:
            skipped[_("refuses repatriation (Art. 109)")] += 1
        else:
            chosen.append(person)
            listed.add(person.pk)
    text = reason.strip() or _("by criteria")
    entries = _new_entries(user, version, chosen, None, priority, text)
    _audit_version(
        user, "list.add", version, added=[p.pk for p in chosen], priority=priority,
        reason=text, criteria=_criteria_json(criteria), skipped=dict(skipped),
    )  # fmt: skip
    return CriteriaResult(entries, dict(skipped))


@transaction.atomic
def add_from_import(
    *, actor: Actor, version_id: int, batch_id: int, priority: int = 0, reason: str = ""
) -> CriteriaResult:
    """Put on a draft of our list the persons a finished import of a list linked or created
    (a unit's report, a list the families' association sent): the file went through intake,
    its uncertain rows through the review queue. Those who cannot be listed are left out
    and counted by reason, as with criteria."""
    user = require_officer(actor)
    version = _draft(user, version_id)
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise ExchangeError(_("Choose an import."))
    if batch.status != ImportStatus.DONE:
        raise ExchangeError(_("The import of %(file)s is not finished: confirm it, or wait for "
                              "it, first.") % {"file": batch.file_name})  # fmt: skip
    side = kind_of(version).side
    listed = _listed(version)
    skipped: Counter[str] = Counter()
    chosen: list[Person] = []
    records = batch.records.select_related("record__person__merged_into").order_by("row")
    for imported in records:
        person = imported.record.person
        if person is None:
            skipped[_("still in review")] += 1
            continue
        person = person.merged_into or person
        if person.pk in listed:
            skipped[_("already on the list")] += 1
        elif _why_not(person, side, listed) is not None:
            skipped[_reason_word(person, side)] += 1
        else:
            chosen.append(person)
            listed.add(person.pk)
    text = reason.strip() or _("from the import of %(file)s") % {"file": batch.file_name}
    entries = _new_entries(user, version, chosen, None, priority, text[:300])
    _audit_version(user, "list.add", version, added=[p.pk for p in chosen], priority=priority,
                   reason=text, import_batch=batch.pk, skipped=dict(skipped))  # fmt: skip
    return CriteriaResult(entries, dict(skipped))


def _reason_word(person: Person, side: Side) -> str:
    """Why a person of an import is left out, in a word for the count."""
    if person.side != side.value:
        return _("of the other side")
    if person.current_status in LEFT_CAPTIVITY:
        return _("not in captivity")
    if person.legal_hold:
        return _("legal hold (Art. 119)")
    return _("refuses repatriation (Art. 109)")


def _criteria_json(criteria: list_selectors.Criteria) -> dict[str, object]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(criteria).items()
            if v not in ((), "", None)}  # fmt: skip


@transaction.atomic
def remove_entries(
    *, actor: Actor, version_id: int, entry_ids: Iterable[int], reason: str = ""
) -> int:
    """Take entries off a draft of our list."""
    user = require_officer(actor)
    version = _draft(user, version_id)
    entries = list(version.entries.filter(pk__in=list(entry_ids)).select_related("person"))
    if not entries:
        raise ExchangeError(_("Choose the persons to take off the list."))
    now = timezone.now()
    ListChange.objects.bulk_create([
        ListChange(version=version, action=ChangeChoice.REMOVED, person=e.person,
                   reason=reason.strip(), actor=user, at=now)
        for e in entries
    ])  # fmt: skip
    removed = sorted(e.person_id for e in entries if e.person_id)
    ListEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
    _audit_version(user, "list.remove", version, removed=removed, reason=reason.strip())
    return len(entries)


@transaction.atomic
def substitute(
    *, actor: Actor, version_id: int, entry_id: int, person: Person, reason: str = ""
) -> ListEntry:
    """Put `person` on a draft of our list in place of an entry's person (same priority and
    category)."""
    user = require_officer(actor)
    version = _draft(user, version_id)
    entry = version.entries.select_related("person").filter(pk=entry_id).first()
    if entry is None:
        raise ExchangeError(_("Choose the person to replace."))
    replacement = Person.objects.locked().get(pk=person.pk)
    if problem := _why_not(replacement, kind_of(version).side, _listed(version)):
        raise ExchangeError(problem)
    replaced = entry.person
    entry.person, entry.replaces = replacement, replaced
    entry.added_by, entry.added_at = user, timezone.now()
    entry.save(update_fields=["person", "replaces", "added_by", "added_at"])
    ListChange.objects.create(
        version=version, action=ChangeChoice.SUBSTITUTED, person=replacement, replaced=replaced,
        reason=reason.strip(), actor=user, at=entry.added_at,
    )  # fmt: skip
    _audit_version(user, "list.substitute", version, person=replacement.pk,
                   replaced=replaced.pk if replaced else None, reason=reason.strip())  # fmt: skip
    return entry


@transaction.atomic
def submit_version(*, actor: Actor, version_id: int) -> ListVersion:
    """A draft goes to the other side: it no longer changes."""
    user = require_officer(actor)
    version = _draft(user, version_id)
    if not version.entries.exists():
        raise ExchangeError(_("The list is empty: put persons on it first."))
    version.state = VersionStateChoice.SUBMITTED
    version.submitted_by, version.submitted_at = user, timezone.now()
    version.save(update_fields=["state", "submitted_by", "submitted_at"])
    _audit_version(user, "list.submit", version)
    return version


def _evidence(version: ListVersion, day: dt.date) -> str:
    """The status report's document, in the registry's language (see services._evidence)."""
    with override(settings.LANGUAGE_CODE):
        return _("Exchange “%(agreement)s”, list “%(list)s”, version %(number)d agreed on "
                 "%(date)s") % {
            "agreement": version.exchange_list.agreement.title,
            "list": label_of(kind_of(version)),
            "number": version.number,
            "date": date_format(day, "SHORT_DATE_FORMAT"),
        }  # fmt: skip


@transaction.atomic
def agree_version(*, actor: Actor, version_id: int, on: dt.date | None = None) -> ListVersion:
    """Both sides accept a submitted version (today, or on the day `on` they did). Entries
    the registry could not settle (possible matches) must be decided first. Every listed
    person still in captivity goes on the exchange list (ON_EXCHANGE_LIST) from that day,
    the version as evidence."""
    user = require_officer(actor)
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ExchangeError(_("The day of the agreement is in the future."))
    version = (
        ListVersion.objects.select_for_update()
        .select_related("exchange_list__agreement")
        .get(pk=version_id)
    )
    _open_agreement(version.exchange_list.agreement)
    if version.state != VersionStateChoice.SUBMITTED:
        raise ExchangeError(
            _("Only a submitted version can be agreed; version %(number)d is %(state)s.")
            % _version_words(version)
        )
    undecided = version.entries.filter(verdict=VerdictChoice.POSSIBLE).count()
    if undecided:
        raise ExchangeError(_("%(count)d entries are possible matches: confirm the person or "
                              "mark them unknown first.") % {"count": undecided})  # fmt: skip
    version.state = VersionStateChoice.AGREED
    version.agreed_by, version.agreed_at = user, timezone.now()
    version.save(update_fields=["state", "agreed_by", "agreed_at"])
    persons = (
        Person.objects.filter(
            pk__in=version.entries.exclude(person=None).values("person_id"),
            merged_into__isnull=True,
        )
        .exclude(current_status__in=[*LEFT_CAPTIVITY, Status.ON_EXCHANGE_LIST])
        .order_by("pk")
    )
    effective = PartialDate(day, Precision.DAY)
    document = _evidence(version, day)
    listed = []
    for person in persons:
        registry.add_status_event(
            actor=user, person=person, status=Status.ON_EXCHANGE_LIST.value, effective=effective,
            reliability=Reliability.A.value, document=document,
        )  # fmt: skip
        listed.append(person.pk)
    _audit_version(user, "list.agree", version, on_exchange_list=listed)
    return version


@transaction.atomic
def decide_entry(
    *, actor: Actor, entry_id: int, person: Person | None, note: str = ""
) -> ListEntry:
    """An officer settles an entry of the other side's list: it is `person` (the
    candidate, or another found by hand), or nobody we know (None)."""
    user = require_officer(actor)
    # Only the entry's row is locked: its person may be none (PostgreSQL cannot lock the
    # empty side of an outer join).
    entry = ListEntry.objects.select_for_update(of=("self",)).select_related(
        "version__exchange_list__agreement", "person").get(pk=entry_id)  # fmt: skip
    version = entry.version
    _open_agreement(version.exchange_list.agreement)
    kind = kind_of(version)
    if not kind.from_other_side:
        raise ExchangeError(_("Only entries of the other side's lists are verified."))
    if version.state == VersionStateChoice.AGREED:
        raise ExchangeError(_("Version %(number)d is agreed: its entries are final.")
                            % {"number": version.number})  # fmt: skip
    before = {"person": entry.person_id, "verdict": entry.verdict}
    if person is not None:
        chosen = Person.objects.get(pk=person.pk)
        if chosen.side != kind.side.value or chosen.merged_into_id is not None:
            raise ExchangeError(_("%(person)s cannot stand for this entry: choose a person of "
                                  "the list's side who was not merged.")
                                % {"person": chosen})  # fmt: skip
        if chosen.pk != entry.person_id:
            entry.contributions, entry.probability = [], None
        entry.person, entry.verdict = chosen, Verdict.CONFIRMED.value
    else:
        entry.person, entry.verdict = None, Verdict.UNKNOWN.value
        entry.contributions, entry.probability = [], None
    entry.save(update_fields=["person", "verdict", "contributions", "probability"])
    audit.record(
        actor=user, action="list.decide", object_type="list_entry", object_id=entry.pk,
        object_repr=str(entry), before=before,
        after={"person": entry.person_id, "verdict": entry.verdict, "note": note.strip()},
    )  # fmt: skip
    return entry


def _problems_text(file_name: str, problems: Sequence[RowProblem]) -> list[str]:
    lines = []
    for p in problems[:SHOWN_PROBLEMS]:
        lines.append(_("%(file)s, row %(row)d, column “%(column)s”: %(problem)s.") % {
            "file": file_name, "row": p.row, "column": p.column or "—",
            "problem": translate(p.reason),
        })  # fmt: skip
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(_("… and %(count)d more.") % {"count": len(problems) - SHOWN_PROBLEMS})
    lines.append(_("Nothing was loaded. Correct these rows (or ask the other side for a "
                   "corrected list) and load the file again."))  # fmt: skip
    return lines


def _key(person_id: int | None, written_name: str) -> tuple[int, str]:
    return (person_id, "") if person_id is not None else (0, written_name)


def load_their_list(
    *,
    actor: Actor,
    agreement: Agreement,
    kind: str,
    file_name: str,
    content: bytes,
    mapping: Mapping[str, str] | None = None,
    note: str = "",
    default_category: str = "military",
) -> ListVersion:
    """A list received from the other side becomes the next (submitted) version of their
    offer or request, every entry matched against the registry and checked. An entry's
    category is its person's (civilian or military), `default_category` for entries
    unknown to us. A file with unreadable rows is refused as a whole, naming each row, and
    nothing is kept.

    The file is read and verified before the transaction that keeps the version: matching
    takes seconds on a large registry, and SQLite would hold every other writer back for as
    long."""
    user = require_officer(actor)
    _open_agreement(agreement)
    list_kind = ListKind(kind)
    if not list_kind.from_other_side:
        raise ExchangeError(_("%(list)s is ours: build it here, not from a file.")
                            % {"list": label_of(list_kind)})  # fmt: skip
    try:
        prepared = read_list(file_name, content, mapping or {})
    except ImportError_ as exc:
        raise ExchangeError(exc.messages) from exc
    if prepared.problems:
        raise ExchangeError(_problems_text(file_name, prepared.problems))
    checked = verification.verify(user, list_kind.side, prepared)
    return _keep_their_version(
        user, agreement, list_kind, file_name, content, checked, note, default_category
    )


@transaction.atomic
def _keep_their_version(
    user: User, agreement: Agreement, list_kind: ListKind, file_name: str, content: bytes,
    checked: Sequence[verification.CheckedEntry], note: str, default_category: str,
) -> ListVersion:  # fmt: skip
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _open_agreement(agreement)
    exchange_list = _list(agreement, list_kind)
    previous = _latest(exchange_list)
    version = ListVersion.objects.create(
        exchange_list=exchange_list, number=_next_number(exchange_list), created_by=user,
        state=VersionStateChoice.SUBMITTED, submitted_by=user, submitted_at=timezone.now(),
        file_name=file_name, file_sha256=hashlib.sha256(content).hexdigest(), note=note.strip(),
    )  # fmt: skip
    now = timezone.now()
    civilians = set(Person.objects.filter(
        pk__in=[c.person_id for c in checked if c.person_id], category="civilian"
    ).values_list("pk", flat=True))  # fmt: skip
    ListEntry.objects.bulk_create([
        ListEntry(version=version, person_id=c.person_id, row=c.row,
                  written_name=c.written_name[:300], written=c.written,
                  category=("civilian" if c.person_id in civilians else default_category),
                  verdict=c.verdict.value,
                  probability=c.probability, contributions=c.contributions,
                  flags=[f.value for f in c.flags], added_by=user, added_at=now)
        for c in checked
    ])  # fmt: skip
    _record_their_changes(user, version, previous, checked, now)
    counts = Counter(c.verdict.value for c in checked)
    _audit_version(user, "list.receive", version, file=file_name, rows=len(checked),
                   verdicts=dict(counts), sha256=version.file_sha256)  # fmt: skip
    return version


def _record_their_changes(
    user: User, version: ListVersion, previous: ListVersion | None,
    checked: Sequence[verification.CheckedEntry], at: dt.datetime,
) -> None:  # fmt: skip
    """What the other side added and removed since their last version."""
    now = [_key(c.person_id, c.written_name) for c in checked]
    before: list[tuple[int, str]] = []
    names: dict[tuple[int, str], tuple[int | None, str]] = {
        _key(c.person_id, c.written_name): (c.person_id, c.written_name) for c in checked
    }
    if previous is not None:
        for pid, name in previous.entries.values_list("person_id", "written_name"):
            before.append(_key(pid, name))
            names.setdefault(_key(pid, name), (pid, name))
    was, is_now = set(before), set(now)
    added = [k for k in dict.fromkeys(now) if k not in was]
    removed = [k for k in dict.fromkeys(before) if k not in is_now]
    ListChange.objects.bulk_create(
        [ListChange(version=version, action=ChangeChoice.ADDED, person_id=names[k][0],
                    written_name=names[k][1][:300], actor=user, at=at) for k in added]
        + [ListChange(version=version, action=ChangeChoice.REMOVED, person_id=names[k][0],
                      written_name=names[k][1][:300], actor=user, at=at) for k in removed]
    )  # fmt: skip


@transaction.atomic
def record_export(*, actor: Actor, version: ListVersion, count: int) -> None:
    """A list left the system as a file: who took it, and how many entries."""
    audit.record(
        actor=actor, action="list.export", object_type="list_version", object_id=version.pk,
        object_repr=str(version), after={"format": "xlsx", "entries": count},
    )  # fmt: skip
