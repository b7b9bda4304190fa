"""The statement on a stage of an exchange, as the headquarters publishes it: how many came
home and on which day of which agreement, the running total, who they are (sex, ranks,
services, notable groups, directions), the next stage, and what awaits them. Every number
is from the facts; the sentences are written for each language, with its plural forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from homeward.core.disclosure import Published, is_small, publish, publish_parts
from homeward.core.names.normalize import Script, detect_script
from homeward.core.statements.language import (
    FEWER_THAN,
    Lang,
    amount,
    count,
    day_month,
    full_date,
    join,
    number,
    ordinal,
    plural_uk,
)


@dataclass(frozen=True, slots=True)
class Tally:
    """A name in the statement's language (a group, a direction, a part of a service) and
    how many of those who returned it counts."""

    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Service:
    """A service (top-level branch) in the statement's language, with its parts present."""

    name: str
    count: int
    parts: tuple[Tally, ...] = ()


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


@dataclass(frozen=True, slots=True)
class Statement:
    title: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join((self.title, *self.paragraphs))


# Nouns with their forms (Ukrainian one/few/many, English one/other) and the Ukrainian
# past-tense verb "returned" that agrees with them in the singular.
DEFENDER = (("захисник", "захисники", "захисників"), ("defender", "defenders"), "повернувся")
PERSON = (("людина", "людини", "людей"), ("person", "people"), "повернулася")
MAN = (("чоловік", "чоловіки", "чоловіків"), ("man", "men"))
WOMAN = (("жінка", "жінки", "жінок"), ("woman", "women"))
CIVILIAN = (("цивільний", "цивільні", "цивільних"), ("civilian", "civilians"))
RANK_WORDS = {
    "private": (("рядовий", "рядові", "рядових"), ("private", "privates")),
    "sergeant": (("сержант", "сержанти", "сержантів"), ("sergeant", "sergeants")),
    "officer": (("офіцер", "офіцери", "офіцерів"), ("officer", "officers")),
}
DIRECTION_SUFFIX = {Lang.UK: " напрямок", Lang.EN: " direction"}


def _returned(lang: Lang, n: int, noun: tuple[tuple[str, str, str], tuple[str, str], str]) -> str:
    """ "307 захисників повернулися" / "1 defender returned"."""
    if lang is Lang.UK:
        verb = noun[2] if plural_uk(n, "one", "few", "many") == "one" else "повернулися"
        return f"{verb} {count(lang, n, noun[0], noun[1])}"
    return f"{count(lang, n, noun[0], noun[1])} returned"


def _agreement(lang: Lang, f: StageFacts) -> str:
    if f.n_for_n:  # the formula is a name, written as the press writes it: no grouping
        n = f.agreement_total
        return f"обміну «{n} на {n}»" if lang is Lang.UK else f"the {n}-for-{n} exchange"
    return f"«{f.agreement_title}»" if lang is Lang.UK else f"the exchange “{f.agreement_title}”"


def _opening(
    lang: Lang, f: StageFacts, noun: tuple[tuple[str, str, str], tuple[str, str], str]
) -> str:
    day, which = full_date(lang, f.date), ordinal(lang, f.day_of_exchange)
    if lang is Lang.UK:
        text = (f"{day} з полону {_returned(lang, f.received, noun)}. "
                f"Це {which} день {_agreement(lang, f)}.")  # fmt: skip
        return text + (f" Посередник — {f.mediator}." if f.mediator else "")
    mediated = ""
    # A mediator recorded in Ukrainian is not written into the English text.
    if f.mediator and detect_script(f.mediator) is Script.LATIN:
        mediated = f", agreed with the mediation of {f.mediator}"
    return (f"On {day}, {_returned(lang, f.received, noun)} home from captivity. "
            f"It is the {which} day of {_agreement(lang, f)}{mediated}.")  # fmt: skip


def _running_total(lang: Lang, f: StageFacts) -> str:
    so_far = count(lang, f.received_so_far, *PERSON[:2])
    agreed = number(lang, f.agreement_total)
    if lang is Lang.UK:
        return f"Загалом у межах обміну вже повернуто {so_far} із {agreed} домовлених."
    return f"So far, {so_far} have been brought home in this exchange, of the {agreed} agreed."


RANKS = ("private", "sergeant", "officer")


