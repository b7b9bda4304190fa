"""The statement on a stage of an exchange, as the headquarters publishes it: how many came
home and on which day of which agreement, the running total, who they are (sex, ranks,
services, notable groups, directions), the next stage, and what awaits them. Every number
is from the facts; the sentences are written for each language, with its plural forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from homeward.core.disclosure import is_small
from homeward.core.names.normalize import Script, detect_script
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
from homeward.core.statements.language import Lang, count, full_date, number, ordinal

__all__ = ["Service", "StageFacts", "Statement", "Tally", "stage_statement"]


@dataclass(frozen=True, slots=True)
class StageFacts:
    """What the statement says, with names already in the statement's language."""

    stage_number: int
    date: dt.date
    day_of_exchange: int  # the stage's date is the n-th day of the exchange
    received: int
    received_so_far: int  # in the agreement, up to and including this stage
    agreement_total: int
    n_for_n: bool  # "1000 for 1000", else quoted by its title
    agreement_title: str
    mediator: str = ""
    military: int = 0
    civilians: int = 0
    men: int = 0
    women: int = 0
    ranks: dict[str, int] = field(default_factory=dict)  # RankCategory value -> count
    services: tuple[Service, ...] = ()
    groups: tuple[Tally, ...] = ()
    directions: tuple[Tally, ...] = ()  # in the vocabulary's order
    next_stage: tuple[int, dt.date] | None = None
    examined: int = 0  # of those received, with the medical examination done
    paid: int = 0  # of those received, paid for their captivity
    withheld: frozenset[str] = frozenset()  # see Composition.withheld


def _agreement(lang: Lang, f: StageFacts) -> str:
    return exchange_name(lang, f.n_for_n, f.agreement_total, f.agreement_title)


def _opening(
    lang: Lang, f: StageFacts, noun: tuple[tuple[str, str, str], tuple[str, str], str]
) -> str:
    day, which = full_date(lang, f.date), ordinal(lang, f.day_of_exchange)
    if lang is Lang.UK:
        text = (f"{day} з полону {returned(lang, f.received, noun)}. "
                f"Це {which} день {_agreement(lang, f)}.")  # fmt: skip
        return text + (f" Посередник — {f.mediator}." if f.mediator else "")
    mediated = ""
    # A mediator recorded in Ukrainian is not written into the English text.
    if f.mediator and detect_script(f.mediator) is Script.LATIN:
        mediated = f", agreed with the mediation of {f.mediator}"
    return (f"On {day}, {returned(lang, f.received, noun)} home from captivity. "
            f"It is the {which} day of {_agreement(lang, f)}{mediated}.")  # fmt: skip


def _running_total(lang: Lang, f: StageFacts) -> str:
    so_far = count(lang, f.received_so_far, *PERSON[:2])
    agreed = number(lang, f.agreement_total)
    if lang is Lang.UK:
        return f"Загалом у межах обміну вже повернуто {so_far} із {agreed} домовлених."
    return f"So far, {so_far} have been brought home in this exchange, of the {agreed} agreed."


THAT_DAY = {Lang.UK: "З тих, хто повернувся цього дня", Lang.EN: "Of those who returned that day"}


def stage_statement(facts: StageFacts, lang: Lang, min_count: int = 0) -> Statement:
    """The statement on a stage, in `lang`, with counts below `min_count` withheld (see
    core.disclosure). When fewer than `min_count` returned, who they are is not told."""
    noun = noun_for(facts, min_count)
    if lang is Lang.UK:
        title = f"З полону {returned(lang, facts.received, noun)}"
    else:
        title = f"{returned(lang, facts.received, noun)} home from captivity"
        title = title[0].upper() + title[1:]
    t = min_count
    described = not is_small(facts.received, t)
    paragraphs = (
        _opening(lang, facts, noun), _running_total(lang, facts),
        composition(lang, facts, t) if described else "",
        services(lang, facts, t) if described else "",
        groups(lang, facts, t) if described else "",
        directions(lang, facts, t) if described else "",
        next_stage(lang, facts),
        after_return(lang, replace(facts, examined=0, paid=0) if not described else facts, t,
                     THAT_DAY),
        CLOSING[lang],
    )  # fmt: skip
    return Statement(title, tuple(p for p in paragraphs if p))
