"""No request gets a 500 for what it carries (issue 21, point 2): ids that are not numbers
are not routes, and numbers past what the database holds find nothing. The cases are the
ones schemathesis found."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

HUGE = "3105025808551036843386652852224"  # past SQLite's 64-bit integers


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("patch", "/api/case-steps/null/"),
        ("post", "/api/list-versions/true/submit/"),
        ("get", "/api/list-versions/abc/"),
        ("get", "/api/persons/1.5/"),
        ("get", "/api/payment-rules/-1/"),
    ],
)
def test_an_id_that_is_not_a_number_is_not_found(
    api_for: Callable[[str], APIClient], method: str, url: str
) -> None:
    response = getattr(api_for("administrator"), method)(url, {}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        f"/api/return-cases/board/?agreement={HUGE}",
        f"/api/persons/{HUGE}/",
        f"/api/list-versions/{HUGE}/",
        f"/api/persons/?source={HUGE}",
    ],
)
def test_a_number_past_the_databases_integers_is_no_server_error(
    api_for: Callable[[str], APIClient], url: str
) -> None:
    response = api_for("administrator").get(url)
    assert response.status_code in (200, 400, 404), response.content


@pytest.mark.parametrize(
    "url", [f"/persons/{HUGE}/", f"/exchanges/{HUGE}/", f"/returns/{HUGE}/", f"/imports/{HUGE}/"]
)
def test_a_page_past_the_databases_integers_is_not_found(
    client_for: Callable[[str], Client], url: str
) -> None:
    assert client_for("administrator").get(url).status_code == 404
