"""Who came home, as a statement tells it, whatever brought them home (a stage, a period):
sex and ranks, services, notable groups, directions, the next stage and the care that awaits
them, with small counts withheld (core.disclosure). Shared by the statements on a stage and
on a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from homeward.core.disclosure import Published, Withheld, is_small, publish_parts
from homeward.core.statements.language import (
    Lang,
    amount,
    count,
    day_month,
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


class Composition(Protocol):
    """The facts a statement tells of those who came home."""

    @property
    def received(self) -> int: ...
    @property
    def military(self) -> int: ...
    @property
    def civilians(self) -> int: ...
    @property
    def men(self) -> int: ...
    @property
    def women(self) -> int: ...
    @property
    def ranks(self) -> dict[str, int]: ...
    @property
    def services(self) -> tuple[Service, ...]: ...
    @property
    def groups(self) -> tuple[Tally, ...]: ...
    @property
    def directions(self) -> tuple[Tally, ...]: ...
    @property
    def next_stage(self) -> tuple[int, dt.date] | None: ...
    @property
    def examined(self) -> int: ...
    @property
    def paid(self) -> int: ...
    @property
    def withheld(self) -> frozenset[str]:
        """Clauses withheld whatever these counts are, because they add up from counts
        published elsewhere that withheld them (`withheld_in`)."""
        ...


@dataclass(frozen=True, slots=True)
class Statement:
    title: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join((self.title, *self.paragraphs))


NOUN = tuple[tuple[str, str, str], tuple[str, str], str]
DEFENDER: NOUN = (("захисник", "захисники", "захисників"), ("defender", "defenders"), "повернувся")
PERSON: NOUN = (("людина", "людини", "людей"), ("person", "people"), "повернулася")
MAN = (("чоловік", "чоловіки", "чоловіків"), ("man", "men"))
WOMAN = (("жінка", "жінки", "жінок"), ("woman", "women"))
CIVILIAN = (("цивільний", "цивільні", "цивільних"), ("civilian", "civilians"))
RANK_WORDS = {
    "private": (("рядовий", "рядові", "рядових"), ("private", "privates")),
    "sergeant": (("сержант", "сержанти", "сержантів"), ("sergeant", "sergeants")),
    "officer": (("офіцер", "офіцери", "офіцерів"), ("officer", "officers")),
}
DIRECTION_SUFFIX = {Lang.UK: " напрямок", Lang.EN: " direction"}


def noun_for(f: Composition, t: int) -> NOUN:
    """ "Defenders" when no civilian is among them, else "people"; "people" too when too few
    returned to say who they are ("1 person" must not say that the one is a civilian), or
    when who they are is withheld for the stages they add up from."""
    described = not is_small(f.received, t) and PEOPLE not in f.withheld
    return DEFENDER if f.civilians == 0 and described else PERSON


def exchange_name(lang: Lang, n_for_n: bool, total: int, title: str) -> str:
    """ "обміну «1000 на 1000»" (the genitive: "день обміну", "етап обміну") and "the
    1000-for-1000 exchange"; an agreement of another kind by its title."""
    if n_for_n:  # the formula is a name, written as the press writes it: no grouping
        return (
            f"обміну «{total} на {total}»"
            if lang is Lang.UK
            else f"the {total}-for-{total} exchange"
        )
    return f"«{title}»" if lang is Lang.UK else f"the exchange “{title}”"


def returned(lang: Lang, n: int, noun: tuple[tuple[str, str, str], tuple[str, str], str]) -> str:
    """ "307 захисників повернулися" / "1 defender returned"."""
    if lang is Lang.UK:
        verb = noun[2] if plural_uk(n, "one", "few", "many") == "one" else "повернулися"
        return f"{verb} {count(lang, n, noun[0], noun[1])}"
    return f"{count(lang, n, noun[0], noun[1])} returned"


RANKS = ("private", "sergeant", "officer")


# The clauses a statement can withhold; a group's is GROUP + its name.
SEX, PEOPLE, EXAMINED, PAID, GROUP = "sex", "people", "examined", "paid", "group:"


