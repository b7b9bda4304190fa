"""Every read of personal data. Each selector takes the user and applies their role:
views and the API never build a queryset of persons themselves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from homeward.apps.common.permissions import Actor, Perm, has, require
from homeward.apps.registry.match_words import explain
from homeward.apps.registry.models import Person, PersonMerge, Source, SourceRecord, StatusEvent
from homeward.core.case_numbers import parse_case_number
from homeward.core.names import search_tokens
from homeward.core.ranks import normalize_service_number
from homeward.core.sensitivity import MEDICAL_FIELDS
from homeward.core.status import STATUSES_BY_SIDE, Side


def can_view_medical(user: Actor) -> bool:
    return has(user, Perm.VIEW_MEDICAL)


def _require(user: Actor, perm: str) -> None:
    require(user, perm)


def persons_for(user: Actor, *, include_merged: bool = False) -> QuerySet[Person]:
    """All persons this user may see, with medical fields left out unless they may read them.
    A record merged into another person is left out of lists (its survivor stands for it)."""
    _require(user, "registry.view_person")
    qs = Person.objects.select_related("branch", "rank", "direction", "merged_into")
    qs = qs.prefetch_related("groups")
    if not include_merged:
        qs = qs.filter(merged_into__isnull=True)
    if not can_view_medical(user):
        qs = qs.defer(*MEDICAL_FIELDS)
    return qs


def person_for(user: Actor, pk: int) -> Person:
    person = get_object_or_404(persons_for(user, include_merged=True), pk=pk)
    if not can_view_medical(user):
        # Deferred fields would load on access; blank them so no template or serializer can.
        for field in MEDICAL_FIELDS:
            person.__dict__[field] = ""
    return person


def persons_by_case_numbers(user: Actor, numbers: Iterable[str]) -> tuple[list[Person], list[str]]:
    """The persons the user may see with these case numbers (any case, each once, in the
    order given), and the numbers no such person has."""
    wanted = list(dict.fromkeys(n.strip().upper() for n in numbers if n.strip()))
    found = {p.case_number: p for p in persons_for(user).filter(case_number__in=wanted)}
    return [found[n] for n in wanted if n in found], [n for n in wanted if n not in found]


MAX_QUERY_WORDS = 8
NAME_ORDER = ("surname", "given_name", "patronymic", "id")


def search_persons(qs: QuerySet[Person], query: str) -> QuerySet[Person]:
    """The persons of `qs` a search box's text may mean. A case number or a service number
    finds its person directly. Otherwise the identity-resolution engine ranks the persons
    the text may mean, in any script, form or word order, with typos and partial dates
    (annotated `match_probability` and `match_explanation`, most probable first), and
    every person whose names begin with the typed words (`shevch`) follows, by name."""
    query = query.strip()
    if not query:
        return qs
    if parse_case_number(query):
        return qs.filter(case_number=query.upper())
    if " " not in query and any(ch.isdigit() for ch in query):
        # Looks like a service number: an exact match on its index, else a name search.
        by_number = qs.filter(service_number=normalize_service_number(query))
        if by_number.exists():
            return by_number
    from homeward.apps.registry import search_index  # it reads persons through this module

    hits = search_index.search(query)
    condition = Q(pk__in=[int(h.person_id) for h in hits])
    tokens = search_tokens(query)[:MAX_QUERY_WORDS]  # a name has a handful of words
    if tokens:
        by_words = Q()
        for token in tokens:
            by_words &= Q(search_text__contains=f" {token}")
        condition |= by_words
    probability = [When(pk=int(h.person_id), then=Value(h.probability)) for h in hits]
    explanation = [When(pk=int(h.person_id), then=Value(explain(h.contributions))) for h in hits]
    return (
        qs.filter(condition)
        .annotate(
            match_probability=Case(*probability, default=None, output_field=FloatField()),
            match_explanation=Case(*explanation, default=Value(""), output_field=CharField()),
        )
        .order_by(F("match_probability").desc(nulls_last=True), *NAME_ORDER)
    )


def status_events_for(user: Actor, person: Person) -> QuerySet[StatusEvent]:
    _require(user, "registry.view_person")
    return person.status_events.select_related(
        "source_record__source", "recorded_by", "confirmed_by"
    )


def source_records_for(user: Actor, person: Person | None = None) -> QuerySet[SourceRecord]:
    _require(user, "registry.view_sourcerecord")
    qs = SourceRecord.objects.select_related("source", "entered_by", "person")
    return qs.filter(person=person) if person is not None else qs


def sources_for(user: Actor) -> QuerySet[Source]:
    _require(user, "registry.view_source")
    return Source.objects.all()


def status_counts(user: Actor) -> dict[str, Any]:
    """Aggregates for the home page: persons by side and current status. Carries no
    personal data, so the communications role may see it."""
    _require(user, "registry.view_statistics")
    rows = (
        Person.objects.filter(merged_into__isnull=True)
        .values("side", "current_status")
        .annotate(n=Count("id"))
    )
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["side"], {})[row["current_status"] or ""] = row["n"]
    # Sides and statuses in the ladder's order, not the database's.
    table: dict[str, dict[str, int]] = {}
    for side in Side:
        if side.value in found:
            counts = found[side.value]
            ladder = [s.value for s in STATUSES_BY_SIDE[side]] + [""]
            table[side.value] = {s: counts[s] for s in ladder if s in counts}
    return {
        "by_side": {side: sum(v.values()) for side, v in table.items()},
        "by_side_status": table,
        "total": sum(sum(v.values()) for v in table.values()),
    }


_DATE_TEXT = {"day": "%d.%m.%Y", "month": "%Y-%m", "year": "%Y"}
LINKAGE_FIELDS = (
    "surname", "given_name", "patronymic", "sex", "date_of_birth", "place_of_birth", "unit",
    "rank", "service_number",
)  # fmt: skip


def linkage_columns(user: Actor, side: str | None = None) -> tuple[list[str], dict[str, list[str]]]:
    """The registry (or one side of it) as the identity-resolution engine reads it: person
    ids, and per field a column of text. For linking lists (which needs the right to add
    source records); medical fields are never part of it."""
    _require(user, "registry.add_sourcerecord")
    persons = Person.objects.filter(merged_into__isnull=True)
    return linkage_rows(persons if side is None else persons.filter(side=side))


def linkage_rows(persons: QuerySet[Person]) -> tuple[list[str], dict[str, list[str]]]:
    """Some persons as the engine reads them (`linkage_columns`); for the search index,
    which serves every role and answers through `persons_for`."""
    ids: list[str] = []
    columns: dict[str, list[str]] = {name: [] for name in LINKAGE_FIELDS}
    rows = persons.order_by("pk").values_list(
        "pk", "surname", "given_name", "patronymic", "sex", "birth_date",
        "birth_date_precision", "birth_place", "unit", "rank__code", "service_number",
    )  # fmt: skip
    for (
        pk,
        surname,
        given,
        patronymic,
        sex,
        born,
        precision,
        place,
        unit,
        rank,
        number,
    ) in rows.iterator(chunk_size=5000):
        ids.append(str(pk))
        born_text = born.strftime(_DATE_TEXT[precision]) if born and precision in _DATE_TEXT else ""
        values = (surname, given, patronymic, "" if sex == "unknown" else sex, born_text, place,
                  unit, rank or "", number)  # fmt: skip
        for name, value in zip(LINKAGE_FIELDS, values, strict=True):
            columns[name].append(value)
    return ids, columns


def merges_for(user: Actor, person: Person) -> QuerySet[PersonMerge]:
    """The merges this person took part in, as survivor or as absorbed, newest first."""
    _require(user, "registry.view_person")
    return PersonMerge.objects.filter(Q(survivor=person) | Q(absorbed=person)).select_related(
        "survivor", "absorbed", "merged_by", "split_by"
    )
