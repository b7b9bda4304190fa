"""Pages work under their Content-Security-Policy in a real browser: the staff pages with
their scripts, the API's documentation, the admin and the public statements. A script or
style the policy refuses fails the test (tests/browser/conftest.py watches the console)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from homeward.apps.registry.models import Person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_every_kind_of_page_runs_under_the_policy(
    live_server: Any,
    sign_in: Callable[[User], Page],
    make_user: Callable[..., User],
    person: Person,
) -> None:
    page = sign_in(make_user("administrator"))
    headers = page.goto(f"{live_server.url}/").headers  # type: ignore[union-attr]
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "camera=()" in headers["permissions-policy"]

    page.goto(f"{live_server.url}/persons/{person.pk}/")
    expect(page.locator("#person-name")).to_contain_text("ШЕВЧЕНКО")
    page.goto(f"{live_server.url}/statistics/overall/")
    page.wait_for_function("() => window.Chart && document.querySelector('canvas')")
    # Swagger UI draws the API from the schema with scripts served by the site.
    page.goto(f"{live_server.url}/api/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    page.goto(f"{live_server.url}/admin/registry/branch/add/")
    expect(page.locator("#branch_form")).to_be_visible()
    page.goto(f"{live_server.url}/statements/")
    expect(page.locator("main")).to_be_visible()
