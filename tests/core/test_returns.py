from __future__ import annotations

import datetime as dt

import pytest

from homeward.core.returns import (
    DEFAULT_PLAN,
    MEDICAL_STEPS,
    Refusal,
    SightingVerdict,
    StepFacts,
    StepKind,
    StepState,
    case_closed,
    current_step,
    due_date,
    is_overdue,
    judge_sighting,
    refusal,
)

RETURNED = dt.date(2025, 5, 23)


def steps(**states: StepState) -> list[StepFacts]:
    return [
        StepFacts(plan.kind, states.get(plan.kind.value, StepState.PENDING), plan.optional,
                  due_date(RETURNED, plan.deadline_days))
        for plan in DEFAULT_PLAN
    ]  # fmt: skip


def test_the_default_plan_has_every_step_once_and_ends_with_closure() -> None:
    kinds = [plan.kind for plan in DEFAULT_PLAN]
    assert sorted(kinds) == sorted(StepKind)
    assert kinds[0] is StepKind.HANDOVER_INTAKE and kinds[-1] is StepKind.CLOSURE
    medical = {p.kind for p in DEFAULT_PLAN if p.owner_role == "medical_officer"}
    assert medical == MEDICAL_STEPS


def test_a_step_is_due_its_deadline_in_days_after_the_return() -> None:
    assert due_date(RETURNED, 3) == dt.date(2025, 5, 26)
    step = StepFacts(StepKind.MEDICAL_EXAMINATION, StepState.IN_PROGRESS, False,
                     dt.date(2025, 5, 26))  # fmt: skip
    assert not is_overdue(step, dt.date(2025, 5, 26))  # due today is not late yet
    assert is_overdue(step, dt.date(2025, 5, 27))
    done = StepFacts(step.kind, StepState.DONE, False, step.due)
    assert not is_overdue(done, dt.date(2030, 1, 1))


def test_a_case_stands_at_its_first_unfinished_step() -> None:
    assert current_step(steps()) is StepKind.HANDOVER_INTAKE
    assert current_step(steps(handover_intake=StepState.DONE)) is StepKind.MEDICAL_EXAMINATION
    later = steps(handover_intake=StepState.DONE, medical_examination=StepState.DONE,
                  hospitalisation=StepState.NOT_NEEDED)  # fmt: skip
    assert current_step(later) is StepKind.PHYSICAL_REHABILITATION
    every = {kind.value: StepState.DONE for kind in StepKind}
    assert current_step(steps(**every)) is None
    assert case_closed(steps(**every))


@pytest.mark.parametrize(
    ("start", "to", "refused"),
    [
        (StepState.PENDING, StepState.IN_PROGRESS, None),
        (StepState.PENDING, StepState.DONE, None),
        (StepState.IN_PROGRESS, StepState.DONE, None),
        (StepState.DONE, StepState.IN_PROGRESS, None),  # reopened, e.g. a readmission
        (StepState.DONE, StepState.DONE, Refusal.NOT_FROM_STATE),
        (StepState.PENDING, StepState.PENDING, Refusal.NOT_FROM_STATE),
        (StepState.NOT_NEEDED, StepState.DONE, Refusal.NOT_FROM_STATE),
    ],
)
def test_moves_between_states(start: StepState, to: StepState, refused: Refusal | None) -> None:
    answer = refusal(steps(debrief=start), StepKind.DEBRIEF, to)
    assert (answer[0] if answer else None) is refused


def test_only_optional_steps_may_be_not_needed() -> None:
    assert refusal(steps(), StepKind.HOSPITALISATION, StepState.NOT_NEEDED) is None
    assert refusal(steps(), StepKind.MEDICAL_EXAMINATION, StepState.NOT_NEEDED) == (
        Refusal.NEEDED, ())  # fmt: skip


def test_closure_waits_for_every_other_step() -> None:
    almost = {kind.value: StepState.DONE for kind in StepKind if kind is not StepKind.CLOSURE}
    almost["debrief"] = StepState.IN_PROGRESS
    almost["hospitalisation"] = StepState.NOT_NEEDED
    assert refusal(steps(**almost), StepKind.CLOSURE, StepState.DONE) == (
        Refusal.STEPS_OPEN, (StepKind.DEBRIEF,))  # fmt: skip
    almost["debrief"] = StepState.DONE
    assert refusal(steps(**almost), StepKind.CLOSURE, StepState.DONE) is None


@pytest.mark.parametrize(
    ("probabilities", "verdict"),
    [
        ([], SightingVerdict.UNKNOWN),
        ([0.2, 0.1], SightingVerdict.UNKNOWN),
        ([0.99], SightingVerdict.CONFIRMED),
        ([0.99, 0.3], SightingVerdict.CONFIRMED),  # the runner-up is not worth a look
        ([0.99, 0.7], SightingVerdict.POSSIBLE),  # two plausible persons: a person decides
        ([0.7, 0.99], SightingVerdict.POSSIBLE),  # whatever the order given
        ([0.8], SightingVerdict.POSSIBLE),  # between the thresholds
    ],
)
def test_a_sighting_is_confirmed_only_when_one_person_clearly_fits(
    probabilities: list[float], verdict: SightingVerdict
) -> None:
    assert judge_sighting(probabilities, match=0.95, review=0.5) is verdict
