"""Every write of the after-return pipeline: opening a case (by an exchange, or by hand for
another release), assigning a step, moving a step through its states. One function per
state change, keyword-only `actor`, one transaction with its audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.apps.audit import services as audit
from homeward.apps.common.messages import first_problems
from homeward.apps.common.permissions import Actor, Perm
from homeward.apps.exchanges.models import StageMember
from homeward.apps.registry.models import Person
from homeward.apps.returns.choices import ReleaseChoice, StepKindChoice, StepStateChoice
from homeward.apps.returns.models import CaseStep, ReturnCase, StepTemplate
from homeward.core.dates import PartialDate, Precision
from homeward.core.returns import (
    DEFAULT_PLAN,
    Refusal,
    StepFacts,
    StepKind,
    StepPlan,
    StepState,
    due_date,
    refusal,
)
from homeward.core.status import Side, Status

MAY_COORDINATE = Perm.COORDINATE_RETURN_CASE
MAY_WORK = Perm.WORK_ON_STEP
MAY_SEE_MEDICAL = Perm.VIEW_MEDICAL
# Statuses that mean one of ours is home and may need a case opened by hand.
CAME_HOME = (Status.RETURNED.value, Status.RELEASED.value)


class ReturnError(ValidationError):
    """The change cannot be made; the message says why and what to do."""


class StaleStepError(ReturnError):
    """The step changed since the form (or API client) read it; nothing was saved."""


def require_user(actor: Actor) -> User:
    if not isinstance(actor, User) or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    return actor


def require_coordinator(actor: Actor) -> User:
    user = require_user(actor)
    if not user.has_perm(MAY_COORDINATE):
        raise PermissionDenied(_("Only return coordinators may do this."))
    return user


def may_work_on(user: Actor, step: CaseStep) -> bool:
    """A step is worked by its owner role; coordinators also work every step that is
    neither medical nor the payments. A medical step needs the medical role, whoever owns
    it: it holds findings. The payments step is the payments officers': it says money was
    paid (their approval of a batch marks it)."""
    if not isinstance(user, User) or not user.has_perm(MAY_WORK):
        return False
    owner = user.is_superuser or user.groups.filter(name=step.owner_role).exists()
    if step.medical:
        return user.has_perm(MAY_SEE_MEDICAL) and owner
    if step.kind == StepKind.PAYMENTS:
        return owner
    return owner or user.has_perm(MAY_COORDINATE)


def require_may_work(user: Actor, step: CaseStep) -> None:
    if not may_work_on(user, step):
        raise PermissionDenied(_("“%(step)s” is worked by its owner role.")
                               % {"step": step.get_kind_display()})  # fmt: skip


def plan_for(category: str) -> list[StepPlan]:
    """The category's active step templates; the built-in plan if an administrator has
    retired them all, so that a returned person is never left without steps."""
    rows = StepTemplate.objects.filter(category=category, active=True).order_by("order", "id")
    plan = [StepPlan(StepKind(t.kind), t.owner_role, t.deadline_days, t.optional) for t in rows]
    return plan or list(DEFAULT_PLAN)


def _open(
    user: User, person: Person, *, release: str, returned: PartialDate,
    member: StageMember | None = None, note: str = "",
) -> ReturnCase:  # fmt: skip
    assert returned.value is not None
    if ReturnCase.objects.filter(person=person, closed_at__isnull=True).exists():
        raise ReturnError(_("%(person)s already has an open return case.") % {"person": person})
    case = ReturnCase.objects.create(
        person=person, stage_member=member, release=release, returned_on=returned.value,
        returned_precision=returned.precision.value, category=person.category,
        note=note.strip(), opened_by=user,
    )  # fmt: skip
    CaseStep.objects.bulk_create(
        CaseStep(case=case, kind=plan.kind.value, order=number, owner_role=plan.owner_role,
                 optional=plan.optional, due_on=due_date(returned.value, plan.deadline_days))
        for number, plan in enumerate(plan_for(case.category), start=1)
    )  # fmt: skip
    audit.record(
        actor=user, action="return_case.open", object_type="return_case", object_id=case.pk,
        object_repr=str(case),
        after={"person": person.pk, "release": release, "returned_on": returned.value,
               "precision": returned.precision.value,
               "stage_member": member.pk if member else None},
    )  # fmt: skip
    return case


def open_case_for_exchange(*, actor: User, member: StageMember) -> ReturnCase:
    """One of ours was received in a stage: their case opens at once, so that the handover
    intake starts on the day. Called by the exchanges' services inside their transaction;
    the officer recording the outcome opens it."""
    return _open(actor, member.person, release=ReleaseChoice.EXCHANGE,
                 returned=PartialDate(member.stage.date, Precision.DAY), member=member)  # fmt: skip


@transaction.atomic
def open_case(*, actor: Actor, person_id: int, release: str, note: str = "") -> ReturnCase:
    """A case for one of ours who came home otherwise (released, escaped…). The registry
    says so first: the return date is that of the person's latest report that they
    returned or were released."""
    user = require_coordinator(actor)
    person = Person.objects.locked().get(pk=person_id)
    if release not in ReleaseChoice.values or release == ReleaseChoice.EXCHANGE:
        raise ReturnError({"release": [_("Choose how the person came home; exchanges open "
                                         "their cases by themselves.")]})  # fmt: skip
    if person.side != Side.OWN or person.merged_into_id is not None:
        raise ReturnError(_("%(person)s is not one of ours in the registry.") % {"person": person})
    if person.current_status not in CAME_HOME:
        raise ReturnError(
            _(
                "%(person)s is not recorded as returned or released: add that "
                "status report, with its evidence, first."
            )
            % {"person": person}
        )
    event = person.status_events.filter(status=person.current_status).first()
    assert event is not None  # the current status comes from such a report
    return _open(user, person, release=release, returned=event.effective, note=note)


def _facts(steps: list[CaseStep]) -> list[StepFacts]:
    return [StepFacts(StepKind(s.kind), StepState(s.state), s.optional, s.due_on) for s in steps]


def _refusal_text(answer: tuple[Refusal, tuple[StepKind, ...]], step: CaseStep, to: str) -> str:
    reason, still_open = answer
    if reason is Refusal.NEEDED:
        return _("“%(step)s” is needed for every returned person: mark it done when it is.") % {
            "step": step.get_kind_display()}  # fmt: skip
    if reason is Refusal.STEPS_OPEN:
        labels = dict(StepKindChoice.choices)
        return _(
            "The case is closed once every other step is done or not needed; still open: %(steps)s."
        ) % {"steps": ", ".join(str(labels[k]) for k in still_open)}
    states = dict(StepStateChoice.choices)
    return _("“%(step)s” is %(state)s: it cannot become %(wanted)s.") % {
        "step": step.get_kind_display(), "state": str(states[step.state]).lower(),
        "wanted": str(states.get(to, to)).lower()}  # fmt: skip


def _locked_step(step_id: int, version: int | None) -> tuple[CaseStep, list[CaseStep]]:
    case_id = CaseStep.objects.values_list("case_id", flat=True).get(pk=step_id)
    # Lock the whole case: a closure checks the other steps, which must not move meanwhile.
    case = (
        ReturnCase.objects.select_for_update(of=("self",)).select_related("person").get(pk=case_id)
    )
    steps = list(CaseStep.objects.select_for_update().filter(case=case).order_by("order", "id"))
    for each in steps:
        each.case = case
    step = next(s for s in steps if s.pk == step_id)
    if version is not None and version != step.version:
        raise StaleStepError(_("Someone changed this step while you were looking at it: reload "
                               "the case and try again."))  # fmt: skip
    return step, steps


def _check_move(user: User, step: CaseStep, steps: list[CaseStep], state: str) -> None:
    """Refuse (PermissionDenied or ReturnError, saying why) a move the rules do not allow."""
    require_may_work(user, step)
    if step.case.closed and step.kind != StepKind.CLOSURE:
        raise ReturnError(_("The case is closed: reopen its closure step first."))
    if state not in StepStateChoice.values:
        raise ReturnError({"state": [_("Choose a state.")]})
    answer = refusal(_facts(steps), StepKind(step.kind), StepState(state))
    if answer is not None:
        raise ReturnError(_refusal_text(answer, step, state))


def _step_change(case: ReturnCase, step: CaseStep, before: dict[str, Any],
                 after: dict[str, Any]) -> audit.Change:  # fmt: skip
    before, after = audit.changed_fields(before, after)
    return audit.Change(
        action="return_case.step", object_type="return_case", object_id=case.pk,
        object_repr=f"{case} · {step.get_kind_display()}",
        before={"step": step.kind, **before}, after={"step": step.kind, **after},
    )  # fmt: skip


@transaction.atomic
def update_step(
    *, actor: Actor, step_id: int, state: str | None = None, text: str | None = None,
    version: int | None = None,
) -> CaseStep:  # fmt: skip
    """Move a step to `state` and/or record what was done (`text`: the finding of a medical
    step, the note of any other). Closing the closure step closes the case; reopening it
    reopens the case."""
    user = require_user(actor)
    step, steps = _locked_step(step_id, version)
    require_may_work(user, step)
    field = "finding" if step.medical else "note"
    before = {"state": step.state, field: getattr(step, field)}
    if state is not None and state != step.state:
        _check_move(user, step, steps, state)
        step.state = state
    elif step.case.closed and step.kind != StepKind.CLOSURE:
        raise ReturnError(_("The case is closed: reopen its closure step first."))
    if text is not None:
        setattr(step, field, text.strip())
    after = {"state": step.state, field: getattr(step, field)}
    if after == before:
        return step
    step.updated_by, step.updated_at = user, timezone.now()
    step.version += 1
    step.save()
    case = step.case
    if step.kind == StepKind.CLOSURE:
        _close_or_reopen(user, case, closing=step.state == StepState.DONE)
    audit.record_many(actor=user, changes=[_step_change(case, step, before, after)])
    return step


@transaction.atomic
def update_steps(*, actor: Actor, step_ids: Iterable[int], state: str) -> int:
    """Move many steps to one state at once (the intake of everyone received in a stage,
    on the day): each under the same rules as one by one, all or none. Returns how many
    moved (those already in that state are left as they are)."""
    user = require_user(actor)
    wanted = set(step_ids)
    case_ids = set(CaseStep.objects.filter(pk__in=wanted).values_list("case_id", flat=True))
    cases = {c.pk: c for c in ReturnCase.objects.select_for_update(of=("self",))
             .select_related("person")
             .filter(pk__in=case_ids).order_by("pk")}  # fmt: skip
    by_case: dict[int, list[CaseStep]] = {}
    for step in (
        CaseStep.objects.select_for_update()
        .filter(case_id__in=case_ids)
        .order_by("case_id", "order", "id")
    ):
        step.case = cases[step.case_id]
        by_case.setdefault(step.case_id, []).append(step)
    chosen = [s for steps in by_case.values() for s in steps if s.pk in wanted]
    if len(chosen) != len(wanted):
        raise ReturnError(_("Some of the chosen steps no longer exist: reload the page."))
    problems: list[str] = []
    moving: list[CaseStep] = []
    for step in chosen:
        if step.state == state:
            continue
        try:
            _check_move(user, step, by_case[step.case_id], state)
        except (ReturnError, PermissionDenied) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ReturnError) else str(exc)
            problems.append(f"{step.case.person}: {reason}")
            continue
        moving.append(step)
    if problems:
        raise ReturnError(first_problems(problems))
    now = timezone.now()
    changes = []
    for step in moving:
        changes.append(_step_change(step.case, step, {"state": step.state}, {"state": state}))
        step.state, step.updated_by, step.updated_at = state, user, now
        step.version += 1
        if step.kind == StepKind.CLOSURE:
            _close_or_reopen(user, step.case, closing=state == StepState.DONE)
    CaseStep.objects.bulk_update(moving, ["state", "updated_by", "updated_at", "version"],
                                 batch_size=500)  # fmt: skip
    audit.record_many(actor=user, changes=changes)
    return len(moving)


def _close_or_reopen(user: User, case: ReturnCase, *, closing: bool) -> None:
    if closing and case.closed_at is None:
        case.closed_at, case.closed_by = timezone.now(), user
    elif not closing and case.closed_at is not None:
        if ReturnCase.objects.filter(person=case.person_id, closed_at__isnull=True).exists():
            raise ReturnError(_("%(person)s has another open return case: this one stays "
                                "closed.") % {"person": case.person})  # fmt: skip
        case.closed_at, case.closed_by = None, None
    else:
        return
    case.save(update_fields=["closed_at", "closed_by"])


@transaction.atomic
def assign_step(*, actor: Actor, step_id: int, assignee: User | None) -> CaseStep:
    """Give a step to one person of its owner role (or to nobody: the role as a whole)."""
    user = require_coordinator(actor)
    step, _steps = _locked_step(step_id, None)
    if assignee is not None and not (
        assignee.is_active and assignee.groups.filter(name=step.owner_role).exists()
    ):
        raise ReturnError(_("%(user)s does not hold the role that owns “%(step)s”.")
                          % {"user": assignee.get_username(),
                             "step": step.get_kind_display()})  # fmt: skip
    before = step.assignee_id
    step.assignee = assignee
    step.version += 1
    step.save(update_fields=["assignee", "version"])
    audit.record(
        actor=user, action="return_case.assign", object_type="return_case",
        object_id=step.case_id, object_repr=f"{step.case} · {step.get_kind_display()}",
        before={"step": step.kind, "assignee": before},
        after={"step": step.kind, "assignee": assignee.pk if assignee else None},
    )  # fmt: skip
    return step


TEMPLATE_FIELDS = ("order", "owner_role", "deadline_days", "optional", "active")


@transaction.atomic
def change_template(*, actor: Actor, template_id: int, **fields: Any) -> StepTemplate:
    """An administrator reshapes a category's pipeline: a step's order, owner role,
    deadline, whether it may be not needed, whether it is used. Open cases keep theirs."""
    user = require_user(actor)
    if not user.has_perm("returns.change_steptemplate"):
        raise PermissionDenied(_("Only administrators change the step templates."))
    template = StepTemplate.objects.select_for_update().get(pk=template_id)
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ReturnError(
            _("These cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    before = {name: getattr(template, name) for name in fields}
    for name, value in fields.items():
        setattr(template, name, value)
    template.full_clean()
    template.save()
    before, after = audit.changed_fields(before, {name: getattr(template, name) for name in fields})
    audit.record(
        actor=user, action="steptemplate.update", object_type="step_template",
        object_id=template.pk, object_repr=str(template), before=before, after=after,
    )  # fmt: skip
    return template
