"""The statement on a stage of an exchange, as the headquarters publishes it: how many came
home and on which day of which agreement, the running total, who they are (sex, ranks,
services, notable groups, directions), the next stage, and what awaits them. Every number
is from the facts; the sentences are written for each language, with its plural forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from homeward.core.names.normalize import Script, detect_script
from homeward.core.statements.language import (
    Lang,
    count,
    day_month,
    full_date,
    join,
    number,
    ordinal,
    plural_uk,
)


@dataclass(frozen=True, slots=True)
class Service:
    """A service (top-level branch) in the statement's language, with its parts present."""

    name: str
    count: int
    parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    count: int


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
    groups: tuple[Group, ...] = ()
    directions: tuple[str, ...] = ()
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


def _ranks(lang: Lang, f: StageFacts) -> str:
    present = [code for code in ("private", "sergeant", "officer") if f.ranks.get(code)]
    if not present:
        return ""
    if len(present) == sum(1 for c, n in f.ranks.items() if n) and f.civilians == 0:
        words = [RANK_WORDS[c][0][1] if lang is Lang.UK else RANK_WORDS[c][1][1] for c in present]
        return join(lang, words)  # "рядові та сержанти": every one of them has such a rank
    return join(lang, [count(lang, f.ranks[c], *RANK_WORDS[c]) for c in present])


def _composition(lang: Lang, f: StageFacts) -> str:
    ranks = _ranks(lang, f)
    everyone = number(lang, f.received)
    if f.women == 0 and f.men == f.received:
        sex = f"Усі {everyone} — чоловіки" if lang is Lang.UK else f"All {everyone} are men"
    elif f.men == 0 and f.women == f.received:
        sex = f"Усі {everyone} — жінки" if lang is Lang.UK else f"All {everyone} are women"
    else:
        among = "Серед них" if lang is Lang.UK else "Among them are"
        sex = f"{among} {join(lang, [count(lang, f.men, *MAN), count(lang, f.women, *WOMAN)])}"
    if not ranks:
        return f"{sex}."
    if ranks[0].isdigit():  # counted ranks follow as their own clause
        rest = "; серед військових — " if lang is Lang.UK else "; among the servicemen, "
        return f"{sex}{rest}{ranks}."
    return f"{sex}, {ranks}."


def _services(lang: Lang, f: StageFacts) -> str:
    if not f.services and not f.civilians:
        return ""
    the = "" if lang is Lang.UK else "the "
    named = [f"{the}{s.name} ({join(lang, list(s.parts))})" if s.parts else f"{the}{s.name}"
             for s in f.services]  # fmt: skip
    civilians = count(lang, f.civilians, *CIVILIAN) if f.civilians else ""
    if lang is Lang.UK:
        text = f"Повернулися військовослужбовці: {join(lang, named)}" if named else "Повернулися"
        return text + (
            f", а також {civilians}."
            if civilians and named
            else f" {civilians}."
            if civilians
            else "."
        )
    text = f"Servicemen of {join(lang, named)} have returned" if named else "Returned are"
    return text + (
        f", as well as {civilians}."
        if civilians and named
        else f" {civilians}."
        if civilians
        else "."
    )


def _groups(lang: Lang, f: StageFacts) -> str:
    if not f.groups:
        return ""
    if lang is Lang.UK:
        return (
            "Серед звільнених: "
            + "; ".join(f"{g.name} — {number(lang, g.count)}" for g in f.groups)
            + "."
        )
    parts = [
        f"{number(lang, g.count)} {g.name}" if g.count > 1 else f"one of the {g.name}"
        for g in f.groups
    ]
    return f"Among them are {join(lang, parts)}."


def _directions(lang: Lang, f: StageFacts) -> str:
    names = [d.removesuffix(DIRECTION_SUFFIX[lang]) for d in f.directions]
    if not names:
        return ""
    if lang is Lang.UK:
        label = "напрямку" if len(names) == 1 else "напрямках"
        return f"Вони воювали на {label}: {join(lang, names)}."
    label = "direction" if len(names) == 1 else "directions"
    return f"They fought in the {join(lang, names)} {label}."


def _next_stage(lang: Lang, f: StageFacts) -> str:
    if f.next_stage is None:
        return ""
    n, day = f.next_stage
    if lang is Lang.UK:
        return f"{ordinal(lang, n).capitalize()} етап обміну відбудеться {day_month(lang, day)}."
    return (
        f"The {ordinal(lang, n)} stage of the exchange will take place on {day_month(lang, day)}."
    )


def _after_return(lang: Lang, f: StageFacts) -> str:
    if lang is Lang.UK:
        text = ("Звільнені з полону пройдуть медичне обстеження, фізичну й психологічну "
                "реабілітацію та отримають виплати за час перебування в полоні.")  # fmt: skip
        done = []
        if f.examined:
            done.append(f"медичне обстеження вже пройшли {count(lang, f.examined, *PERSON[:2])}")
        if f.paid:
            done.append(f"виплати отримали {count(lang, f.paid, *PERSON[:2])}")
        return text + (f" З тих, хто повернувся цього дня, {join(lang, done)}." if done else "")
    text = ("Those released from captivity will undergo a medical examination, physical and "
            "psychological rehabilitation, and will receive payments for the time spent in "
            "captivity.")  # fmt: skip
    done = []
    if f.examined:
        done.append(f"{_have(f.examined)} completed the medical examination")
    if f.paid:
        done.append(f"{_have(f.paid)} received their payments")
    return text + (f" Of those who returned that day, {join(lang, done)}." if done else "")


def _have(n: int) -> str:
    """ "1 person has", "2 people have"."""
    return f"{count(Lang.EN, n, *PERSON[:2])} {'has' if n == 1 else 'have'}"


CLOSING = {
    Lang.UK: "Координаційний штаб продовжує роботу, щоб повернути додому кожного.",
    Lang.EN: "The Coordination Headquarters continues its work to bring every person home.",
}


def stage_statement(facts: StageFacts, lang: Lang) -> Statement:
    """The statement on a stage, in `lang`."""
    noun = DEFENDER if facts.civilians == 0 else PERSON
    if lang is Lang.UK:
        title = f"З полону {_returned(lang, facts.received, noun)}"
    else:
        title = f"{_returned(lang, facts.received, noun)} home from captivity"
        title = title[0].upper() + title[1:]
    paragraphs = (
        _opening(lang, facts, noun), _running_total(lang, facts), _composition(lang, facts),
        _services(lang, facts), _groups(lang, facts), _directions(lang, facts),
        _next_stage(lang, facts), _after_return(lang, facts), CLOSING[lang],
    )  # fmt: skip
    return Statement(title, tuple(p for p in paragraphs if p))
