"""Passwords of 12 characters or more, lock-out of an address across user names, and
sessions that end when idle or after a working day (issue 20, point 7)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from homeward.apps.accounts.services import ensure_user
from homeward.apps.accounts.sessions import LAST_SEEN, SIGNED_IN_AT
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["Summer2024", "Kyiv-2024!", "password1234", "registrar-2024"])
def test_short_common_or_similar_passwords_are_refused(registrar: User, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, user=registrar)


def test_a_long_uncommon_password_is_accepted(registrar: User) -> None:
    validate_password("ворота-Полтава-1709-липа", user=registrar)


def _login(client: Client, username: str, password: str, address: str) -> int:
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )
    return response.status_code


@override_settings(AXES_ENABLED=True, HOMEWARD_ADDRESS_FAILURE_LIMIT=6)
def test_failures_across_user_names_lock_the_address(registrar: User) -> None:
    client = Client()
    for i in range(5):  # one wrong password for each of six names: no name reaches five
        assert _login(client, f"user{i}", "wrong-password", "10.9.9.9") == 200
    assert _login(client, "user5", "wrong-password", "10.9.9.9") == 429  # the sixth locks
    # The address is locked, even for a real user with the right password...
    assert _login(Client(), "registrar", PASSWORD, "10.9.9.9") == 429
    # ...while the same user from another address signs in.
    assert _login(Client(), "registrar", PASSWORD, "10.9.9.10") == 302


@override_settings(AXES_ENABLED=True, HOMEWARD_ADDRESS_FAILURE_LIMIT=20)
def test_a_few_failures_from_a_shared_address_lock_nobody_else(registrar: User) -> None:
    for i in range(4):
        _login(Client(), f"colleague{i}", "wrong-password", "10.1.1.1")
    assert _login(Client(), "registrar", PASSWORD, "10.1.1.1") == 302


def _signed_in(client_for: Callable[[str], Client]) -> Client:
    client = client_for("registrar")
    assert client.get("/persons/").status_code == 200
    return client


def _age_session(client: Client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "seen": LAST_SEEN}[key]] = now - ago
    session.save()


@override_settings(HOMEWARD_SESSION_IDLE_MINUTES=30)
def test_a_session_idle_for_half_an_hour_is_signed_out(
    client_for: Callable[[str], Client],
) -> None:
    client = _signed_in(client_for)
    _age_session(client, seen=29 * 60)
    assert client.get("/persons/").status_code == 200  # used again: the clock restarts
    _age_session(client, seen=31 * 60)
    response = client.get("/persons/?q=x")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/persons/")
    assert client.get("/persons/").status_code == 302  # signed out for good


@override_settings(HOMEWARD_SESSION_MAX_HOURS=8)
def test_a_busy_session_still_ends_after_eight_hours(client_for: Callable[[str], Client]) -> None:
    client = _signed_in(client_for)
    _age_session(client, signed_in=8 * 3600 - 60, seen=10)
    assert client.get("/persons/").status_code == 200
    _age_session(client, signed_in=8 * 3600 + 60, seen=10)
    assert client.get("/persons/").status_code == 302


def test_api_tokens_are_not_concerned(api_for: Callable[[str], object]) -> None:
    api = api_for("registrar")
    assert api.get("/api/persons/").status_code == 200  # type: ignore[attr-defined]


def test_demo_passwords_pass_the_validators() -> None:
    """`homeward demo` generates passwords; they must be ones the site would accept."""
    import secrets

    from homeward.apps.registry.management.commands.demo import DEMO_PASSWORD_BYTES

    user, _ = ensure_user(actor=None, username="demo-user", password="x", roles=["registrar"])
    for _ in range(20):
        validate_password(secrets.token_urlsafe(DEMO_PASSWORD_BYTES), user=user)


def test_the_demo_refuses_a_password_the_site_would_refuse() -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--password"):
        call_command("demo", "--no-serve", "--persons", "10", "--password", "short")
