"""The statement on a period (a week, a month, the days of an exchange): how many of ours
came home, in which stages of which exchanges and how many were released otherwise, how
many have come home in all, who they are, the next stage and what awaits them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from homeward.core.disclosure import is_small
from homeward.core.statements.composition import (
    CLOSING,
    PERSON,
    Service,
    Statement,
    Tally,
    after_return,
    composition,
    directions,
    exchange_name,
    groups,
    next_stage,
    noun_for,
    returned,
    services,
)
from homeward.core.statements.language import FEWER_THAN, Lang, count, date_range, join, numbers


@dataclass(frozen=True, slots=True)
class Exchange:
    """An agreement's stages within the period and how many came home in them."""

    n_for_n: bool
    total: int  # as agreed
    title: str
    stages: tuple[int, ...]
    received: int


@dataclass(frozen=True, slots=True)
class PeriodFacts:
    """What the statement on a period says, with names in the statement's language.

    When fewer than the threshold came home otherwise than in an exchange, they are left
    out of `received` and of the composition (`others_withheld`): the exchanges' counts are
    public, so a total would give the small number away."""

    start: dt.date
    end: dt.date
    received: int
    exchanges: tuple[Exchange, ...] = ()
    released_otherwise: int = 0
    others_withheld: bool = False
    # ours brought home in exchanges up to the end of the period. Not those released
    # otherwise: two statements' totals would differ by a withheld few released between
    home_so_far: int = 0
    military: int = 0
    civilians: int = 0
    men: int = 0
    women: int = 0
    ranks: dict[str, int] = field(default_factory=dict)
    services: tuple[Service, ...] = ()
    groups: tuple[Tally, ...] = ()
    directions: tuple[Tally, ...] = ()
    next_stage: tuple[int, dt.date] | None = None
    examined: int = 0
    paid: int = 0
    withheld: frozenset[str] = frozenset()  # see Composition.withheld


IN_THIS_PERIOD = {Lang.UK: "З тих, хто повернувся за цей час",
                  Lang.EN: "Of those who returned in this period"}  # fmt: skip


def _stages(lang: Lang, exchange: Exchange) -> str:
    """ "під час етапів 1–3 обміну «1000 на 1000»", "in stage 2 of the … exchange"."""
    name = exchange_name(lang, exchange.n_for_n, exchange.total, exchange.title)
    listed = numbers(lang, exchange.stages)
    if lang is Lang.UK:
        return f"під час {'етапу' if len(exchange.stages) == 1 else 'етапів'} {listed} {name}"
    return f"in {'stage' if len(exchange.stages) == 1 else 'stages'} {listed} of {name}"


def _how(lang: Lang, f: PeriodFacts, t: int) -> str:
    """Which exchanges brought them home, and how many were released otherwise."""
    if f.received == 0:
        return _withheld(lang, f, t).strip()
    uk = lang is Lang.UK
    others = f.released_otherwise if not f.others_withheld else 0
    if not f.exchanges:
        sentence = ("Усіх їх звільнено в інший спосіб, не під час обміну." if uk
                    else "All of them were released otherwise than in an exchange.")  # fmt: skip
    elif len(f.exchanges) == 1 and not others:
        sentence = (f"Усі вони повернулися {_stages(lang, f.exchanges[0])}." if uk
                    else f"All of them came home {_stages(lang, f.exchanges[0])}.")  # fmt: skip
    elif uk:
        parts = [f"{count(lang, e.received, *PERSON[:2])} — {_stages(lang, e)}"
                 for e in f.exchanges]  # fmt: skip
        if others:
            parts.append(f"{count(lang, others, *PERSON[:2])} — звільнені в інший спосіб")
        sentence = f"З них {'; '.join(parts)}."
    else:
        parts = [f"{count(lang, e.received, *PERSON[:2])} came home {_stages(lang, e)}"
                 for e in f.exchanges]  # fmt: skip
        if others:
            parts.append(f"{count(lang, others, *PERSON[:2])} {'was' if others == 1 else 'were'} "
                         "released otherwise")  # fmt: skip
        sentence = f"Of them, {join(lang, parts)}."
    return sentence + _withheld(lang, f, t)


def _withheld(lang: Lang, f: PeriodFacts, t: int) -> str:
    if not f.others_withheld:
        return ""
    fewer = f"{FEWER_THAN[lang]} {count(lang, t, *PERSON[:2])}"
    if lang is Lang.UK:
        return f" Ще {fewer} звільнено в інший спосіб; їх тут не враховано."
    return (
        f" {fewer[0].upper()}{fewer[1:]} were also released otherwise; they are not counted here."
    )


def _so_far(lang: Lang, f: PeriodFacts) -> str:
    if not f.home_so_far:
        return ""
    so_far = count(lang, f.home_so_far, *PERSON[:2])
    if lang is Lang.UK:
        return f"Загалом під час обмінів із полону вже повернуто {so_far}."
    return f"In all, {so_far} have been brought home from captivity in exchanges so far."


def period_statement(facts: PeriodFacts, lang: Lang, min_count: int = 0) -> Statement:
    """The statement on a period, in `lang`, with counts below `min_count` withheld."""
    t = min_count
    noun = noun_for(facts, min_count)
    when = date_range(lang, facts.start, facts.end)
    if facts.received == 0:
        title = (f"{when[0].upper()}{when[1:]} з полону ніхто не повернувся" if lang is Lang.UK
                 else f"No one came home from captivity {when}")  # fmt: skip
        opening = f"{title}."
    elif lang is Lang.UK:
        title = f"{when[0].upper()}{when[1:]} з полону {returned(lang, facts.received, noun)}"
        opening = f"{title}."
    else:
        head = returned(lang, facts.received, noun)
        title = f"{head[0].upper()}{head[1:]} home from captivity {when}"
        opening = f"{when[0].upper()}{when[1:]}, {head} home from captivity."
    described = facts.received > 0 and not is_small(facts.received, t)
    paragraphs = (
        f"{opening} {_how(lang, facts, t)}".strip(), _so_far(lang, facts),
        composition(lang, facts, t) if described else "",
        services(lang, facts, t) if described else "",
        groups(lang, facts, t) if described else "",
        directions(lang, facts, t) if described else "",
        next_stage(lang, facts),
        after_return(lang, facts if described else replace(facts, examined=0, paid=0), t,
                     IN_THIS_PERIOD) if facts.received else "",
        CLOSING[lang],
    )  # fmt: skip
    return Statement(title, tuple(p for p in paragraphs if p))
