"""The facts of a stage, read from the registry, the exchange, the return cases and the
payments, for core.statements to write the statement from. Counts only: a statement names
nobody."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db.models import QuerySet

from homeward.apps.exchanges.choices import FormulaChoice, OutcomeChoice
from homeward.apps.exchanges.models import Agreement, Stage, StageMember
from homeward.apps.payments.models import Payment
from homeward.apps.registry.models import Branch, Direction, Person, VocabularyItem
from homeward.apps.returns.models import CaseStep
from homeward.core.returns import StepKind, StepState
from homeward.core.statements.language import Lang
from homeward.core.statements.stage import Service, StageFacts, Statement, Tally, stage_statement


class NoSuchStage(LookupError):
    """The stage asked for does not exist; the message says what does."""


def _name(item: VocabularyItem, lang: Lang) -> str:
    return item.name_uk if lang is Lang.UK else item.name_en


def find_stage(number: int, agreement_id: int | None = None) -> Stage:
    """Stage `number` of the agreement, by default of the latest agreement that has one."""
    agreements: QuerySet[Agreement] = Agreement.objects.order_by("-negotiated_on", "-id")
    if agreement_id is not None:
        agreements = agreements.filter(pk=agreement_id)
    stage = (Stage.objects.select_related("agreement")
             .filter(agreement__in=agreements, number=number)
             .order_by("-agreement__negotiated_on", "-agreement_id").first())  # fmt: skip
    if stage is None:
        raise NoSuchStage(f"No agreement{'' if agreement_id is None else f' {agreement_id}'} "
                          f"has a stage {number}.")  # fmt: skip
    return stage


def _services(persons: list[Person], lang: Lang) -> tuple[Service, ...]:
    """Top-level services by how many returned, each with its parts that are present."""
    counts: Counter[int] = Counter()
    tops: dict[int, Branch] = {}
    parts: dict[int, Counter[str]] = {}
    for person in persons:
        if person.branch is None:
            continue
        top = person.branch.parent or person.branch
        tops[top.pk] = top
        counts[top.pk] += 1
        if person.branch.parent is not None:
            parts.setdefault(top.pk, Counter())[_name(person.branch, lang)] += 1
    return tuple(
        Service(_name(tops[pk], lang), n, tuple(Tally(name, k) for name, k
                                                in parts.get(pk, Counter()).most_common()))
        for pk, n in counts.most_common()
    )  # fmt: skip


def stage_facts(stage: Stage, lang: Lang) -> StageFacts:
    agreement = stage.agreement
    members = list(
        StageMember.objects.filter(stage=stage, outcome=OutcomeChoice.RECEIVED)
        .select_related("person__branch__parent", "person__direction")
        .prefetch_related("person__groups")
    )
    persons = [m.person for m in members]
    military = [p for p in persons if p.category == "military"]
    groups: Counter[int] = Counter(g.pk for p in persons for g in p.groups.all())
    group_items = {g.pk: g for p in persons for g in p.groups.all()}
    fought: Counter[int] = Counter(p.direction_id for p in persons if p.direction_id)
    directions = Direction.objects.filter(pk__in=fought).order_by("sort_order", "code")
    later = agreement.stages.filter(number__gt=stage.number).order_by("number").first()
    cases = [m.pk for m in members]
    return StageFacts(
        stage_number=stage.number, date=stage.date,
        day_of_exchange=agreement.stages.filter(date__lte=stage.date).values("date")
        .distinct().count(),
        received=len(persons),
        received_so_far=StageMember.objects.filter(
            stage__agreement=agreement, stage__number__lte=stage.number,
            outcome=OutcomeChoice.RECEIVED).count(),
        agreement_total=agreement.total, n_for_n=agreement.formula == FormulaChoice.N_FOR_N,
        agreement_title=agreement.title, mediator=agreement.mediator,
        military=len(military), civilians=len(persons) - len(military),
        men=sum(p.sex == "male" for p in persons), women=sum(p.sex == "female" for p in persons),
        ranks=dict(Counter(p.rank_category for p in military)),
        services=_services(military, lang),
        groups=tuple(Tally(_name(group_items[pk], lang), n) for pk, n in groups.most_common()),
        directions=tuple(Tally(_name(d, lang), fought[d.pk]) for d in directions),
        next_stage=(later.number, later.date) if later else None,
        examined=CaseStep.objects.filter(
            case__stage_member__in=cases, kind=StepKind.MEDICAL_EXAMINATION,
            state=StepState.DONE).count(),
        paid=Payment.objects.filter(entitlement__case__stage_member__in=cases).count(),
    )  # fmt: skip


def statement_for(stage: Stage, lang: Lang, min_count: int | None = None) -> Statement:
    """The statement as it may be published: counts below the public threshold withheld
    unless `min_count` says otherwise."""
    threshold = settings.HOMEWARD_PUBLIC_MIN_COUNT if min_count is None else min_count
    return stage_statement(stage_facts(stage, lang), lang, threshold)