def _people_parts(ranks: dict[str, int], military: int, civilians: int) -> dict[str, int]:
    """Who returned as the parts of the total: the servicemen of each rank category (and
    of none) and the civilians."""
    ranked = {code: ranks.get(code, 0) for code in RANKS}
    return {**ranked, "unranked": military - sum(ranked.values()), "civilians": civilians}


def _sex_parts(received: int, men: int, women: int) -> dict[str, int]:
    return {"men": men, "women": women, "unknown": received - men - women}


def _people(f: Composition, t: int) -> dict[str, Published]:
    parts = _people_parts(f.ranks, f.military, f.civilians)
    if PEOPLE in f.withheld:
        return dict.fromkeys(parts, Withheld(small=False))
    return publish_parts(parts, t)


def _ranks(lang: Lang, f: Composition, people: dict[str, Published], t: int) -> tuple[str, bool]:
    """The ranks and whether they are counted (else every serviceman has one of them).
    Counted ranks are told only when none of the parts is withheld: naming the ranks of
    withheld counts would say which of them are there."""
    present = [code for code in RANKS if f.ranks.get(code)]
    if not present:
        return "", False
    if PEOPLE in f.withheld:
        return "", True
    if sum(f.ranks[c] for c in present) == f.military and f.civilians == 0:
        words = [RANK_WORDS[c][0][1] if lang is Lang.UK else RANK_WORDS[c][1][1] for c in present]
        return join(lang, words), False  # "рядові та сержанти": every one of them is
    if not all(isinstance(n, int) for n in people.values()):
        return "", True
    return join(lang, [amount(lang, people[c], t, *RANK_WORDS[c]) for c in present]), True


def composition(lang: Lang, f: Composition, t: int) -> str:
    """Sex and ranks, each clause left out when every count in it is "fewer than T"."""
    ranks, counted = _ranks(lang, f, _people(f, t), t)
    everyone = number(lang, f.received)
    sex = ""
    if SEX in f.withheld:
        pass
    elif f.women == 0 and f.men == f.received:
        sex = f"Усі {everyone} — чоловіки" if lang is Lang.UK else f"All {everyone} are men"
    elif f.men == 0 and f.women == f.received:
        sex = f"Усі {everyone} — жінки" if lang is Lang.UK else f"All {everyone} are women"
    else:
        sexes = publish_parts(_sex_parts(f.received, f.men, f.women), t)
        among = "Серед них" if lang is Lang.UK else "Among them are"
        sexed = [(key, noun) for key, noun, n in (("men", MAN, f.men), ("women", WOMAN, f.women))
                 if n]  # fmt: skip
        if sexed and all(isinstance(n, int) for n in sexes.values()):
            sex = f"{among} {join(lang, [amount(lang, sexes[k], t, *n) for k, n in sexed])}"
    if not ranks:
        return f"{sex}." if sex else ""
    if not sex:
        if counted:
            return (f"Серед військових — {ranks}." if lang is Lang.UK
                    else f"Among the servicemen are {ranks}.")  # fmt: skip
        return f"Усі вони — {ranks}." if lang is Lang.UK else f"All of them are {ranks}."
    if counted:  # counted ranks follow as their own clause
        rest = "; серед військових — " if lang is Lang.UK else "; among the servicemen, "
        return f"{sex}{rest}{ranks}."
    return f"{sex}, {ranks}."


def _told(part: int, total: int, t: int) -> bool:
    """Whether `part` of `total` may be told: neither it nor the rest is small."""
    if not 0 <= part <= total:
        raise ValueError(f"{part} of {total}: a part must be counted among the whole")
    return all(isinstance(n, int) for n in publish_parts({0: part, 1: total - part}, t).values())


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


def services(lang: Lang, f: Composition, t: int) -> str:
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
    told = _people(f, t)["civilians"]
    civilians = amount(lang, told, t, *CIVILIAN) if f.civilians and isinstance(told, int) else ""
    if not civilians and not f.services:
        return ""
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


def groups(lang: Lang, f: Composition, t: int) -> str:
    # a group and the rest of those who returned are the parts of the total: 305
    # defenders of Mariupol of 307 would tell that 2 were not
    counts = [(g.name, g.count) for g in f.groups
              if _told(g.count, f.received, t) and GROUP + g.name not in f.withheld]  # fmt: skip
    if not counts:
        return ""
    if lang is Lang.UK:
        told = "; ".join(f"{name} — {number(lang, n)}" for name, n in counts)
        return f"Серед звільнених: {told}."
    parts = [f"one of the {name}" if n == 1 else f"{number(lang, n)} {name}" for name, n in counts]
    return f"Among them are {join(lang, parts)}."


