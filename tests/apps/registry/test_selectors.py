from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from homeward.apps.registry import selectors, services
from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(make_person: Callable[..., Person]) -> dict[str, Person]:
    return {
        "shevchenko": make_person(),
        "cousin": make_person(given_name="Андрій", service_number="UA-777"),
        "boyko": make_person(surname="Бойко", given_name="Сергій", patronymic="Петрович"),
        "apostrophe": make_person(surname="Лук'яненко", given_name="Іван"),
        "russian": make_person(
            side="held", surname="Смирнов", given_name="Алексей", patronymic="Эдуардович"
        ),
    }


@pytest.mark.parametrize(
    "query",
    ["shevchenko", "Шевченко", "ШЕВЧЕНКО", "SHEVCHENKO", "Шeвчeнко", "shevch", "  Шевченко  "],
)
def test_name_search_ignores_case_script_and_lookalikes(
    registry: dict[str, Person], registrar: User, query: str
) -> None:
    found = selectors.search_persons(selectors.persons_for(registrar), query)
    assert set(found) == {registry["shevchenko"], registry["cousin"]}


@pytest.mark.parametrize("query", ["Лук'яненко", "Лук’яненко", "Лукʼяненко", "lukianenko"])
def test_name_search_ignores_apostrophe_variants(
    registry: dict[str, Person], registrar: User, query: str
) -> None:
    found = selectors.search_persons(selectors.persons_for(registrar), query)
    assert list(found) == [registry["apostrophe"]]


def test_every_word_must_match(registry: dict[str, Person], registrar: User) -> None:
    found = selectors.search_persons(selectors.persons_for(registrar), "Шевченко Андрій")
    assert list(found) == [registry["cousin"]]


def test_russian_spelling_finds_the_russian_record(
    registry: dict[str, Person], registrar: User
) -> None:
    found = selectors.search_persons(selectors.persons_for(registrar), "Эдуардович")
    assert list(found) == [registry["russian"]]


def test_case_number_and_service_number_find_directly(
    registry: dict[str, Person], registrar: User
) -> None:
    qs = selectors.persons_for(registrar)
    target = registry["boyko"]
    assert list(selectors.search_persons(qs, target.case_number.lower())) == [target]
    assert list(selectors.search_persons(qs, "ua-777")) == [registry["cousin"]]


def test_no_match_is_empty(registry: dict[str, Person], registrar: User) -> None:
    assert not selectors.search_persons(selectors.persons_for(registrar), "Zzyzx").exists()


@pytest.mark.parametrize("role", ["communications", "auditor", None])
def test_roles_without_personal_data_are_refused(
    make_user: Callable[..., User], role: str | None
) -> None:
    with pytest.raises(PermissionDenied):
        selectors.persons_for(make_user(role, username=role or "norole"))


def test_anonymous_is_refused() -> None:
    with pytest.raises(PermissionDenied):
        selectors.persons_for(AnonymousUser())


def test_medical_notes_only_for_the_medical_role(
    make_person: Callable[..., Person], make_user: Callable[..., User]
) -> None:
    person = make_person(medical_notes="Shrapnel wound, left leg")
    registrar, medic = make_user("registrar"), make_user("medical_officer")
    assert selectors.person_for(registrar, person.pk).medical_notes == ""
    assert selectors.person_for(medic, person.pk).medical_notes == "Shrapnel wound, left leg"
    listed = selectors.persons_for(registrar).get(pk=person.pk)
    assert "medical_notes" in listed.get_deferred_fields()


def test_masked_person_cannot_leak_into_a_save(
    make_person: Callable[..., Person], make_user: Callable[..., User]
) -> None:
    person = make_person(medical_notes="Confidential")
    registrar = make_user("registrar")
    masked = selectors.person_for(registrar, person.pk)
    services.update_person(
        actor=registrar,
        person_id=masked.pk,
        expected_version=masked.version,
        fields={"unit": "new"},
    )
    person.refresh_from_db()
    assert person.medical_notes == "Confidential"


def test_status_counts_are_aggregates_for_communications(
    registry: dict[str, Person], make_user: Callable[..., User]
) -> None:
    counts = selectors.status_counts(make_user("communications"))
    assert counts["total"] == 5
    assert counts["by_side"] == {"own": 4, "held": 1}
    with pytest.raises(PermissionDenied):
        selectors.status_counts(make_user(None, username="norole"))


def test_a_service_number_typed_loosely_finds_its_person(
    registry: dict[str, Person], registrar: User
) -> None:
    qs = selectors.persons_for(registrar)
    assert list(selectors.search_persons(qs, " ua-777 ")) == [registry["cousin"]]
    assert registry["cousin"].service_number == "UA-777"
    # Digits that are no service number fall back to the name search.
    assert not selectors.search_persons(qs, "UA-000").exists()


@pytest.mark.parametrize("query", ["Воробьёв", "ВОРОБЬЁВ", "vorobyev"])
def test_a_surname_written_in_capitals_is_found_however_typed(
    make_person: Callable[..., Person], registrar: User, query: str
) -> None:
    # ьё: the Russian transliteration writes it "ye" in lower case and "e" in capitals
    capitals = make_person(side="held", surname="ВОРОБЬЁВ", given_name="Алексей")
    found = selectors.search_persons(selectors.persons_for(registrar), query)
    assert list(found) == [capitals]
