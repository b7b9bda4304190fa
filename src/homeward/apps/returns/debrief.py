"""Debriefs: the other prisoners a returned person saw, matched through the engine.

A sighting the engine is sure of becomes evidence on that person's record at once (a
source record of the debrief, as told, and a report that they are confirmed in captivity
on the day seen); one with plausible candidates waits for a coordinator to choose; one
that fits nobody can be registered as a new person of ours, confirmed in captivity by the
sighting, whom the registry's duplicate search then considers like any other."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from homeward.apps.audit import services as audit
from homeward.apps.common.permissions import Actor
from homeward.apps.registry import selectors as registry_selectors
from homeward.apps.registry import services as registry
from homeward.apps.registry.models import Person, Source
from homeward.apps.returns import services
from homeward.apps.returns.models import ReturnCase, Sighting
from homeward.core.dates import PartialDate
from homeward.core.names.parse import parse_full_name, patronymic_sex
from homeward.core.returns import SightingVerdict, StepKind, judge_sighting
from homeward.core.status import Side, Status

# The engine's best few candidates are kept with a sighting for the coordinator to choose.
CANDIDATES = 5
# A returnee is usually a reliable witness of whom they saw (Admiralty B).
RELIABILITY = "B"


def require_debriefer(user: Actor, case: ReturnCase) -> None:
    """Whoever may work the case's debrief step (coordinators, or the step's owner)."""
    step = case.steps.filter(kind=StepKind.DEBRIEF).first()
    if step is None:
        services.require_coordinator(user)
    else:
        services.require_may_work(user, step)


def _candidates(user: User, case: ReturnCase, text: str) -> list[dict[str, Any]]:
    ours = registry_selectors.persons_for(user).filter(side=Side.OWN).exclude(pk=case.person_id)
    found = registry_selectors.search_persons(ours, text)[:CANDIDATES]
    scored = [(p, getattr(p, "match_probability", None)) for p in found]
    return [
        {"person": p.pk, "probability": round(prob, 4), "why": getattr(p, "match_explanation", "")}
        for p, prob in scored
        if prob is not None
    ]


def _source(user: User, case: ReturnCase) -> Source:
    # One source per returnee, named in the registry's language whoever records.
    with override(settings.LANGUAGE_CODE):
        name = _("Debrief of %(case)s") % {"case": case.person.case_number}
    found = Source.objects.filter(kind="debrief", name=name).first()
    return found or registry.create_source(actor=user, kind="debrief", name=name,
                                           reliability=RELIABILITY)  # fmt: skip


def _evidence(user: User, sighting: Sighting, person: Person) -> None:
    """The sighting on the person's record: as told, and what it establishes."""
    case = sighting.case
    record = registry.add_source_record(
        actor=user, source=_source(user, case), external_id=f"sighting-{sighting.pk}",
        raw={"told_name": sighting.told_name, "told_details": sighting.told_details,
             "place": sighting.place, "seen": str(sighting.seen),
             "told_by": case.person.case_number},
        person=person,
    )  # fmt: skip
    sighting.status_event = registry.add_status_event(
        actor=user, person=person, status=Status.CONFIRMED_CAPTIVE.value,
        effective=sighting.seen, source_record=record, note=sighting.place,
    )  # fmt: skip
    sighting.person, sighting.source_record = person, record


def _check_told(case: ReturnCase, told_name: str, place: str, seen: PartialDate) -> None:
    errors: dict[str, list[str]] = {}
    if not told_name.strip():
        errors["told_name"] = [_("Write the name as the returnee told it.")]
    if not place.strip():
        errors["place"] = [_("Write where the returnee saw the person (a colony, a town).")]
    if seen.value is None:
        errors["seen_on"] = [_("Give when, at least the year.")]
    elif seen.value > case.returned_on:
        text = _("The returnee came home on %(day)s: a sighting in captivity is on that day "
                 "or before.")  # fmt: skip
        errors["seen_on"] = [text % {"day": case.returned_on}]
    if errors:
        raise services.ReturnError(errors)


