"""The facts of a stage, read from the registry, the exchange, the return cases and the
payments, for core.statements to write the statement from. Counts only: a statement names
nobody."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from homeward.apps.exchanges.choices import FormulaChoice, OutcomeChoice
from homeward.apps.exchanges.models import Agreement, Stage, StageMember
from homeward.apps.payments.models import Payment
from homeward.apps.registry.models import Branch, Direction, Person, StatusEvent, VocabularyItem
from homeward.apps.returns.models import CaseStep, ReturnCase
from homeward.core.disclosure import is_small
from homeward.core.returns import StepKind, StepState
from homeward.core.statements.composition import Part, withheld_in
from homeward.core.statements.language import Lang
from homeward.core.statements.period import Exchange, PeriodFacts, period_statement
from homeward.core.statements.stage import Service, StageFacts, Statement, Tally, stage_statement
from homeward.core.status import Status


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


def _composition(persons: list[Person], lang: Lang) -> dict[str, Any]:
    """Who they are, counted: the facts every statement tells of those who came home."""
    military = [p for p in persons if p.category == "military"]
    groups: Counter[int] = Counter(g.pk for p in persons for g in p.groups.all())
    group_items = {g.pk: g for p in persons for g in p.groups.all()}
    fought: Counter[int] = Counter(p.direction_id for p in persons if p.direction_id)
    directions = Direction.objects.filter(pk__in=fought).order_by("sort_order", "code")
    return {
        "military": len(military), "civilians": len(persons) - len(military),
        "men": sum(p.sex == "male" for p in persons),
        "women": sum(p.sex == "female" for p in persons),
        "ranks": dict(Counter(p.rank_category for p in military)),
        "services": _services(military, lang),
        "groups": tuple(Tally(_name(group_items[pk], lang), n) for pk, n in groups.most_common()),
        "directions": tuple(Tally(_name(d, lang), fought[d.pk]) for d in directions),
    }  # fmt: skip


def _cared_for(cases: QuerySet[ReturnCase]) -> dict[str, Any]:
    """How many of them have had their medical examination and been paid."""
    return {
        "examined": CaseStep.objects.filter(case__in=cases, kind=StepKind.MEDICAL_EXAMINATION,
                                            state=StepState.DONE).count(),
        "paid": Payment.objects.filter(entitlement__case__in=cases).count(),
    }  # fmt: skip


def stage_facts(stage: Stage, lang: Lang) -> StageFacts:
    agreement = stage.agreement
    members = list(
        StageMember.objects.filter(stage=stage, outcome=OutcomeChoice.RECEIVED)
        .select_related("person__branch__parent", "person__direction")
        .prefetch_related("person__groups")
    )
    persons = [m.person for m in members]
    later = agreement.stages.filter(number__gt=stage.number).order_by("number").first()
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
        next_stage=(later.number, later.date) if later else None,
        **_composition(persons, lang),
        **_cared_for(ReturnCase.objects.filter(stage_member__in=[m.pk for m in members])),
    )  # fmt: skip


HOME = (Status.RETURNED, Status.RELEASED)


def _came_home(until: dt.date) -> QuerySet[StatusEvent]:
    return StatusEvent.objects.filter(
        status__in=HOME, effective_date__lte=until, person__side="own",
        person__merged_into__isnull=True,
    )  # fmt: skip


def period_facts(start: dt.date, end: dt.date, lang: Lang, min_count: int) -> PeriodFacts:
    """Everyone of ours who came home from `start` to `end`: in the stages of exchanges
    held in the period, and released otherwise (by their RETURNED or RELEASED report)."""
    members = list(
        StageMember.objects.filter(stage__date__range=(start, end),
                                   outcome=OutcomeChoice.RECEIVED, person__side="own")
        .select_related("stage__agreement", "person__branch__parent", "person__direction")
        .prefetch_related("person__groups").order_by("stage__date", "stage__number")
    )  # fmt: skip
    exchanged = {m.person_id for m in members}
    home_ids = set(_came_home(end).filter(effective_date__gte=start)
                   .values_list("person_id", flat=True))  # fmt: skip
    others = home_ids - exchanged
    withheld = is_small(len(others), min_count)
    persons = [m.person for m in members]
    if not withheld:
        released = Person.objects.filter(pk__in=others).prefetch_related("groups")
        persons += list(released.select_related("branch__parent", "direction"))
    by_agreement: dict[int, list[StageMember]] = {}
    for m in members:
        by_agreement.setdefault(m.stage.agreement_id, []).append(m)
    exchanges = tuple(
        Exchange(n_for_n=ms[0].stage.agreement.formula == FormulaChoice.N_FOR_N,
                 total=ms[0].stage.agreement.total, title=ms[0].stage.agreement.title,
                 stages=tuple(sorted({m.stage.number for m in ms})), received=len(ms))
        for ms in by_agreement.values()
    )  # fmt: skip
    later = Stage.objects.filter(date__gt=end).order_by("date", "number").first()
    released_otherwise = persons[len(members) :]

    def cases(of: list[StageMember], released: list[Person]) -> QuerySet[ReturnCase]:
        """The cases of this homecoming (not of an earlier one of the same person)."""
        return ReturnCase.objects.filter(
            Q(stage_member__in=[m.pk for m in of])
            | Q(person__in=[p.pk for p in released], returned_on__range=(start, end),
                stage_member__isnull=True)
        )  # fmt: skip

    # each stage's statement tells its own people; the period's figures add up from them
    # and from those released otherwise, so it withholds what any of them withholds
    by_stage: dict[int, list[StageMember]] = {}
    for m in members:
        by_stage.setdefault(m.stage_id, []).append(m)
    parts = [_part([m.person for m in ms], cases(ms, []), lang) for ms in by_stage.values()]
    if released_otherwise:
        parts.append(_part(released_otherwise, cases([], released_otherwise), lang))
    return PeriodFacts(
        start=start, end=end, received=len(persons), exchanges=exchanges,
        released_otherwise=len(others), others_withheld=withheld and bool(others),
        home_so_far=StageMember.objects.filter(
            stage__date__lte=end, outcome=OutcomeChoice.RECEIVED, person__side="own",
        ).values("person").distinct().count(),
        next_stage=(later.number, later.date) if later else None,
        **_composition(persons, lang), **_cared_for(cases(members, released_otherwise)),
        withheld=withheld_in(parts, min_count),
    )  # fmt: skip


def _part(persons: list[Person], cases: QuerySet[ReturnCase], lang: Lang) -> Part:
    """The counts a statement on just these persons would tell or withhold."""
    told = _composition(persons, lang)
    keys = ("military", "civilians", "men", "women", "ranks", "groups")
    return Part(received=len(persons), **{k: told[k] for k in keys}, **_cared_for(cases))


def _threshold(min_count: int | None) -> int:
    return settings.HOMEWARD_PUBLIC_MIN_COUNT if min_count is None else min_count


def statement_for(stage: Stage, lang: Lang, min_count: int | None = None) -> Statement:
    """The statement as it may be published: counts below the public threshold withheld
    unless `min_count` says otherwise."""
    threshold = _threshold(min_count)
    return stage_statement(stage_facts(stage, lang), lang, threshold)


def period_statement_for(
    start: dt.date, end: dt.date, lang: Lang, min_count: int | None = None
) -> Statement:
    """The statement on a period, as it may be published."""
    if end < start:
        raise ValueError("The period ends before it starts.")
    threshold = _threshold(min_count)
    return period_statement(period_facts(start, end, lang, threshold), lang, threshold)
