"""A NUL character in a form or a query string is refused with a message, before any view
reads it (issue 21, point 2): on PostgreSQL it made every lookup by a posted value a 500."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db


def test_a_posted_nul_is_refused_and_nothing_changes(
    client_for: Callable[[str], Client], person: Person
) -> None:
    client = client_for("registrar")
    response = client.post(f"/persons/{person.pk}/merge/", {"duplicate": "HW-\x00-1"})
    assert response.status_code == 400
    assert 'id="bad-request"' in response.text
    assert "NUL" in response.text
    person.refresh_from_db()
    assert person.merged_into_id is None


def test_a_nul_in_the_query_string_or_a_field_name(client_for: Callable[[str], Client]) -> None:
    client = client_for("registrar")
    assert client.get("/persons/", {"q": "Бойко\x00"}).status_code == 400
    assert client.post("/persons/new/", {"sur\x00name": "Бойко"}).status_code == 400
    assert "NUL" in client.get("/api/persons/", {"q": "\x00"}).json()["detail"]


def test_ordinary_text_passes(client_for: Callable[[str], Client]) -> None:
    assert client_for("registrar").get("/persons/", {"q": "Бойко Іван"}).status_code == 200