@transaction.atomic
def record_sighting(
    *, actor: Actor, case_id: int, told_name: str, place: str, seen: PartialDate,
    told_details: str = "",
) -> Sighting:  # fmt: skip
    """A prisoner the returnee saw, matched through the engine against our people."""
    user = services.require_user(actor)
    case = ReturnCase.objects.select_related("person").get(pk=case_id)
    require_debriefer(user, case)
    _check_told(case, told_name, place, seen)
    candidates = _candidates(user, case, f"{told_name} {told_details}")
    verdict = judge_sighting([c["probability"] for c in candidates])
    assert seen.value is not None
    sighting = Sighting.objects.create(
        case=case, told_name=told_name.strip(), told_details=told_details.strip(),
        place=place.strip(), seen_on=seen.value, seen_precision=seen.precision.value,
        verdict=verdict.value, candidates=candidates, recorded_by=user,
    )  # fmt: skip
    if verdict is SightingVerdict.CONFIRMED:
        _evidence(user, sighting, Person.objects.get(pk=candidates[0]["person"]))
        sighting.save()
    audit.record(
        actor=user, action="sighting.record", object_type="return_case", object_id=case.pk,
        object_repr=str(case),
        after={"sighting": sighting.pk, "told_name": sighting.told_name,
               "place": sighting.place, "seen": str(seen), "verdict": verdict.value,
               "person": sighting.person_id},
    )  # fmt: skip
    return sighting


def _open_sighting(user: User, sighting_id: int) -> Sighting:
    sighting: Sighting = (
        Sighting.objects.select_for_update().select_related("case__person").get(pk=sighting_id)
    )
    require_debriefer(user, sighting.case)
    if sighting.verdict in (SightingVerdict.CONFIRMED, SightingVerdict.REGISTERED):
        raise services.ReturnError(_("This sighting is already on a person's record."))
    return sighting


@transaction.atomic
def decide_sighting(*, actor: Actor, sighting_id: int, person_id: int | None) -> Sighting:
    """A coordinator's decision on a sighting to check: it is this person (evidence on
    their record), or nobody in the registry."""
    user = services.require_user(actor)
    sighting = _open_sighting(user, sighting_id)
    if person_id is None:
        sighting.verdict = SightingVerdict.UNKNOWN.value
    else:
        person = registry_selectors.persons_for(user).filter(pk=person_id).first()
        if person is None or person.side != Side.OWN or person.pk == sighting.case.person_id:
            raise services.ReturnError(_("Choose one of ours in the registry, other than the "
                                         "returnee."))  # fmt: skip
        _evidence(user, sighting, person)
        sighting.verdict = SightingVerdict.CONFIRMED.value
    sighting.decided_by = user
    sighting.save()
    audit.record(
        actor=user, action="sighting.decide", object_type="return_case",
        object_id=sighting.case_id, object_repr=str(sighting.case),
        after={"sighting": sighting.pk, "verdict": sighting.verdict, "person": person_id},
    )  # fmt: skip
    return sighting


def _new_person_fields(sighting: Sighting) -> dict[str, Any]:
    name = parse_full_name(sighting.told_name)
    if not (name.surname and name.given_name) or name.given_is_initial:
        raise services.ReturnError(
            _("“%(name)s” does not give a surname and a full given name: the registry needs "
              "both. Ask the returnee, or leave the sighting unknown.")
            % {"name": sighting.told_name}
        )  # fmt: skip
    category = sighting.case.category
    return {
        "side": Side.OWN.value, "category": category, "surname": name.surname,
        "given_name": name.given_name,
        "patronymic": "" if name.patronymic_is_initial else name.patronymic,
        "sex": patronymic_sex(name.patronymic) or "unknown",
        "rank_category": "civilian" if category == "civilian" else "unknown",
        "detention_place": sighting.place[:200],
    }  # fmt: skip


@transaction.atomic
def register_sighting(*, actor: Actor, sighting_id: int) -> Person:
    """A sighting nobody in the registry fits becomes a new person of ours, confirmed in
    captivity by it."""
    user = services.require_user(actor)
    sighting = _open_sighting(user, sighting_id)
    if sighting.verdict != SightingVerdict.UNKNOWN:
        raise services.ReturnError(_("Decide first that the sighting fits nobody in the "
                                     "registry."))  # fmt: skip
    person = registry.create_person(actor=user, fields=_new_person_fields(sighting))
    _evidence(user, sighting, person)
    sighting.verdict, sighting.decided_by = SightingVerdict.REGISTERED.value, user
    sighting.save()
    audit.record(
        actor=user, action="sighting.register", object_type="return_case",
        object_id=sighting.case_id, object_repr=str(sighting.case),
        after={"sighting": sighting.pk, "person": person.pk},
    )  # fmt: skip
    return Person.objects.get(pk=person.pk)  # with the status the sighting gave


def sightings_of(user: Actor, case: ReturnCase) -> list[Sighting]:
    """The case's sightings, with their candidates' persons as the user may see them."""
    sightings = list(case.sightings.select_related("person", "recorded_by").order_by("id"))
    ids = {c["person"] for s in sightings for c in s.candidates}
    persons = registry_selectors.persons_for(user).in_bulk(ids)
    for s in sightings:
        s.candidate_persons = [
            (persons[c["person"]], c["probability"], c["why"])
            for c in s.candidates if c["person"] in persons
        ]  # fmt: skip
    return sightings
