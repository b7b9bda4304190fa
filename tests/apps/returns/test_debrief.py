"""Sightings told at a debrief become evidence on the persons seen, or new persons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from homeward.apps.registry.models import Person
from homeward.apps.returns import debrief
from homeward.apps.returns.models import ReturnCase
from homeward.core.dates import PartialDate, Precision

pytestmark = pytest.mark.django_db

MAY_2024 = PartialDate(dt.date(2024, 5, 1), Precision.MONTH)


@pytest.fixture
def seen(background: list[Person], make_person: Callable[..., Person]) -> Person:
    """One of ours missing since 2023, among a registry of a few hundred."""
    return make_person(surname="Коваленко", given_name="Сергій", patronymic="Петрович",
                       birth_date=dt.date(1991, 7, 14), service_number="UA-55501",
                       unit="36 окрема бригада морської піхоти")  # fmt: skip


def test_a_sighting_the_engine_is_sure_of_is_evidence_at_once(
    case: ReturnCase, coordinator: User, seen: Person
) -> None:
    sighting = debrief.record_sighting(
        actor=coordinator, case_id=case.pk, told_name="Коваленко Сергій Петрович",
        told_details="1991 р.н., морпіх", place="Оленівка, барак 2", seen=MAY_2024,
    )  # fmt: skip
    assert sighting.verdict == "confirmed" and sighting.person == seen
    seen.refresh_from_db()
    assert seen.current_status == "confirmed_captive"
    event = sighting.status_event
    assert event is not None and event.effective == MAY_2024 and event.reliability == "B"
    record = sighting.source_record
    assert record is not None and record.source.kind == "debrief"
    assert record.raw["told_name"] == "Коваленко Сергій Петрович"
    assert record.raw["told_by"] == case.person.case_number


def test_a_vague_sighting_waits_for_a_coordinator_who_chooses(
    case: ReturnCase, coordinator: User, seen: Person, make_person: Callable[..., Person]
) -> None:
    namesake = make_person(surname="Коваленко", given_name="Сергій", patronymic="Іванович",
                           birth_date=dt.date(1985, 2, 2), service_number="UA-55502")  # fmt: skip
    sighting = debrief.record_sighting(actor=coordinator, case_id=case.pk,
                                       told_name="Сергій Коваленко", place="Таганрог",
                                       seen=MAY_2024)  # fmt: skip
    assert sighting.verdict == "possible" and sighting.person is None
    assert {c["person"] for c in sighting.candidates} >= {seen.pk, namesake.pk}
    assert not Person.objects.filter(current_status="confirmed_captive").exists()
    decided = debrief.decide_sighting(actor=coordinator, sighting_id=sighting.pk,
                                      person_id=namesake.pk)  # fmt: skip
    assert decided.verdict == "confirmed" and decided.person == namesake
    with pytest.raises(ValidationError, match="already on a person's record"):
        debrief.decide_sighting(actor=coordinator, sighting_id=sighting.pk, person_id=seen.pk)


def test_a_sighting_nobody_fits_becomes_a_new_person(
    case: ReturnCase, coordinator: User, background: list[Person]
) -> None:
    sighting = debrief.record_sighting(actor=coordinator, case_id=case.pk,
                                       told_name="Зеновій Остапчук", told_details="з Калуша",
                                       place="Кашира", seen=MAY_2024)  # fmt: skip
    assert sighting.verdict == "unknown"
    person = debrief.register_sighting(actor=coordinator, sighting_id=sighting.pk)
    assert (person.surname, person.given_name, person.side) == ("Остапчук", "Зеновій", "own")
    assert person.current_status == "confirmed_captive" and person.detention_place == "Кашира"
    sighting.refresh_from_db()
    assert sighting.verdict == "registered" and sighting.person == person


def test_bad_sightings_are_refused_with_the_field_and_change_nothing(
    case: ReturnCase, coordinator: User, medic: User, background: list[Person]
) -> None:
    after_return = PartialDate(case.returned_on + dt.timedelta(days=1), Precision.DAY)
    with pytest.raises(ValidationError) as refused:
        debrief.record_sighting(actor=coordinator, case_id=case.pk, told_name=" ", place="",
                                seen=after_return)  # fmt: skip
    assert set(refused.value.message_dict) == {"told_name", "place", "seen_on"}
    with pytest.raises(PermissionDenied):
        debrief.record_sighting(actor=medic, case_id=case.pk, told_name="Іван Бойко",
                                place="Оленівка", seen=MAY_2024)  # fmt: skip
    only_initial = debrief.record_sighting(actor=coordinator, case_id=case.pk,
                                           told_name="Остапчук З.", place="Кашира",
                                           seen=MAY_2024)  # fmt: skip
    with pytest.raises(ValidationError, match="surname and a full given name"):
        debrief.register_sighting(actor=coordinator, sighting_id=only_initial.pk)
    assert case.sightings.count() == 1