def directions(lang: Lang, f: Composition, t: int) -> str:
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


def next_stage(lang: Lang, f: Composition) -> str:
    if f.next_stage is None:
        return ""
    n, day = f.next_stage
    if lang is Lang.UK:
        return f"{ordinal(lang, n).capitalize()} етап обміну відбудеться {day_month(lang, day)}."
    return (
        f"The {ordinal(lang, n)} stage of the exchange will take place on {day_month(lang, day)}."
    )


def after_return(lang: Lang, f: Composition, t: int, of_those: dict[Lang, str]) -> str:
    """What awaits them, and how many of `of_those` ("of those who returned that day")
    have been examined and paid."""
    # those examined and those not yet are the parts of the total, as are those paid
    examined = f.examined if _told(f.examined, f.received, t) and EXAMINED not in f.withheld else 0
    paid = f.paid if _told(f.paid, f.received, t) and PAID not in f.withheld else 0
    if lang is Lang.UK:
        text = ("Звільнені з полону пройдуть медичне обстеження, фізичну й психологічну "
                "реабілітацію та отримають виплати за час перебування в полоні.")  # fmt: skip
        done = []
        if examined:
            done.append(f"медичне обстеження вже пройшли {amount(lang, examined, t, *PERSON[:2])}")
        if paid:
            done.append(f"виплати отримали {amount(lang, paid, t, *PERSON[:2])}")
        return text + (f" {of_those[lang]}, {join(lang, done)}." if done else "")
    text = ("Those released from captivity will undergo a medical examination, physical and "
            "psychological rehabilitation, and will receive payments for the time spent in "
            "captivity.")  # fmt: skip
    done = []
    if examined:
        done.append(f"{_have(examined, t)} completed the medical examination")
    if paid:
        done.append(f"{_have(paid, t)} received their payments")
    return text + (f" {of_those[lang]}, {join(lang, done)}." if done else "")


def _have(n: Published, t: int) -> str:
    """ "1 person has", "2 people have", "fewer than 5 people have"."""
    return f"{amount(Lang.EN, n, t, *PERSON[:2])} {'has' if n == 1 else 'have'}"


CLOSING = {
    Lang.UK: "Координаційний штаб продовжує роботу, щоб повернути додому кожного.",
    Lang.EN: "The Coordination Headquarters continues its work to bring every person home.",
}


@dataclass(frozen=True, slots=True)
class Part:
    """Those of a statement who were told of elsewhere: a stage within a period, or those
    released otherwise in it. The statement's figures are their sums."""

    received: int
    military: int = 0
    civilians: int = 0
    men: int = 0
    women: int = 0
    ranks: dict[str, int] = field(default_factory=dict)
    groups: tuple[Tally, ...] = ()
    examined: int = 0
    paid: int = 0


def withheld_in(parts: Sequence[Part], t: int) -> frozenset[str]:
    """The clauses any part's own statement would withhold. A sum must withhold them too:
    a period's 8 women less a told stage's 4 would give away the other stage's withheld
    count, and the period less its stages gives away those released otherwise."""
    names = {g.name for p in parts for g in p.groups}
    withheld: set[str] = set()
    for p in parts:
        if not all(isinstance(n, int) for n in publish_parts(
                _sex_parts(p.received, p.men, p.women), t).values()):  # fmt: skip
            withheld.add(SEX)
        people = publish_parts(_people_parts(p.ranks, p.military, p.civilians), t)
        if not all(isinstance(n, int) for n in people.values()):
            withheld.add(PEOPLE)
        counts = {g.name: g.count for g in p.groups}
        withheld.update(GROUP + n for n in names if not _told(counts.get(n, 0), p.received, t))
        if not _told(p.examined, p.received, t):
            withheld.add(EXAMINED)
        if not _told(p.paid, p.received, t):
            withheld.add(PAID)
    return frozenset(withheld)
