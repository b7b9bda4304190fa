"""An administrator without an authenticator signs in, in a real browser: nothing but
enrolment opens until the authenticator is set up, the recovery codes are shown once, and
then the page first asked for opens (issue 20, point 3; ADR 33)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, current_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_administrator_enrols_before_anything_opens(
    live_server: Any, page: Page, administrator: User
) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next=/persons/")
    page.fill("#id_username", administrator.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#two-factor-required")).to_be_visible()
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#two-factor-required")).to_be_visible()  # sent back to enrolment
    expect(page.locator("svg.segno")).to_be_visible()
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    page.fill("#id_token", current_code(device))
    page.click("button[value=enable]")
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    page.click("#continue")
    expect(page.locator("h1")).to_contain_text("Адміністрування")