def _people(f: StageFacts, t: int) -> dict[str, Published]:
    """Who returned as the parts of the published total: the servicemen of each rank
    category (and of none) and the civilians."""
    ranked = {code: f.ranks.get(code, 0) for code in RANKS}
    unranked = f.military - sum(ranked.values())
    return publish_parts({**ranked, "unranked": unranked, "civilians": f.civilians}, t)


def _ranks(lang: Lang, f: StageFacts, people: dict[str, Published], t: int) -> tuple[str, bool]:
    """The ranks and whether they are counted (else every serviceman has one of them)."""
    present = [code for code in RANKS if f.ranks.get(code)]
    if not present:
        return "", False
    if sum(f.ranks[c] for c in present) == f.military and f.civilians == 0:
        words = [RANK_WORDS[c][0][1] if lang is Lang.UK else RANK_WORDS[c][1][1] for c in present]
        return join(lang, words), False  # "рядові та сержанти": every one of them is
    return join(lang, [amount(lang, people[c], t, *RANK_WORDS[c]) for c in present]), True


def _composition(lang: Lang, f: StageFacts, t: int) -> str:
    ranks, counted = _ranks(lang, f, _people(f, t), t)
    everyone = number(lang, f.received)
    if f.women == 0 and f.men == f.received:
        sex = f"Усі {everyone} — чоловіки" if lang is Lang.UK else f"All {everyone} are men"
    elif f.men == 0 and f.women == f.received:
        sex = f"Усі {everyone} — жінки" if lang is Lang.UK else f"All {everyone} are women"
    else:
        sexes = publish_parts(
            {"men": f.men, "women": f.women, "unknown": f.received - f.men - f.women}, t
        )
        among = "Серед них" if lang is Lang.UK else "Among them are"
        sexed = (("men", MAN, f.men), ("women", WOMAN, f.women))
        shown = [amount(lang, sexes[key], t, *noun) for key, noun, n in sexed if n]
        sex = f"{among} {join(lang, shown)}"
    if not ranks:
        return f"{sex}."
    if counted:  # counted ranks follow as their own clause
        rest = "; серед військових — " if lang is Lang.UK else "; among the servicemen, "
        return f"{sex}{rest}{ranks}."
    return f"{sex}, {ranks}."


def _and_others(lang: Lang, names: list[str], others: str | None) -> str:
    """ "a, b and c", or "a, b and <others>" when some were left out ("та" before "інші"
    reads better than "і")."""
    if others is None or not names:
        return join(lang, names)
    return f"{', '.join(names)}{' та ' if lang is Lang.UK else ' and '}{others}"


def _shown(tallies: Sequence[Tally | Service], t: int) -> tuple[list[str], bool]:
    """The names counting at least the threshold, and whether any were left out."""
    names = [x.name for x in tallies if not is_small(x.count, t)]
    return names, len(names) < len(tallies)


def _services(lang: Lang, f: StageFacts, t: int) -> str:
    if not f.services and not f.civilians:
        return ""
    the = "" if lang is Lang.UK else "the "
    named = []
    for service in f.services:
        if is_small(service.count, t):
            continue
        parts, fewer = _shown(service.parts, t)
        inside = _and_others(
            lang, parts, ("інші" if lang is Lang.UK else "others") if fewer else None
        )
        named.append(f"{the}{service.name} ({inside})" if parts else f"{the}{service.name}")
    other = "інші служби" if lang is Lang.UK else "other services"
    listed = _and_others(lang, named, other if len(named) < len(f.services) else None)
    # the civilians are a part of the same split as the ranks, withheld with them
    civilians = amount(lang, _people(f, t)["civilians"], t, *CIVILIAN) if f.civilians else ""
    if lang is Lang.UK:
        text = (f"Повернулися військовослужбовці: {listed}" if listed
                else "Повернулися військовослужбовці різних служб" if f.services
                else "Повернулися")  # fmt: skip
        and_ = ", а також "
    else:
        text = (f"Servicemen of {listed} have returned" if listed
                else "Servicemen of several services have returned" if f.services
                else "Returned are")  # fmt: skip
        and_ = ", as well as "
    if not civilians:
        return f"{text}."
    return f"{text}{and_ if f.services else ' '}{civilians}."


