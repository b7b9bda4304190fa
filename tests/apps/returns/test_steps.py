"""Moving the steps of a case: owners, medical confidentiality, closure, concurrency."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from homeward.apps.audit.masking import mask_for
from homeward.apps.audit.models import AuditEntry
from homeward.apps.exchanges.models import Stage
from homeward.apps.registry.models import Person
from homeward.apps.returns import services
from homeward.apps.returns.models import CaseStep, ReturnCase
from homeward.core.sensitivity import MASK
from tests.apps.returns.conftest import receive

pytestmark = pytest.mark.django_db


def step(case: ReturnCase, kind: str) -> CaseStep:
    return case.steps.get(kind=kind)


def finish_all_but_closure(case: ReturnCase, coordinator: User, medic: User, payer: User) -> None:
    owners = {
        "return_coordinator": coordinator,
        "medical_officer": medic,
        "payments_officer": payer,
    }
    for s in case.steps.exclude(kind="closure"):
        state = "not_needed" if s.optional else "done"
        services.update_step(actor=owners[s.owner_role], step_id=s.pk, state=state)


def test_the_owner_role_moves_its_step_and_the_move_is_audited(
    case: ReturnCase, coordinator: User
) -> None:
    intake = step(case, "handover_intake")
    moved = services.update_step(
        actor=coordinator,
        step_id=intake.pk,
        state="done",
        text="Identified by fingerprints and his sister.",
    )
    assert moved.state == "done" and moved.version == 2 and moved.updated_by == coordinator
    entry = AuditEntry.objects.filter(action="return_case.step").get()
    assert entry.after == {
        "step": "handover_intake",
        "state": "done",
        "note": "Identified by fingerprints and his sister.",
    }


def test_a_step_is_refused_to_roles_that_do_not_own_it(
    case: ReturnCase, make_user: Callable[..., User], registrar: User
) -> None:
    payer = make_user("payments_officer")
    with pytest.raises(PermissionDenied):
        services.update_step(actor=payer, step_id=step(case, "debrief").pk, state="done")
    with pytest.raises(PermissionDenied):
        services.update_step(actor=registrar, step_id=step(case, "payments").pk, state="done")
    services.update_step(actor=payer, step_id=step(case, "payments").pk, state="in_progress")


def test_coordinators_work_every_step_but_the_medical_ones_and_the_payments(
    case: ReturnCase, coordinator: User, administrator: User
) -> None:
    for kind in ("handover_intake", "debrief", "documents"):
        assert services.may_work_on(coordinator, step(case, kind))
        assert services.may_work_on(administrator, step(case, kind))
    for kind in ("medical_examination", "payments"):
        assert not services.may_work_on(coordinator, step(case, kind))
        assert not services.may_work_on(administrator, step(case, kind))


def test_medical_steps_are_worked_only_by_the_medical_role(
    case: ReturnCase, coordinator: User, administrator: User, medic: User
) -> None:
    exam = step(case, "medical_examination")
    for outsider in (coordinator, administrator):
        with pytest.raises(PermissionDenied):
            services.update_step(actor=outsider, step_id=exam.pk, state="done")
    services.update_step(
        actor=medic,
        step_id=exam.pk,
        state="done",
        text="Weight loss 14 kg; tuberculosis suspected.",
    )
    stored = step(case, "medical_examination")
    assert stored.finding == "Weight loss 14 kg; tuberculosis suspected." and stored.note == ""


def test_the_audit_trail_keeps_no_finding_and_shows_none(
    case: ReturnCase, medic: User, make_user: Callable[..., User]
) -> None:
    services.update_step(
        actor=medic,
        step_id=step(case, "medical_examination").pk,
        state="done",
        text="Fractured ribs.",
    )
    [entry] = AuditEntry.objects.filter(action="return_case.step")
    assert entry.after["finding"].startswith("hmac:")  # a keyed digest (ADR 39)
    for reader in (make_user("auditor"), medic):
        [seen] = mask_for(reader, AuditEntry.objects.filter(action="return_case.step"))
        assert seen.after == {"step": "medical_examination", "state": "done", "finding": MASK}


def test_only_optional_steps_may_be_not_needed(case: ReturnCase, medic: User) -> None:
    services.update_step(actor=medic, step_id=step(case, "hospitalisation").pk, state="not_needed")
    with pytest.raises(ValidationError, match="needed for every returned person"):
        services.update_step(
            actor=medic, step_id=step(case, "psychological_rehabilitation").pk, state="not_needed"
        )


def test_closure_closes_the_case_once_every_step_is_finished_and_reopens_it(
    case: ReturnCase, coordinator: User, medic: User, make_user: Callable[..., User]
) -> None:
    closure = step(case, "closure")
    with pytest.raises(ValidationError, match="still open: Handover intake"):
        services.update_step(actor=coordinator, step_id=closure.pk, state="done")
    finish_all_but_closure(case, coordinator, medic, make_user("payments_officer"))
    services.update_step(actor=coordinator, step_id=closure.pk, state="done")
    case.refresh_from_db()
    assert case.closed and case.closed_by == coordinator
    with pytest.raises(ValidationError, match="reopen its closure step first"):
        services.update_step(
            actor=coordinator, step_id=step(case, "debrief").pk, state="in_progress"
        )
    services.update_step(actor=coordinator, step_id=closure.pk, state="in_progress")
    case.refresh_from_db()
    assert not case.closed


def test_a_stale_form_is_refused_not_overwritten(case: ReturnCase, coordinator: User) -> None:
    debrief = step(case, "debrief")
    services.update_step(
        actor=coordinator, step_id=debrief.pk, text="First account.", version=debrief.version
    )
    with pytest.raises(ValidationError, match="changed this step while you were looking"):
        services.update_step(
            actor=coordinator, step_id=debrief.pk, text="Other account.", version=debrief.version
        )
    assert step(case, "debrief").note == "First account."


def test_a_step_is_assigned_only_to_someone_of_its_role(
    case: ReturnCase, coordinator: User, medic: User, registrar: User
) -> None:
    exam = step(case, "medical_examination")
    with pytest.raises(ValidationError, match="does not hold the role"):
        services.assign_step(actor=coordinator, step_id=exam.pk, assignee=registrar)
    services.assign_step(actor=coordinator, step_id=exam.pk, assignee=medic)
    assert step(case, "medical_examination").assignee == medic
    with pytest.raises(PermissionDenied):
        services.assign_step(actor=medic, step_id=exam.pk, assignee=None)


def test_many_steps_move_at_once_all_or_none(
    officer: User, stage: Stage, ours: list[Person], coordinator: User, medic: User
) -> None:
    for person in ours[:2]:
        receive(officer, stage, person)
    intakes = list(CaseStep.objects.filter(kind="handover_intake").order_by("pk"))
    exams = list(CaseStep.objects.filter(kind="medical_examination"))
    with pytest.raises(ValidationError, match="worked by its owner role"):
        services.update_steps(
            actor=coordinator, step_ids=[intakes[0].pk, exams[0].pk], state="done"
        )
    assert not CaseStep.objects.filter(state="done").exists()  # nothing moved
    assert (
        services.update_steps(actor=coordinator, step_ids=[s.pk for s in intakes], state="done")
        == 2
    )
    assert set(CaseStep.objects.filter(kind="handover_intake").values_list("state", flat=True)) == {
        "done"
    }
    assert AuditEntry.objects.filter(action="return_case.step").count() == 2
    assert (
        services.update_steps(actor=coordinator, step_ids=[s.pk for s in intakes], state="done")
        == 0
    )  # already there: nothing to do
    closures = CaseStep.objects.filter(kind="closure").values_list("pk", flat=True)
    with pytest.raises(ValidationError) as refused:
        services.update_steps(actor=coordinator, step_ids=list(closures), state="done")
    assert len(refused.value.messages) == 2 and "still open" in refused.value.messages[0]
