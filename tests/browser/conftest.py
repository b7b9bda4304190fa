"""Playwright drives Debian's Chromium (/usr/bin/chromium) against a live test server."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page

from homeward.apps.accounts.second_factor import required_for
from tests.conftest import PASSWORD, current_code, second_factor_of

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests
# make to arrange data are still ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# The machine's network is closed: without these Chromium keeps trying to reach Google.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "locale": "uk-UA"}


@pytest.fixture(autouse=True)
def no_policy_violations(page: Page) -> Iterator[None]:
    """Every browser test fails if a page broke its Content-Security-Policy: the browser
    refuses the script or style, and says so only in its console."""
    refused: list[str] = []
    page.on(
        "console",
        lambda m: (
            refused.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None
        ),
    )
    yield
    assert refused == [], refused


@pytest.fixture
def sign_in(live_server: Any, page: Page) -> Callable[[User], Page]:
    def sign(user: User) -> Page:
        device = second_factor_of(user) if required_for(user) else None
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        if device is not None:
            page.fill("#id_otp_token", current_code(device))
        page.click("#login-form button[type=submit]")
        page.wait_for_selector("#current-user")
        return page

    return sign
