"""Every write of the exchanges: agreements, stages, who is in each stage, and what came of
each person on the day. One function per state change, keyword-only `actor`, one
transaction with its audit entry. An outcome that brings a person home (or hands one over)
appends the person's status report through the registry's services, the stage as evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from homeward.apps.audit import services as audit
from homeward.apps.common.permissions import Actor, Perm
from homeward.apps.exchanges.choices import (
    AgreementStatusChoice,
    FormulaChoice,
    OutcomeChoice,
    StageStatusChoice,
)
from homeward.apps.exchanges.models import Agreement, AgreementDocument, Stage, StageMember
from homeward.apps.registry import services as registry
from homeward.apps.registry.models import Person
from homeward.apps.returns import services as returns
from homeward.core.dates import PartialDate, Precision
from homeward.core.exchanges.lists import LEFT_CAPTIVITY
from homeward.core.exchanges.outcomes import (
    DIRECTION_OF_SIDE,
    Direction,
    ExchangeCategory,
    Outcome,
    allowed_outcomes,
    status_after,
)
from homeward.core.status import Reliability, Side

MAY_MANAGE = Perm.MANAGE_EXCHANGE


class ExchangeError(ValidationError):
    """The change cannot be made; the message says why and what to do."""


def require_officer(actor: Actor) -> User:
    if not (isinstance(actor, User) and actor.has_perm(MAY_MANAGE)):
        raise PermissionDenied(_("Only exchange officers may change exchanges."))
    return actor


def _quotas(formula: str, total: int, quotas: Mapping[str, Any]) -> tuple[int, dict[str, int]]:
    if formula == FormulaChoice.N_FOR_N:
        if total <= 0:
            raise ExchangeError({"total": [_("Give N, the number of persons on each side.")]})
        return total, {}
    clean: dict[str, int] = {}
    for category, count in quotas.items():
        if category not in ExchangeCategory.__members__.values():
            raise ExchangeError({"quotas": [_("“%(category)s” is not a category.")
                                            % {"category": category}]})  # fmt: skip
        if not isinstance(count, int) or count < 0:
            raise ExchangeError({"quotas": [_("Each quota is a whole number, 0 or more.")]})
        if count:
            clean[category] = count
    if not clean:
        raise ExchangeError({"quotas": [_("Give the number of persons for each category.")]})
    return sum(clean.values()), clean


@transaction.atomic
def create_agreement(
    *,
    actor: Actor,
    title: str,
    formula: str,
    total: int = 0,
    quotas: Mapping[str, Any] | None = None,
    mediator: str = "",
    venue: str = "",
    negotiated_on: dt.date | None = None,
    notes: str = "",
    status: str = AgreementStatusChoice.AGREED,
) -> Agreement:
    """An agreement: N for N (`total`), or per category (`quotas`, whose sum is the total);
    agreed, or still being negotiated."""
    user = require_officer(actor)
    if status not in (AgreementStatusChoice.AGREED, AgreementStatusChoice.NEGOTIATING):
        raise ExchangeError({"status": [_("A new agreement is agreed or being negotiated.")]})
    if not title.strip():
        raise ExchangeError({"title": [_("Give the agreement a title.")]})
    if formula not in FormulaChoice.values:
        raise ExchangeError({"formula": [_("Choose N for N or per category.")]})
    total, clean = _quotas(formula, total, quotas or {})
    agreement = Agreement.objects.create(
        title=title.strip(), formula=formula, total=total, quotas=clean,
        mediator=mediator.strip(), venue=venue.strip(), negotiated_on=negotiated_on,
        notes=notes.strip(), created_by=user, status=status,
    )  # fmt: skip
    audit.record(
        actor=actor, action="agreement.create", object_type="agreement",
        object_id=agreement.pk, object_repr=str(agreement),
        after={"formula": formula, "total": total, "quotas": clean, "mediator": mediator,
               "venue": venue, "negotiated_on": str(negotiated_on or "")},
    )  # fmt: skip
    return agreement


@transaction.atomic
def add_stage(
    *,
    actor: Actor,
    agreement: Agreement,
    date: dt.date,
    receive_capacity: int,
    hand_over_capacity: int | None = None,
    ratio: Decimal | int = 1,
) -> Stage:
    """The agreement's next stage; `hand_over_capacity` is `receive_capacity × ratio`
    unless given."""
    require_officer(actor)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    ratio = Decimal(ratio)
    errors: dict[str, list[str]] = {}
    if receive_capacity <= 0:
        errors["receive_capacity"] = [_("A stage receives at least one person.")]
    if ratio <= 0:
        errors["ratio"] = [_("The ratio is above zero (1 for N for N).")]
    if agreement.status in (AgreementStatusChoice.COMPLETED, AgreementStatusChoice.SUSPENDED):
        errors["agreement"] = [_("The agreement is %(status)s: no stage can be added.")
                               % {"status": agreement.get_status_display().lower()}]  # fmt: skip
    if errors:
        raise ExchangeError(errors)
    if hand_over_capacity is None:
        hand_over_capacity = int(receive_capacity * ratio)
    number = (agreement.stages.aggregate(n=Max("number"))["n"] or 0) + 1
    stage = Stage.objects.create(
        agreement=agreement, number=number, date=date, receive_capacity=receive_capacity,
        hand_over_capacity=hand_over_capacity, ratio=ratio,
    )  # fmt: skip
    audit.record(
        actor=actor, action="stage.create", object_type="stage", object_id=stage.pk,
        object_repr=str(stage),
        after={"date": date.isoformat(), "receive_capacity": receive_capacity,
               "hand_over_capacity": hand_over_capacity, "ratio": str(ratio)},
    )  # fmt: skip
    return stage


def _planned_in(agreement: Agreement, person_ids: list[int]) -> set[int]:
    """Those of the persons already in a stage of the agreement (and not refused or
    absent there)."""
    return set(
        StageMember.objects.filter(stage__agreement=agreement, person_id__in=person_ids)
        .exclude(outcome__in=(OutcomeChoice.REFUSED, OutcomeChoice.NO_SHOW))
        .values_list("person_id", flat=True)
    )


def _why_not(person: Person, *, planned: bool) -> str | None:
    """Why the person cannot be in a stage, or None."""
    name = f"{person} ({person.case_number})"
    if person.merged_into_id is not None:
        return _("%(person)s was merged into another person; plan the one that stands for "
                 "both.") % {"person": name}  # fmt: skip
    if planned:
        return _("%(person)s is already planned in this agreement.") % {"person": name}
    # Planning a person who has left captivity is a mistake verification is there to catch.
    if person.current_status in LEFT_CAPTIVITY:
        return _("%(person)s is %(status)s: not in captivity.") % {
            "person": name, "status": person.get_current_status_display().lower()
        }  # fmt: skip
    return held_back(person)


def held_back(person: Person) -> str | None:
    """Why a person we hold may not be exchanged now, or None."""
    name = f"{person} ({person.case_number})"
    if person.legal_hold:
        return _(
            "%(person)s is held under criminal proceedings or sentence (Art. 119): lift the "
            "legal hold on the person's record first."
        ) % {"person": name}
    if person.exchange_consent == "refuses":
        return _(
            "%(person)s refuses to be repatriated (Art. 109): nobody is exchanged against "
            "their will."
        ) % {"person": name}
    return None


def category_of(person: Person, category: str | None) -> str:
    if category:
        if category not in ExchangeCategory.__members__.values():
            raise ExchangeError(_("“%(category)s” is not a category.") % {"category": category})
        return category
    if person.direct_repatriation:  # found by a Mixed Medical Commission: goes first
        return ExchangeCategory.WOUNDED_SICK
    return ExchangeCategory.CIVILIAN if person.category == "civilian" else ExchangeCategory.MILITARY


@transaction.atomic
def add_members(
    *,
    actor: Actor,
    stage: Stage,
    persons: Iterable[Person | tuple[Person, str]],
) -> list[StageMember]:
    """Plan persons for a stage: ours to receive, theirs to hand over (by the person's
    side), each with a category (military or civilian from the person unless given). All
    or none: a person already planned in this agreement, one no longer in captivity, or a
    stage over its capacity refuses the whole call, naming who and why."""
    user = require_officer(actor)
    stage = Stage.objects.select_for_update().select_related("agreement").get(pk=stage.pk)
    if stage.status != StageStatusChoice.PLANNED:
        raise ExchangeError(_("Stage %(number)d is %(status)s: its plan can no longer change.")
                            % {"number": stage.number,
                               "status": stage.get_status_display().lower()})  # fmt: skip
    wanted = [(p, None) if isinstance(p, Person) else p for p in persons]
    ids = [p.pk for p, _c in wanted]
    locked = {p.pk: p for p in Person.objects.locked().filter(pk__in=ids)}
    planned = _planned_in(stage.agreement, ids)
    problems: list[str] = []
    members: list[StageMember] = []
    seen: set[int] = set()
    for person, category in wanted:
        current = locked[person.pk]
        if problem := _why_not(current, planned=person.pk in planned or person.pk in seen):
            problems.append(problem)
        seen.add(person.pk)
        members.append(StageMember(
            stage=stage, person=current, direction=DIRECTION_OF_SIDE[Side(current.side)],
            category=category_of(current, category),
        ))  # fmt: skip
    counts = Counter(m.direction for m in members)
    # A planned stage has no outcomes yet, so no substitutes: every member takes a place.
    counts.update(stage.members.values_list("direction", flat=True))
    for direction, capacity in ((Direction.RECEIVE, stage.receive_capacity),
                                (Direction.HAND_OVER, stage.hand_over_capacity)):  # fmt: skip
        if counts[direction] > capacity:
            problems.append(
                _("Stage %(number)d would have %(count)d persons to %(what)s; it takes "
                  "%(capacity)d.")
                % {"number": stage.number, "count": counts[direction], "capacity": capacity,
                   "what": _("receive") if direction == Direction.RECEIVE else _("hand over")}
            )  # fmt: skip
    if problems:
        raise ExchangeError(problems)
    StageMember.objects.bulk_create(members)
    audit.record(
        actor=user, action="stage.plan", object_type="stage", object_id=stage.pk,
        object_repr=str(stage),
        after={"added": sorted(m.person_id for m in members)},
    )  # fmt: skip
    return members


def _evidence(stage: Stage) -> str:
    """The status report's document, in the registry's language whoever records it: it is
    kept as data, like the documents registrars type."""
    with override(settings.LANGUAGE_CODE):
        return _(
            "Exchange “%(agreement)s”, stage %(number)d of %(date)s (Homeward stage %(id)d)"
        ) % {
            "agreement": stage.agreement.title,
            "number": stage.number,
            "date": date_format(stage.date, "SHORT_DATE_FORMAT"),
            "id": stage.pk,
        }


def _complete_exchange(actor: User, member: StageMember) -> None:
    """The person is home (or handed over): their status follows, the stage as evidence."""
    status = status_after(Direction(member.direction), Outcome(member.outcome))
    if status is None:
        return
    member.status_event = registry.add_status_event(
        actor=actor,
        person=member.person,
        status=status.value,
        effective=PartialDate(member.stage.date, Precision.DAY),
        reliability=Reliability.A.value,  # seen by our own officers at the exchange point
        document=_evidence(member.stage),
    )


def _open_return_case(user: User, member: StageMember) -> None:
    """One of ours is home: the after-return pipeline starts the same day."""
    if member.outcome == OutcomeChoice.RECEIVED:
        returns.open_case_for_exchange(actor=user, member=member)


@transaction.atomic
def record_outcome(
    *,
    actor: Actor,
    member_id: int,
    outcome: str,
    note: str = "",
    substitute: Person | None = None,
) -> StageMember:
    """What happened to a planned person on the day. RECEIVED (ours) and HANDED_OVER
    (theirs) change the person's status and are final; a refusal or a no-show can still be
    corrected. SUBSTITUTED needs the person who came instead, who becomes a member of the
    stage with the outcome that completes their exchange."""
    user = require_officer(actor)
    member = (
        StageMember.objects.select_for_update()
        .select_related("stage__agreement", "person")
        .get(pk=member_id)
    )
    stage = member.stage
    direction = Direction(member.direction)
    if stage.status == StageStatusChoice.COMPLETED:
        raise ExchangeError(_("Stage %(number)d is completed: its outcomes are final.")
                            % {"number": stage.number})  # fmt: skip
    if stage.status == StageStatusChoice.PLANNED:
        raise ExchangeError(_("Stage %(number)d has not started: start the exchange day "
                              "first.") % {"number": stage.number})  # fmt: skip
    if stage.date > timezone.localdate():
        raise ExchangeError(_("Stage %(number)d is on %(date)s: outcomes are recorded on the "
                              "day.") % {"number": stage.number,
                                         "date": date_format(stage.date)})  # fmt: skip
    try:
        wanted = Outcome(outcome)
    except ValueError:
        wanted = Outcome.PLANNED
    if wanted not in allowed_outcomes(direction):
        raise ExchangeError(_("“%(outcome)s” is not an outcome for this person.")
                            % {"outcome": outcome})  # fmt: skip
    if member.outcome in (OutcomeChoice.RECEIVED, OutcomeChoice.HANDED_OVER,
                          OutcomeChoice.SUBSTITUTED):  # fmt: skip
        raise ExchangeError(_("%(person)s is already marked “%(outcome)s”; that is final.")
                            % {"person": member.person,
                               "outcome": member.get_outcome_display()})  # fmt: skip
    before = member.outcome
    member.outcome = wanted.value
    member.note = note.strip()
    member.recorded_by, member.recorded_at = user, timezone.now()
    substitute_member = None
    if wanted == Outcome.SUBSTITUTED:
        if substitute is None:
            raise ExchangeError(_("Choose the person who came instead."))
        if DIRECTION_OF_SIDE[Side(substitute.side)] != direction:
            raise ExchangeError(_("The person who came instead must be on the same side."))
    else:
        _complete_exchange(user, member)
    member.save()
    _open_return_case(user, member)
    if substitute is not None and wanted == Outcome.SUBSTITUTED:
        # Over capacity by none: the substitute takes the planned person's place.
        substitute_member = _add_substitute(user, member, substitute)
    audit.record(
        actor=user, action="stage.outcome", object_type="stage_member", object_id=member.pk,
        object_repr=f"{member.person} · {stage}",
        before={"outcome": before},
        after={"outcome": member.outcome, "note": member.note,
               **({"substitute": substitute_member.person_id} if substitute_member else {})},
    )  # fmt: skip
    return member


def _add_substitute(user: User, member: StageMember, substitute: Person) -> StageMember:
    person = Person.objects.locked().get(pk=substitute.pk)
    planned = _planned_in(member.stage.agreement, [person.pk])
    if problem := _why_not(person, planned=bool(planned)):
        raise ExchangeError(problem)
    direction = Direction(member.direction)
    added = StageMember(
        stage=member.stage, person=person, direction=direction.value, category=member.category,
        outcome=("received" if direction == Direction.RECEIVE else "handed_over"),
        substitute_for=member, recorded_by=user, recorded_at=timezone.now(),
    )  # fmt: skip
    _complete_exchange(user, added)
    added.save()
    _open_return_case(user, added)
    return added


@transaction.atomic
def start_stage(*, actor: Actor, stage_id: int) -> Stage:
    """The exchange day begins: the plan is fixed and outcomes are recorded."""
    user = require_officer(actor)
    stage = Stage.objects.select_for_update().select_related("agreement").get(pk=stage_id)
    if stage.status != StageStatusChoice.PLANNED:
        raise ExchangeError(_("Stage %(number)d is already %(status)s.")
                            % {"number": stage.number,
                               "status": stage.get_status_display().lower()})  # fmt: skip
    if not stage.members.exists():
        raise ExchangeError(_("Stage %(number)d has nobody planned.") % {"number": stage.number})
    stage.status = StageStatusChoice.UNDER_WAY
    stage.save(update_fields=["status"])
    agreement = stage.agreement
    # A stage starting concludes any negotiation still open.
    if agreement.status in (AgreementStatusChoice.AGREED, AgreementStatusChoice.NEGOTIATING):
        agreement.status = AgreementStatusChoice.IN_PROGRESS
        agreement.save(update_fields=["status"])
    audit.record(actor=user, action="stage.start", object_type="stage", object_id=stage.pk,
                 object_repr=str(stage))  # fmt: skip
    return stage


@transaction.atomic
def complete_stage(*, actor: Actor, stage_id: int) -> Stage:
    """Reconcile and close the day: every planned person has an outcome, and from now on
    the stage's lists are no longer need-to-know. The agreement is completed with its last
    stage once its total has come home."""
    user = require_officer(actor)
    stage = Stage.objects.select_for_update().select_related("agreement").get(pk=stage_id)
    if stage.status != StageStatusChoice.UNDER_WAY:
        raise ExchangeError(_("Stage %(number)d is not under way.") % {"number": stage.number})
    open_count = stage.members.filter(outcome=OutcomeChoice.PLANNED).count()
    if open_count:
        raise ExchangeError(
            _("Planned persons without an outcome yet: %(count)d. Mark each received, "
              "handed over, refused, did not show, or substituted.") % {"count": open_count}
        )  # fmt: skip
    stage.status = StageStatusChoice.COMPLETED
    stage.completed_at, stage.completed_by = timezone.now(), user
    stage.save(update_fields=["status", "completed_at", "completed_by"])
    agreement = stage.agreement
    received = StageMember.objects.filter(stage__agreement=agreement,
                                          outcome=OutcomeChoice.RECEIVED).count()  # fmt: skip
    pending = agreement.stages.exclude(status=StageStatusChoice.COMPLETED).exists()
    if received >= agreement.total and not pending:
        agreement.status = AgreementStatusChoice.COMPLETED
        agreement.save(update_fields=["status"])
    audit.record(
        actor=user, action="stage.complete", object_type="stage", object_id=stage.pk,
        object_repr=str(stage), after={"received_in_agreement": received},
    )  # fmt: skip
    return stage


# A scanned memorandum or protocol; larger files belong in the archive, not here.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@transaction.atomic
def add_document(
    *, actor: Actor, agreement: Agreement, name: str, content: bytes, note: str = ""
) -> AgreementDocument:
    """Keep a document of the agreement (the memorandum, a protocol), whole."""
    user = require_officer(actor)
    if not content:
        raise ExchangeError(_("%(file)s is empty: attach the document itself.") % {"file": name})
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ExchangeError(
            _("%(file)s is larger than %(mb)d MB: keep it in the archive and note where.")
            % {"file": name, "mb": MAX_DOCUMENT_BYTES // (1024 * 1024)}
        )
    document = AgreementDocument.objects.create(
        agreement=agreement, name=name[:255], content=content, size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), note=note.strip()[:300], uploaded_by=user,
    )  # fmt: skip
    audit.record(
        actor=user, action="agreement.document", object_type="agreement",
        object_id=agreement.pk, object_repr=str(agreement),
        after={"document": document.pk, "name": document.name, "size": document.size,
               "sha256": document.sha256},
    )  # fmt: skip
    return document


# The statuses an officer sets; "under way" and "completed" follow the stages.
SETTABLE = {
    AgreementStatusChoice.NEGOTIATING: {AgreementStatusChoice.AGREED,
                                        AgreementStatusChoice.SUSPENDED},
    AgreementStatusChoice.AGREED: {AgreementStatusChoice.NEGOTIATING,
                                   AgreementStatusChoice.SUSPENDED},
    AgreementStatusChoice.IN_PROGRESS: {AgreementStatusChoice.SUSPENDED},
    AgreementStatusChoice.SUSPENDED: {AgreementStatusChoice.NEGOTIATING,
                                      AgreementStatusChoice.AGREED},
}  # fmt: skip


@transaction.atomic
def change_agreement_status(*, actor: Actor, agreement_id: int, status: str) -> Agreement:
    """Negotiations go on, are concluded or are suspended; once stages are under way an
    agreement can only be suspended, and a completed one no longer changes."""
    user = require_officer(actor)
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    allowed = SETTABLE.get(AgreementStatusChoice(agreement.status), set())
    if status not in allowed:
        raise ExchangeError(
            _("The agreement is %(status)s: it cannot become %(wanted)s.")
            % {"status": agreement.get_status_display().lower(),
               "wanted": dict(AgreementStatusChoice.choices).get(status, status).lower()}
        )  # fmt: skip
    before = agreement.status
    agreement.status = status
    agreement.save(update_fields=["status"])
    audit.record(actor=user, action="agreement.status", object_type="agreement",
                 object_id=agreement.pk, object_repr=str(agreement),
                 before={"status": before}, after={"status": status})  # fmt: skip
    return agreement
