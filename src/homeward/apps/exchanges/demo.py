"""The demo's exchange, mirroring the seeds: "1000 for 1000", negotiated in Türkiye; 390
received on 23 May 2025, 307 on the 24th (all men, privates and sergeants, 27 Defenders of
Mariupol, from the Donetsk, Kherson, Kharkiv, Zaporizhzhia and Luhansk directions, of the
Armed Forces, the State Border Guard Service and the National Guard), 303 on the 25th; and
1,000 persons we held handed over in the same stages.

Its participants are synthetic persons of their own (in captivity, or in our custody, until
the exchange), loaded through the registry's services; our request and our offer naming them
are agreed on the day of the agreement, and the exchange is then run through the exchanges'
services, so every status change and audit entry is as real use makes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from homeward.apps.exchanges import lists, services
from homeward.apps.exchanges.models import Agreement, StageMember
from homeward.apps.registry.demo import DEMO_SOURCES, _Vocab, load_person
from homeward.apps.registry.models import Person, Source
from homeward.core.ranks import RankCategory, rank_from_text
from homeward.core.synthetic import Generator, SyntheticPerson

TITLE = "Обмін «1000 на 1000»"
SECOND_DAY_DIRECTIONS = frozenset({"donetsk", "kherson", "kharkiv", "zaporizhzhia", "luhansk"})
SECOND_DAY_BRANCHES = frozenset(
    {"land_forces", "air_assault", "navy", "marines", "border_guard", "national_guard"}
)
MARIUPOL_ON_SECOND_DAY = 27


@dataclass(frozen=True)
class Want:
    """So many persons that fit."""

    count: int
    fits: Callable[[SyntheticPerson], bool]


def _in_captivity(p: SyntheticPerson) -> bool:
    last = p.events[-1].status if p.events else ""
    return last == ("confirmed_captive" if p.side == "own" else "in_custody")


def _rank_category(p: SyntheticPerson) -> str:
    rank = rank_from_text(p.rank) if p.rank else None
    return rank.category.value if rank else ""


def _second_day(mariupol: bool) -> Callable[[SyntheticPerson], bool]:
    def fits(p: SyntheticPerson) -> bool:
        return (
            p.category == "military"
            and p.sex == "male"
            and _rank_category(p) in (RankCategory.PRIVATE, RankCategory.SERGEANT)
            and p.direction in SECOND_DAY_DIRECTIONS
            and p.branch in SECOND_DAY_BRANCHES
            and ("mariupol" in p.groups) == mariupol
        )

    return fits


def _military(p: SyntheticPerson) -> bool:
    return p.category == "military" and "mariupol" not in p.groups


def _civilian(p: SyntheticPerson) -> bool:
    return p.category == "civilian"


# Per stage: (date, what is received). Handed over: as many, persons we held.
STAGES: tuple[tuple[dt.date, tuple[Want, ...]], ...] = (
    (dt.date(2025, 5, 23), (Want(270, _military), Want(120, _civilian))),
    (dt.date(2025, 5, 24), (Want(MARIUPOL_ON_SECOND_DAY, _second_day(True)),
                            Want(307 - MARIUPOL_ON_SECOND_DAY, _second_day(False)))),
    (dt.date(2025, 5, 25), (Want(303, _military),)),
)  # fmt: skip


StagePlan = tuple[tuple[dt.date, tuple[Want, ...]], ...]


def participants(
    seed: int, stages: StagePlan = STAGES
) -> list[tuple[list[SyntheticPerson], list[SyntheticPerson]]]:
    """Per stage: (ours to receive, theirs to hand over), drawn from synthetic persons
    captured before the exchange and still in captivity (or our custody)."""
    wants = [(i, want) for i, (_date, stage_wants) in enumerate(stages) for want in stage_wants]
    ours: list[list[SyntheticPerson]] = [[] for _ in stages]
    taken = [0] * len(wants)
    theirs: list[SyntheticPerson] = []
    needed_theirs = sum(w.count for _i, w in wants)
    people: Iterator[SyntheticPerson] = Generator(seed, today=dt.date(2025, 5, 15)).persons(
        10**6, held_share=0.2
    )
    for p in people:
        if not _in_captivity(p):
            continue
        if p.side == "held":
            if len(theirs) < needed_theirs:
                theirs.append(p)
        else:
            for k, (stage, want) in enumerate(wants):
                if taken[k] < want.count and want.fits(p):
                    taken[k] += 1
                    ours[stage].append(p)
                    break
        if len(theirs) == needed_theirs and all(
            t == w.count for t, (_s, w) in zip(taken, wants, strict=True)
        ):
            break
    result, start = [], 0
    for stage_ours in ours:
        result.append((stage_ours, theirs[start : start + len(stage_ours)]))
        start += len(stage_ours)
    return result


def exchange_demo_loaded() -> bool:
    return Agreement.objects.filter(title=TITLE).exists()


def load_exchange_demo(
    *,
    officer: User,
    registrar: User,
    confirmer: User,
    seed: int = 524,
    stages: StagePlan = STAGES,
) -> int:
    """Create the participants and run the agreement's stages (the seeds' three unless
    `stages` says otherwise: the tests run a smaller one); returns how many persons came
    home."""
    sources = {s.kind: s for s in Source.objects.filter(
        name__in=[name for name, _rel in DEMO_SOURCES.values()])}  # fmt: skip
    vocab = _Vocab()
    agreement = services.create_agreement(
        actor=officer, title=TITLE, formula="n_for_n",
        total=sum(w.count for _date, wants in stages for w in wants),
        mediator="Туреччина", venue="Стамбул", negotiated_on=dt.date(2025, 5, 16),
        notes="Домовленість, досягнута на переговорах у Стамбулі 16 травня 2025 року.",
    )  # fmt: skip
    loaded: list[tuple[list[Person], list[Person]]] = []
    for ours, theirs in participants(seed, stages):
        with transaction.atomic():
            loaded.append((
                [load_person(p, vocab, sources, registrar, confirmer) for p in ours],
                [load_person(p, vocab, sources, registrar, confirmer) for p in theirs],
            ))  # fmt: skip
    # Both sides agreed on whom to exchange when the agreement was made.
    for kind, side in (("our_request", 0), ("our_offer", 1)):
        with transaction.atomic():
            version = lists.start_version(actor=officer, agreement=agreement, kind=kind)
            for stage_persons in loaded:
                lists.add_persons(actor=officer, version_id=version.pk,
                                  persons=stage_persons[side])  # fmt: skip
            lists.submit_version(actor=officer, version_id=version.pk)
            lists.agree_version(actor=officer, version_id=version.pk,
                                on=agreement.negotiated_on)  # fmt: skip
    received = 0
    for (date, _wants), (to_receive, to_hand_over) in zip(stages, loaded, strict=True):
        with transaction.atomic():
            stage = services.add_stage(actor=officer, agreement=agreement, date=date,
                                       receive_capacity=len(to_receive))  # fmt: skip
            services.add_members(actor=officer, stage=stage, persons=to_receive + to_hand_over)
            services.start_stage(actor=officer, stage_id=stage.pk)
            for member in StageMember.objects.filter(stage=stage).order_by("pk"):
                outcome = "received" if member.direction == "receive" else "handed_over"
                services.record_outcome(actor=officer, member_id=member.pk, outcome=outcome)
            services.complete_stage(actor=officer, stage_id=stage.pk)
        received += len(to_receive)
    return received
