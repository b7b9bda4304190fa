"""Loads the synthetic demo registry through the ordinary service functions, so the demo's
audit trail is as complete and verifiable as real use."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from homeward.apps.registry import services
from homeward.apps.registry.models import Branch, Direction, Person, PersonGroup, Rank, Source
from homeward.core.dates import PartialDate, Precision
from homeward.core.ranks import rank_from_text
from homeward.core.synthetic import Generator, SyntheticPerson

DEMO_SOURCES = {
    # kind: (name, reliability)
    "family": ("Demo: заяви родин", "C"),
    "unit": ("Demo: донесення військових частин", "B"),
    "counterpart": ("Demo: списки сторони-противника", "D"),
    "icrc": ("Demo: повідомлення МКЧХ", "A"),
    "media": ("Demo: моніторинг ЗМІ", "E"),
}
DOCUMENTS = {
    "unit": "Донесення військової частини від {date}",
    "media": "Відео в мережі, виявлене моніторингом {date}",
    "icrc": "Повідомлення МКЧХ від {date}",
    "counterpart": "Список сторони-противника від {date}",
    "family": "Заява родини від {date}",
}
BATCH = 250


def demo_loaded() -> bool:
    return Source.objects.filter(name__startswith="Demo:").exists()


class _Vocab:
    def __init__(self) -> None:
        self.branches = {b.code: b for b in Branch.objects.all()}
        self.ranks = {r.code: r for r in Rank.objects.all()}
        self.directions = {d.code: d for d in Direction.objects.all()}
        self.groups = {g.code: g for g in PersonGroup.objects.all()}

    def rank(self, text: str) -> Rank | None:
        if text in self.ranks:
            return self.ranks[text]
        canonical = rank_from_text(text)
        return self.ranks.get(canonical.code) if canonical else None


def _fields(p: SyntheticPerson, vocab: _Vocab) -> dict[str, Any]:
    rank = vocab.rank(p.rank) if p.rank else None
    return {
        "side": p.side,
        "category": p.category,
        "surname": p.surname,
        "given_name": p.given_name,
        "patronymic": p.patronymic,
        "sex": p.sex,
        "birth_date": p.birth_date,
        "birth_date_precision": p.birth_precision.value,
        "birth_place": p.birth_place,
        "citizenship": p.citizenship,
        "father_name": p.father_name,
        "mother_maiden_name": p.mother_maiden_name,
        "branch": vocab.branches.get(p.branch),
        "unit": p.unit,
        "rank": rank,
        "rank_category": rank.category if rank else "civilian",
        "service_number": p.service_number,
        "next_of_kin": p.next_of_kin,
        "next_of_kin_contacts": p.next_of_kin_contacts,
        "capture_date": p.capture_date,
        "capture_date_precision": p.capture_precision.value,
        "capture_place": p.capture_place,
        "direction": vocab.directions.get(p.direction),
        "health_state": p.health_state,
    }


def load_person(
    p: SyntheticPerson,
    vocab: _Vocab,
    sources: dict[str, Source],
    registrar: User,
    confirmer: User,
) -> Person:
    """One synthetic person with their source records and status ladder."""
    person = services.create_person(
        actor=registrar, fields=_fields(p, vocab), groups=[vocab.groups[g] for g in p.groups]
    )
    records = {}
    for kind, raw in p.records:
        records[kind] = services.add_source_record(
            actor=registrar, source=sources[kind], raw=raw, person=person
        )
    for event in p.events:
        record = records.get(event.source_kind)
        added = services.add_status_event(
            actor=registrar,
            person=person,
            status=event.status,
            effective=PartialDate(event.date, Precision.DAY),
            source_record=record,
            document=""
            if record
            else DOCUMENTS[event.source_kind].format(date=event.date.strftime("%d.%m.%Y")),
        )
        if event.confirmed:
            services.confirm_status_event(actor=confirmer, event_id=added.pk)
    return person


def load_demo(*, count: int, registrar: User, confirmer: User, seed: int = 2025) -> Counter[str]:
    """Create `count` synthetic persons with their sources and status ladders."""
    sources = {
        kind: services.create_source(actor=registrar, kind=kind, name=name, reliability=rel)
        for kind, (name, rel) in DEMO_SOURCES.items()
    }
    vocab = _Vocab()
    stats: Counter[str] = Counter()
    batch: list[SyntheticPerson] = []
    for synthetic in Generator(seed).persons(count):
        batch.append(synthetic)
        stats[synthetic.side] += 1
        if len(batch) == BATCH:
            _flush(batch, vocab, sources, registrar, confirmer)
    _flush(batch, vocab, sources, registrar, confirmer)
    return stats


def _flush(
    batch: list[SyntheticPerson],
    vocab: _Vocab,
    sources: dict[str, Source],
    registrar: User,
    confirmer: User,
) -> None:
    # One transaction per batch: SQLite commits are the cost, not the rows.
    with transaction.atomic():
        for synthetic in batch:
            load_person(synthetic, vocab, sources, registrar, confirmer)
    batch.clear()
