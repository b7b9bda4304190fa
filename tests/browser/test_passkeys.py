"""Passkeys in a real browser, through Chromium's virtual authenticator (the WebAuthn
domain of the DevTools protocol): an administrator signed in with two factors adds a
passkey, signs out, and signs in again with the password and the passkey instead of the
code (issue 20, point 3; ADR 36)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import Page, expect

from homeward.apps.audit.models import AuditEntry
from tests.conftest import PASSWORD, current_code, second_factor_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _virtual_authenticator(page: Page) -> Any:
    """A platform authenticator that holds resident keys and verifies its user at once,
    as a laptop's fingerprint reader would."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return session


def _password_only(page: Page, url: str, user: User) -> None:
    page.goto(f"{url}/accounts/login/?next=/persons/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")


def test_a_passkey_is_added_then_stands_in_for_the_code(
    live_server: Any, page: Page, administrator: User
) -> None:
    with override_settings(OTP_WEBAUTHN_ALLOWED_ORIGINS=[live_server.url]):
        _virtual_authenticator(page)
        device = second_factor_of(administrator)
        page.goto(f"{live_server.url}/accounts/login/?next=/accounts/two-factor/")
        page.fill("#id_username", administrator.username)
        page.fill("#id_password", PASSWORD)
        page.fill("#id_otp_token", current_code(device))
        page.click("#login-form button[type=submit]")

        # The package's module puts the button in, then gives it its handler: a click in
        # between would do nothing. Its scripts have run once the network is quiet.
        page.wait_for_load_state("networkidle")
        page.click("#passkey-register-button")
        expect(page.locator("#passkeys tbody tr")).to_have_count(1, timeout=20_000)
        assert WebAuthnCredential.objects.filter(user=administrator).count() == 1
        assert AuditEntry.objects.filter(action="2fa.passkey_add").count() == 1

        page.click("nav form[action$='/logout/'] button")
        _password_only(page, live_server.url, administrator)
        expect(page.locator("#two-factor-verify")).to_be_visible()
        page.goto(f"{live_server.url}/persons/")  # nothing opens before the second step
        expect(page.locator("#two-factor-verify")).to_be_visible()

        page.wait_for_load_state("networkidle")
        page.click("#passkey-verification-button")
        expect(page).to_have_url(f"{live_server.url}/persons/", timeout=20_000)
        used = WebAuthnCredential.objects.get(user=administrator)
        assert used.last_used_at is not None


def test_without_a_passkey_an_empty_code_is_a_failed_sign_in(
    live_server: Any, page: Page, administrator: User
) -> None:
    with override_settings(OTP_WEBAUTHN_ALLOWED_ORIGINS=[live_server.url]):
        second_factor_of(administrator)
        _password_only(page, live_server.url, administrator)
        expect(page.locator("#login-form")).to_be_visible()
        expect(page.locator(".alert-danger")).to_be_visible()
