"""The stage planner (core.planning, ADR 18) on an agreement: the persons both sides agreed
on, not yet planned, proposed for the agreement's planned stages with the officer's pins
and exclusions, each with the reason they are where they are; applied through the stage
services, all or nothing.

A proposal is computed again from the same input when it is applied (HiGHS answers the
same questions the same way), so nothing of it is stored between the page and the
applying."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from homeward.apps.common.messages import translate
from homeward.apps.common.permissions import Actor
from homeward.apps.exchanges import list_selectors, services
from homeward.apps.exchanges.choices import (
    ExchangeCategoryChoice,
    OutcomeChoice,
    StageStatusChoice,
    VersionStateChoice,
)
from homeward.apps.exchanges.models import Agreement, ListEntry, ListVersion, Stage, StageMember
from homeward.apps.registry.models import Person
from homeward.core import planning
from homeward.core.exchanges.lists import LEFT_CAPTIVITY, ListKind
from homeward.core.messages import Message
from homeward.core.planning import Category, Direction

# The planner ranks a lower priority first; an entry without one (0) goes after every
# entry given one.
NO_PRIORITY = 1000

CATEGORY_LABELS = dict(ExchangeCategoryChoice.choices)
_DIRECTION_OF_SIDE = {"own": Direction.RECEIVE, "held": Direction.HAND_OVER}


@dataclass(frozen=True)
class Agreed:
    """A person of an agreed list version, as the planner needs them."""

    person: Person
    direction: Direction
    category: Category
    priority: int  # as the planner ranks it


@dataclass
class Proposal:
    """What the planner proposes for an agreement's planned stages."""

    agreement: Agreement
    stages: list[Stage]  # the planned stages, by date
    agreed: dict[str, Agreed]  # by case number
    plan: planning.Plan | None = None
    problems: list[Message] = field(default_factory=list)  # why there is no plan
    # Ours left out because their category's quota in the formula is used up.
    over_quota: dict[str, Message] = field(default_factory=dict)

    def why(self, case: str | int) -> Message:
        """Why the person is where the plan puts them."""
        if str(case) in self.over_quota:
            return self.over_quota[str(case)]
        assert self.plan is not None
        return self.plan.explanations[case].message

    def persons_in(self, stage: Stage) -> list[Person]:
        if self.plan is None:
            return []
        found = next(s for s in self.plan.stages if s.stage == stage.number)
        return [self.agreed[str(case)].person for case in found.received + found.handed_over]


def agreed_persons(user: Actor, agreement: Agreement) -> dict[str, Agreed]:
    """The persons on the latest agreed version of each of the agreement's lists, who have
    not left captivity and are not yet planned in one of its stages (a refusal or a no-show
    may be planned again). By case number."""
    list_selectors.require_may_see_lists(user, agreement)
    latest: dict[str, int] = {}
    versions = (
        ListVersion.objects.filter(
            exchange_list__agreement=agreement, state=VersionStateChoice.AGREED
        )
        .order_by("number")
        .values_list("exchange_list__kind", "pk")
    )
    for kind, pk in versions:
        latest[kind] = pk
    entries = (
        ListEntry.objects.filter(version__in=latest.values(), person__isnull=False)
        .select_related("person", "version__exchange_list")
        .order_by("priority", "pk")
    )
    planned = set(
        StageMember.objects.filter(stage__agreement=agreement)
        .exclude(outcome__in=(OutcomeChoice.REFUSED, OutcomeChoice.NO_SHOW))
        .values_list("person_id", flat=True)
    )
    found: dict[str, Agreed] = {}
    for entry in entries:
        person = entry.person
        assert person is not None
        side = ListKind(entry.version.exchange_list.kind).side
        if (
            person.pk in planned
            or person.merged_into_id is not None
            or person.current_status in LEFT_CAPTIVITY
            or person.side != side.value
        ):
            continue
        priority = entry.priority or NO_PRIORITY
        known = found.get(person.case_number)
        if known is not None and known.priority <= priority:
            continue  # on two lists (our request and their offer): the more urgent counts
        found[person.case_number] = Agreed(
            person, _DIRECTION_OF_SIDE[person.side], Category(entry.category), priority
        )
    return found


def _captivity_days(person: Person, today: dt.date) -> int | None:
    if person.capture_date is None:
        return None
    return max(0, (today - person.capture_date).days)


def _places_taken(agreement: Agreement) -> Counter[str]:
    """Places of ours already taken in the agreement, by category: received, or planned
    and still waiting (refusals and no-shows give their place back; a substitute takes the
    place of the person they replace)."""
    return Counter(
        StageMember.objects.filter(stage__agreement=agreement, direction="receive",
                                   substitute_for__isnull=True)
        .exclude(outcome__in=(OutcomeChoice.REFUSED, OutcomeChoice.NO_SHOW))
        .values_list("category", flat=True)
    )  # fmt: skip


