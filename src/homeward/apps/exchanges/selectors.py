"""Reads of the exchanges, with the need-to-know rule applied.

Who is planned for a stage is secret until the stage is completed: only exchange officers
and administrators (`exchanges.manage_exchange`) see the members of a stage that is planned
or under way; every other role that may see agreements sees the counts of completed stages
and their members, never a plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from homeward.apps.common.permissions import Actor, Perm, has, require
from homeward.apps.exchanges.choices import OutcomeChoice, StageStatusChoice
from homeward.apps.exchanges.models import Agreement, Stage, StageMember
from homeward.apps.registry import selectors as registry_selectors
from homeward.core.exchanges.outcomes import Direction

MAY_VIEW = Perm.VIEW_AGREEMENT
MAY_MANAGE = Perm.MANAGE_EXCHANGE


def can_manage(user: Actor) -> bool:
    return has(user, MAY_MANAGE)


def _require(user: Actor) -> None:
    require(user, MAY_VIEW, refusal=_("You may not see exchanges."))


def agreements_for(user: Actor) -> QuerySet[Agreement]:
    _require(user)
    return Agreement.objects.all()


def agreement_for(user: Actor, pk: int) -> Agreement:
    return get_object_or_404(agreements_for(user), pk=pk)


def stage_for(user: Actor, pk: int) -> Stage:
    _require(user)
    return get_object_or_404(Stage.objects.select_related("agreement"), pk=pk)


def may_see_composition(user: Actor, stage: Stage) -> bool:
    """Counts of who came home: once the stage is completed, or to those who run it."""
    return stage.status == StageStatusChoice.COMPLETED or can_manage(user)


def may_see_members(user: Actor, stage: Stage) -> bool:
    """Names as well: only for roles that may see persons at all (not communications)."""
    return may_see_composition(user, stage) and has(user, Perm.VIEW_PERSON)


def members_for(user: Actor, stage: Stage) -> QuerySet[StageMember]:
    """The persons of a stage, with what came of each; refused before the stage is
    completed unless the user plans and runs exchanges."""
    _require(user)
    if not may_see_members(user, stage):
        raise PermissionDenied(_("Who is in a stage is known only to exchange officers until "
                                 "the stage is completed."))  # fmt: skip
    visible = registry_selectors.persons_for(user, include_merged=True)
    return (
        StageMember.objects.filter(stage=stage, person__in=visible)
        .select_related("person", "person__rank", "person__branch", "person__direction",
                        "substitute_for__person", "recorded_by")
        .order_by("direction", "person__surname", "person__given_name", "id")
    )  # fmt: skip


@dataclass
class StageCounts:
    """What a stage planned and what came of it, by direction."""

    stage: Stage
    planned_receive: int = 0  # planned persons of ours (a substitute replaces, not adds)
    planned_hand_over: int = 0
    received: int = 0
    handed_over: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # outcome → persons
    received_so_far: int = 0  # in the agreement up to and including this stage

    @property
    def open(self) -> int:
        return self.outcomes.get(OutcomeChoice.PLANNED, 0)

    @property
    def parity_gap(self) -> int:
        """Handed over minus what parity asks for what was received (0 is parity)."""
        return self.handed_over - round(self.received * float(self.stage.ratio))


def stage_counts(stages: list[Stage]) -> list[StageCounts]:
    """Counts of each stage (of one agreement, in order), with the running total of
    persons received. Counts are not need-to-know: they go into official statements once
    a stage is done, and officers see them live during the day."""
    rows = (
        StageMember.objects.filter(stage__in=stages)
        .values("stage_id", "direction", "outcome")
        .annotate(n=Count("id"), substitutes=Count("id", filter=Q(substitute_for__isnull=False)))
    )
    by_stage: dict[int, StageCounts] = {s.pk: StageCounts(s) for s in stages}
    for row in rows:
        counts = by_stage[row["stage_id"]]
        n, outcome = row["n"], row["outcome"]
        counts.outcomes[outcome] = counts.outcomes.get(outcome, 0) + n
        planned = n - row["substitutes"]  # a substitute takes a place, not a new one
        if row["direction"] == Direction.RECEIVE:
            counts.planned_receive += planned
            counts.received += n if outcome == OutcomeChoice.RECEIVED else 0
        else:
            counts.planned_hand_over += planned
            counts.handed_over += n if outcome == OutcomeChoice.HANDED_OVER else 0
    running = 0
    result = []
    for stage in sorted(stages, key=lambda s: s.number):
        counts = by_stage[stage.pk]
        running += counts.received
        counts.received_so_far = running
        result.append(counts)
    return result


@dataclass(frozen=True)
class AgreementTotals:
    agreement: Agreement
    stages: list[StageCounts]

    @property
    def received(self) -> int:
        return self.stages[-1].received_so_far if self.stages else 0

    @property
    def handed_over(self) -> int:
        return sum(s.handed_over for s in self.stages)


def agreement_totals(agreement: Agreement) -> AgreementTotals:
    return AgreementTotals(agreement, stage_counts(list(agreement.stages.all())))


def _name() -> str:
    """The vocabularies' name field in the user's language."""
    return "name_uk" if (get_language() or "uk").startswith("uk") else "name_en"


def composition(user: Actor, stage: Stage) -> dict[str, Any]:
    """Who came home in a stage, counted by sex, rank category, branch, direction,
    category and group: the facts the statements report. Counts only, so every role that
    sees exchanges gets them, but only once the stage is completed unless they run it."""
    _require(user)
    if not may_see_composition(user, stage):
        raise PermissionDenied(_("A stage's composition is known only to exchange officers "
                                 "until the stage is completed."))  # fmt: skip
    received = StageMember.objects.filter(
        stage=stage, direction=Direction.RECEIVE, outcome=OutcomeChoice.RECEIVED
    )
    fields = {
        "sex": "person__sex",
        "rank_category": "person__rank_category",
        "category": "category",
        "branch": f"person__branch__{_name()}",
        "direction": f"person__direction__{_name()}",
        "groups": f"person__groups__{_name()}",
    }
    result: dict[str, Any] = {"received": received.count()}
    for name, path in fields.items():
        rows = received.values(path).annotate(n=Count("id")).order_by("-n", path)
        result[name] = {row[path]: row["n"] for row in rows if name != "groups" or row[path]}
    return result
