from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.apps.audit.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, otp: str = "") -> int:
    return client.post(
        "/accounts/login/", {"username": username, "password": password, "otp_token": otp}
    ).status_code


def test_sign_in_and_out(registrar: User) -> None:
    client = Client()
    assert client.get("/persons/").status_code == 302
    assert _login(client, "registrar", PASSWORD) == 302
    assert client.get("/persons/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/persons/").status_code == 302


def test_wrong_password_is_refused(registrar: User) -> None:
    client = Client()
    assert _login(client, "registrar", "wrong") == 200
    assert client.get("/persons/").status_code == 302


@override_settings(AXES_ENABLED=True)
def test_repeated_failures_lock_the_account_for_a_while(registrar: User) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "registrar", "wrong")
    response = client.post("/accounts/login/", {"username": "registrar", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode() or "locked" in str(
        response.content
    )
    assert client.get("/persons/").status_code == 302
    # Another user from the same address is not locked out.
    other = Client()
    from homeward.apps.accounts.services import ensure_user

    ensure_user(actor=None, username="other", password=PASSWORD, roles=["registrar"])
    assert _login(other, "other", PASSWORD) == 302


def _unthrottle() -> None:
    """django-otp slows down guessing after a wrong code; tests move on immediately."""
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def _totp(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_two_factor_users_need_their_code(registrar: User) -> None:
    device = _totp(registrar)
    assert _login(Client(), "registrar", PASSWORD) == 200
    assert _login(Client(), "registrar", PASSWORD, otp="000000") == 200
    _unthrottle()
    client = Client()
    assert (
        _login(client, "registrar", PASSWORD, otp=str(TOTP(device.bin_key).token()).zfill(6)) == 302
    )
    assert client.get("/persons/").status_code == 200


def test_turning_two_factor_on_and_off(registrar: User) -> None:
    client = Client()
    client.force_login(registrar)
    page = client.get("/accounts/two-factor/")
    secret_b32 = page.context["secret_b32"]
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=registrar, confirmed=False)
    assert (
        client.post("/accounts/two-factor/", {"token": "123", "action": "enable"}).status_code
        == 200
    )
    _unthrottle()
    token = str(TOTP(device.bin_key).token()).zfill(6)
    response = client.post("/accounts/two-factor/", {"token": token, "action": "enable"})
    assert response.status_code == 200  # with the recovery codes, shown once
    assert 'id="recovery-codes"' in response.content.decode()
    assert TOTPDevice.objects.get(user=registrar).confirmed
    assert re.fullmatch(r"[A-Z2-7=]+", secret_b32)
    assert AuditEntry.objects.filter(action="2fa.enable").exists()
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step again in this test
    device.save()
    response = client.post("/accounts/two-factor/", {"token": token, "action": "disable"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=registrar).exists()


def test_token_command_rejects_unknown_users() -> None:
    with pytest.raises(CommandError, match="No active user"):
        call_command("token", "ghost", stdout=io.StringIO())


def test_roles_are_groups_with_the_documented_permissions(
    make_user: Callable[..., User],
) -> None:
    medic = make_user("medical_officer")
    assert medic.has_perm("registry.view_medical")
    assert not make_user("registrar").has_perm("registry.view_medical")
    communications = make_user("communications")
    assert communications.has_perm("registry.view_statistics")
    assert not communications.has_perm("registry.view_person")
    admin = make_user("administrator")
    assert admin.is_staff and admin.has_perm("registry.confirm_status")


def test_a_wrong_code_and_a_wrong_password_read_the_same(registrar: User) -> None:
    _totp(registrar)
    wrong_password = Client().post(
        "/accounts/login/", {"username": "registrar", "password": "nope", "otp_token": ""}
    )
    right_password = Client().post(
        "/accounts/login/", {"username": "registrar", "password": PASSWORD, "otp_token": ""}
    )
    assert wrong_password.context["form"].non_field_errors() == (
        right_password.context["form"].non_field_errors()
    )


def test_every_kind_of_page_names_its_icon(client_for: Callable[[str], Client]) -> None:
    """Without it browsers ask for /favicon.ico, which the site does not have."""
    icon = 'rel="icon" href="/static/homeward/favicon.svg"'
    assert icon in Client().get("/accounts/login/").content.decode()
    assert icon in Client().get("/statements/").content.decode()
    assert icon in client_for("administrator").get("/admin/").content.decode()
