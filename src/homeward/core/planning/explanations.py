"""Explanations in words a user interface can translate: an English template marked for the
catalogue and its values (ids, counts, days)."""

from __future__ import annotations

from homeward.core.messages import Message, Value
from homeward.core.messages import gettext_noop as _
from homeward.core.planning.inputs import Candidate, Direction, StageId
from homeward.core.planning.plan import Explanation, Reason
from homeward.core.planning.ranking import Criterion, deciding_criterion


def _explain(
    candidate: Candidate, reason: Reason, where: StageId | None, template: str, **values: Value
) -> Explanation:
    return Explanation(candidate.id, reason, where, values, Message(template, values))


def pinned(candidate: Candidate, stage: StageId) -> Explanation:
    return _explain(
        candidate,
        Reason.PINNED,
        stage,
        _("Stage %(stage)s: pinned to this stage by the exchange officer."),
        stage=stage,
    )


def excluded(candidate: Candidate) -> Explanation:
    return _explain(
        candidate, Reason.EXCLUDED, None, _("Not planned: excluded by the exchange officer.")
    )


def planned(
    candidate: Candidate, stage: StageId, position: int, after: Candidate | None
) -> Explanation:
    """`after`: the first person ranked below on the same side who was placed in a later
    stage or not at all, so that the criterion separating the two says why this one is
    here; None when no one ranked below fared worse."""
    common: dict[str, Value] = {"stage": stage, "position": position}
    if after is None:
        return _explain(
            candidate,
            Reason.ROOM_FOR_ALL,
            stage,
            _(
                "Stage %(stage)s (number %(position)s in the order of priority): everyone "
                "ranked after this person is planned no later, so priority did not decide."
            ),
            **common,
        )
    common["other"] = after.id
    criterion = deciding_criterion(candidate, after)
    if criterion is Criterion.WOUNDED_SICK:
        return _explain(
            candidate,
            Reason.WOUNDED_SICK_FIRST,
            stage,
            _(
                "Stage %(stage)s: seriously wounded or sick (Annex I), who go first; "
                "ahead of %(other)s."
            ),
            **common,
        )
    if criterion is Criterion.CAPTIVITY:
        assert candidate.captivity_days is not None  # unknown ranks as the shortest
        common["days"] = candidate.captivity_days
        if after.captivity_days is None:
            return _explain(
                candidate,
                Reason.LONGEST_IN_CAPTIVITY,
                stage,
                _(
                    "Stage %(stage)s: %(days)s days in captivity, ahead of %(other)s, whose "
                    "captivity is unknown and counts as the shortest."
                ),
                **common,
            )
        return _explain(
            candidate,
            Reason.LONGEST_IN_CAPTIVITY,
            stage,
            _(
                "Stage %(stage)s: %(days)s days in captivity, ahead of %(other)s with "
                "%(other_days)s days."
            ),
            **common,
            other_days=after.captivity_days,
        )
    if criterion is Criterion.AGREED_PRIORITY:
        return _explain(
            candidate,
            Reason.AGREED_PRIORITY,
            stage,
            _(
                "Stage %(stage)s: agreed priority %(priority)s, ahead of %(other)s with "
                "priority %(other_priority)s."
            ),
            **common,
            priority=candidate.priority,
            other_priority=after.priority,
        )
    return _explain(
        candidate,
        Reason.TIE_BREAK,
        stage,
        _(
            "Stage %(stage)s: the same priority as %(other)s in every criterion; ahead by the "
            "order of identifiers."
        ),
        **common,
    )


_CAPACITY = {
    Direction.RECEIVE: _(
        "Not planned: every stage is full with persons to receive ranked higher or pinned; "
        "the last planned of this category is %(last_planned)s."
    ),
    Direction.HAND_OVER: _(
        "Not planned: every stage is full with persons to hand over ranked higher or pinned; "
        "the last planned of this category is %(last_planned)s."
    ),
}
_CAPACITY_NONE_PLANNED = {
    Direction.RECEIVE: _(
        "Not planned: no stage has room for one more person to receive of this category."
    ),
    Direction.HAND_OVER: _(
        "Not planned: no stage has room for one more person to hand over of this category."
    ),
}
_PARITY = {
    Direction.RECEIVE: _(
        "Not planned: the other side has too few persons to hand over (or no room for them) "
        "to keep parity for one more received."
    ),
    Direction.HAND_OVER: _(
        "Not planned: parity with the persons received allows no one more to be handed over."
    ),
}
_BOTH = {
    Direction.RECEIVE: _(
        "Not planned: no stage has room for one more person to receive, and parity would not "
        "allow one more either."
    ),
    Direction.HAND_OVER: _(
        "Not planned: no stage has room for one more person to hand over, and parity would "
        "not allow one more either."
    ),
}


def not_planned(
    candidate: Candidate,
    reason: Reason,
    position: int,
    last_planned: Candidate | None,
    last_stage: StageId | None,
) -> Explanation:
    """`last_planned`: the lowest-ranked person of the same side and category who is
    planned (all of them rank higher), for comparison."""
    direction = candidate.direction
    values: dict[str, Value] = {"position": position}
    if last_planned is not None and last_stage is not None:
        values["last_planned"] = last_planned.id
        values["last_planned_stage"] = last_stage
    if reason is Reason.NOT_PLANNED_CAPACITY:
        template = _CAPACITY[direction] if last_planned else _CAPACITY_NONE_PLANNED[direction]
    elif reason is Reason.NOT_PLANNED_PARITY:
        template = _PARITY[direction]
    else:
        template = _BOTH[direction]
    return _explain(candidate, reason, None, template, **values)