def _within_quotas(
    agreement: Agreement,
    taken: Counter[str],
    candidates: list[planning.Candidate],
    proposal: Proposal,
) -> list[planning.Candidate]:
    """Per category, only as many of ours as its quota leaves go to the planner, the most
    urgent first (pinned persons count first); the others are held back with the reason."""
    left = {c: max(agreement.quotas.get(c.value, 0) - taken[c.value], 0) for c in Category}
    ours = sorted(
        (c for c in candidates if c.direction is Direction.RECEIVE and not c.excluded),
        key=lambda c: (c.pinned_stage is None, planning.rank_key(c)),
    )
    held_back: set[str | int] = set()
    for candidate in ours:
        if left[candidate.category] > 0:
            left[candidate.category] -= 1
            continue
        held_back.add(candidate.id)
        label = str(CATEGORY_LABELS[candidate.category.value]).lower()
        proposal.over_quota[str(candidate.id)] = Message(
            gettext_noop("Not planned: the agreement's quota for %(category)s (%(quota)s) is "
                         "reached."),
            {"category": label, "quota": agreement.quotas.get(candidate.category.value, 0)},
        )  # fmt: skip
    return [replace(c, excluded=True, pinned_stage=None) if c.id in held_back else c
            for c in candidates]  # fmt: skip


def _free_places(stage: Stage) -> tuple[int, int]:
    taken = StageMember.objects.filter(stage=stage, substitute_for__isnull=True)
    receive = taken.filter(direction="receive").count()
    hand_over = taken.filter(direction="hand_over").count()
    return stage.receive_capacity - receive, stage.hand_over_capacity - hand_over


def propose(
    user: Actor,
    agreement: Agreement,
    pins: Mapping[str, int] | None = None,
    excluded: frozenset[str] = frozenset(),
) -> Proposal:
    """The planner's proposal for the agreement's planned stages. `pins`: case number →
    stage number; `excluded`: case numbers. Problems (no planned stage, a pin to no stage
    or of a person not agreed, pins that cannot all hold) come back in `problems`."""
    pins = pins or {}
    stages = list(agreement.stages.filter(status=StageStatusChoice.PLANNED).order_by("date"))
    agreed = agreed_persons(user, agreement)
    proposal = Proposal(agreement, stages, agreed)
    unknown = sorted((set(pins) | excluded) - set(agreed))
    if unknown:
        proposal.problems.append(Message(
            gettext_noop("Not among the agreed persons still to plan: %(cases)s."),
            {"cases": ", ".join(unknown)},
        ))  # fmt: skip
    numbers = {s.number for s in stages}
    for case, number in sorted(pins.items()):
        if number not in numbers:
            text = gettext_noop("%(case)s is pinned to stage %(stage)s, not a planned stage.")
            proposal.problems.append(Message(text, {"case": case, "stage": number}))
    if not stages:
        proposal.problems.append(
            Message(gettext_noop("The agreement has no planned stage: add a stage first."))
        )
    if proposal.problems:
        return proposal
    today = timezone.localdate()
    plan_stages = []
    # The agreement's formula bounds every stage together: no more of ours come home than
    # it says, so the earliest stages take what is left of it first.
    taken = _places_taken(agreement)
    left = max(agreement.total - sum(taken.values()), 0)
    for stage in stages:
        receive, hand_over = _free_places(stage)
        receive = min(max(receive, 0), left)
        left -= receive
        plan_stages.append(planning.Stage(
            id=stage.number, date=stage.date, receive_capacity=receive,
            hand_over_capacity=max(hand_over, 0), ratio=float(stage.ratio),
        ))  # fmt: skip
    candidates = [
        planning.Candidate(
            id=case,
            direction=a.direction,
            category=a.category,
            captivity_days=_captivity_days(a.person, today),
            priority=a.priority,
            pinned_stage=pins.get(case),
            excluded=case in excluded,
        )
        for case, a in agreed.items()
    ]
    if agreement.formula == "per_category":
        candidates = _within_quotas(agreement, taken, candidates, proposal)
    try:
        proposal.plan = planning.plan_stages(plan_stages, candidates)
    except (planning.PlanInputError, planning.InfeasiblePinsError) as exc:
        proposal.problems.extend(exc.problems)
    return proposal


@transaction.atomic
def apply_proposal(*, actor: Actor, proposal: Proposal) -> list[StageMember]:
    """Plan the proposed persons into their stages (stage services: capacity, sides and
    who may be planned are checked again, all or nothing)."""
    if proposal.plan is None:
        raise services.ExchangeError([words(p) for p in proposal.problems])
    members: list[StageMember] = []
    category = {a.person.pk: a.category.value for a in proposal.agreed.values()}
    for stage in proposal.stages:
        persons = proposal.persons_in(stage)
        if not persons:
            continue
        members += services.add_members(
            actor=actor, stage=stage, persons=[(p, category[p.pk]) for p in persons]
        )
    if not members:
        raise services.ExchangeError(_("The proposal plans nobody: no agreed person is left to "
                                       "plan, or the stages have no room."))  # fmt: skip
    return members


def words(message: Message) -> str:
    """A planner's message in the user's language, its category codes as their labels."""
    values = dict(message.values)
    category = values.get("category")
    if isinstance(category, str) and category in CATEGORY_LABELS:
        values["category"] = str(CATEGORY_LABELS[category]).lower()
    return translate(Message(message.template, values))