def _groups(lang: Lang, f: StageFacts, t: int) -> str:
    if not f.groups:
        return ""
    counts = [(g, publish(g.count, t)) for g in f.groups]
    if lang is Lang.UK:
        fewer = f"{FEWER_THAN[lang]} {number(lang, t)}"
        return (
            "Серед звільнених: "
            + "; ".join(f"{g.name} — {n if isinstance(n, int) else fewer}" for g, n in counts)
            + "."
        )
    parts = [
        f"one of the {g.name}" if n == 1
        else f"{number(lang, n) if isinstance(n, int) else f'fewer than {t}'} {g.name}"
        for g, n in counts
    ]  # fmt: skip
    return f"Among them are {join(lang, parts)}."


def _directions(lang: Lang, f: StageFacts, t: int) -> str:
    shown, fewer = _shown(f.directions, t)
    names = [d.removesuffix(DIRECTION_SUFFIX[lang]) for d in shown]
    if not names:
        return ""
    several = len(names) > 1 or fewer
    if lang is Lang.UK:
        label = "напрямках" if several else "напрямку"
        return f"Вони воювали на {label}: {_and_others(lang, names, 'інші' if fewer else None)}."
    label = "directions" if several else "direction"
    return f"They fought in the {_and_others(lang, names, 'other' if fewer else None)} {label}."


def _next_stage(lang: Lang, f: StageFacts) -> str:
    if f.next_stage is None:
        return ""
    n, day = f.next_stage
    if lang is Lang.UK:
        return f"{ordinal(lang, n).capitalize()} етап обміну відбудеться {day_month(lang, day)}."
    return (
        f"The {ordinal(lang, n)} stage of the exchange will take place on {day_month(lang, day)}."
    )


def _after_return(lang: Lang, f: StageFacts, t: int) -> str:
    examined, paid = publish(f.examined, t), publish(f.paid, t)
    if lang is Lang.UK:
        text = ("Звільнені з полону пройдуть медичне обстеження, фізичну й психологічну "
                "реабілітацію та отримають виплати за час перебування в полоні.")  # fmt: skip
        done = []
        if f.examined:
            done.append(f"медичне обстеження вже пройшли {amount(lang, examined, t, *PERSON[:2])}")
        if f.paid:
            done.append(f"виплати отримали {amount(lang, paid, t, *PERSON[:2])}")
        return text + (f" З тих, хто повернувся цього дня, {join(lang, done)}." if done else "")
    text = ("Those released from captivity will undergo a medical examination, physical and "
            "psychological rehabilitation, and will receive payments for the time spent in "
            "captivity.")  # fmt: skip
    done = []
    if f.examined:
        done.append(f"{_have(examined, t)} completed the medical examination")
    if f.paid:
        done.append(f"{_have(paid, t)} received their payments")
    return text + (f" Of those who returned that day, {join(lang, done)}." if done else "")


def _have(n: Published, t: int) -> str:
    """ "1 person has", "2 people have", "fewer than 5 people have"."""
    return f"{amount(Lang.EN, n, t, *PERSON[:2])} {'has' if n == 1 else 'have'}"


CLOSING = {
    Lang.UK: "Координаційний штаб продовжує роботу, щоб повернути додому кожного.",
    Lang.EN: "The Coordination Headquarters continues its work to bring every person home.",
}


def stage_statement(facts: StageFacts, lang: Lang, min_count: int = 0) -> Statement:
    """The statement on a stage, in `lang`, with counts below `min_count` withheld (see
    core.disclosure). When fewer than `min_count` returned, who they are is not told."""
    noun = DEFENDER if facts.civilians == 0 else PERSON
    if lang is Lang.UK:
        title = f"З полону {_returned(lang, facts.received, noun)}"
    else:
        title = f"{_returned(lang, facts.received, noun)} home from captivity"
        title = title[0].upper() + title[1:]
    t = min_count
    described = not is_small(facts.received, t)
    paragraphs = (
        _opening(lang, facts, noun), _running_total(lang, facts),
        _composition(lang, facts, t) if described else "",
        _services(lang, facts, t) if described else "",
        _groups(lang, facts, t) if described else "",
        _directions(lang, facts, t) if described else "",
        _next_stage(lang, facts),
        _after_return(lang, replace(facts, examined=0, paid=0) if not described else facts, t),
        CLOSING[lang],
    )  # fmt: skip
    return Statement(title, tuple(p for p in paragraphs if p))
