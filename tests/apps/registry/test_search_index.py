"""The person search through the engine: the index kept by the web process, and what the
list page and the API show of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from homeward.apps.registry import search_index, selectors, services
from homeward.apps.registry.merging import merge_persons, split_merge
from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db
EXAMPLE = "Aleksandr Shevchenko 1990"  # the issue's: English order, Russian form, a year


@pytest.fixture
def target(make_person: Callable[..., Person], background: list[Person]) -> Person:
    """Шевченко Олександр Миколайович, 21.03.1990, among a few hundred others."""
    person = make_person()
    assert (person.surname, person.given_name, person.birth_date) == (
        "Шевченко",
        "Олександр",
        dt.date(1990, 3, 21),
    )
    return person


def _found(user: User, text: str) -> list[Person]:
    return list(selectors.search_persons(selectors.persons_for(user), text))


def _probability(person: Person) -> float:
    value: float = getattr(person, "match_probability")  # noqa: B009 - an annotation
    return value


def _explanation(person: Person) -> str:
    value: str = getattr(person, "match_explanation")  # noqa: B009 - an annotation
    return value


def test_the_issues_example_finds_the_person_ranked_with_a_probability(
    registrar: User, target: Person
) -> None:
    found = _found(registrar, EXAMPLE)
    assert found[0] == target
    first = found[0]
    assert 0 < _probability(first) <= 1
    assert "Shevchenko / Шевченко" in _explanation(first)
    # Ranked: every probability after the first is no higher.
    probabilities = [_probability(p) for p in found if _probability(p) is not None]
    assert probabilities == sorted(probabilities, reverse=True)


@pytest.mark.parametrize(
    "text",
    ["Александр Николаевич Шевченко", "Schewtschenko Oleksandr 21.03.1990", "Шевчнеко Олександр"],
)
def test_other_scripts_forms_and_typos_find_the_person(
    registrar: User, target: Person, text: str
) -> None:
    assert target in _found(registrar, text)[:5]


def test_a_prefix_still_finds_names_that_begin_with_it(registrar: User, target: Person) -> None:
    found = _found(registrar, "шевч")
    assert target in found
    assert all(p.surname.startswith("Шевч") for p in found)


def test_the_index_follows_the_registry(
    registrar: User, target: Person, make_person: Callable[..., Person]
) -> None:
    assert _found(registrar, EXAMPLE)[0] == target  # builds the index
    later = make_person(surname="Вакуленко", given_name="Ярема", birth_date=dt.date(1988, 1, 5))
    assert _found(registrar, "Yarema Vakulenko 1988")[0] == later
    services.update_person(
        actor=registrar,
        person_id=target.pk,
        expected_version=target.version,
        fields={"surname": "Тимошенко"},
    )
    assert _found(registrar, "Tymoshenko Oleksandr 1990")[0].pk == target.pk
    # Searched by the old name, he is compared under the new one.
    old_name = {p.pk: p for p in _found(registrar, "Шевченко Олександр Миколайович 21.03.1990")}
    assert "Шевченко / Тимошенко" in _explanation(old_name[target.pk])
    merge_persons(actor=registrar, survivor_id=later.pk, absorbed_id=target.pk, reason="test")
    assert target.pk not in [p.pk for p in _found(registrar, "Tymoshenko Oleksandr 1990")]


def test_a_split_brings_the_person_back(
    registrar: User, target: Person, make_person: Callable[..., Person]
) -> None:
    other = make_person(surname="Вакуленко", given_name="Ярема", birth_date=dt.date(1988, 1, 5))
    merge = merge_persons(actor=registrar, survivor_id=other.pk, absorbed_id=target.pk)
    assert target.pk not in [p.pk for p in _found(registrar, EXAMPLE)]
    split_merge(actor=registrar, merge_id=merge.pk, reason="two men")
    assert _found(registrar, EXAMPLE)[0].pk == target.pk


def test_a_change_stamped_long_ago_is_not_missed(
    registrar: User, target: Person, make_person: Callable[..., Person]
) -> None:
    """A transaction stamps its rows when it writes them and may commit long after others
    (an import's); what counts is its entry in the trail, not the stamp."""
    _found(registrar, EXAMPLE)
    late = make_person(surname="Гордієнко", given_name="Остап")
    Person.objects.filter(pk=late.pk).update(updated_at=late.updated_at - dt.timedelta(days=1))
    assert _found(registrar, "Ostap Hordiienko")[0] == late


def test_after_an_import_the_new_persons_are_read_once(registrar: User, target: Person) -> None:
    """The issue's cost: after an import every search re-read the stamps of all its
    persons. Now the first search reads them, and the next reads one row of the trail."""
    search_index.search(EXAMPLE)
    services.create_persons(
        actor=registrar,
        rows=[
            {
                "side": "own",
                "category": "military",
                "surname": f"Іваненко{n}",
                "given_name": "Петро",
                "rank_category": "unknown",
            }
            for n in range(300)
        ],
    )
    with CaptureQueriesContext(connection) as first:
        assert search_index.search("Петро Іваненко7")
    with CaptureQueriesContext(connection) as second:
        search_index.search("Петро Іваненко7")
    assert any("registry_person" in q["sql"] for q in first.captured_queries)
    assert [q["sql"] for q in second.captured_queries if "registry_person" in q["sql"]] == []
    assert len(second.captured_queries) <= 2


def test_the_list_page_shows_the_probability_in_the_users_language(
    client_for: Callable[[str], Client], target: Person
) -> None:
    client = client_for("registrar")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    response = client.get("/persons/", {"q": EXAMPLE})
    page = response.context["page"]
    assert page[0] == target
    html = response.content.decode()
    assert 'class="badge text-bg-info match-probability"' in html
    assert "Прізвище" in html  # the explanation's field names are translated
    # Sorting by name instead drops the ranking but keeps the persons found.
    by_name = client.get("/persons/", {"q": EXAMPLE, "sort": "name"}).context["page"]
    assert {p.pk for p in by_name} == {p.pk for p in page}


def test_the_api_ranks_with_the_probability(
    api_for: Callable[[str], APIClient], target: Person
) -> None:
    client = api_for("registrar")
    found = client.get("/api/persons/", {"q": EXAMPLE}, HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert found[0]["id"] == target.pk
    assert 0 < found[0]["match_probability"] <= 1
    assert "Surname" in found[0]["match_explanation"]
    plain = api_for("registrar").get(f"/api/persons/{target.pk}/").json()
    assert plain["match_probability"] is None


def test_the_search_shows_only_what_the_role_may_see(
    make_user: Callable[..., User], target: Person
) -> None:
    with pytest.raises(Exception):  # noqa: B017 - the selector refuses, whatever the search
        _found(make_user("communications"), EXAMPLE)
