"""Two factors for every staff account (issue 20, point 3; ADR 33): nothing but enrolment
before the second factor, administrators and the admin always, recovery codes, and an
exemption that only the development and demo settings may make."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.apps.accounts import services
from homeward.apps.accounts.models import RecoveryCode
from homeward.apps.accounts.second_factor import new_recovery_codes, required_for
from homeward.apps.audit.models import AuditEntry
from homeward.core import key_files
from tests.conftest import PASSWORD, current_code

pytestmark = pytest.mark.django_db

EVERY_ROLE_REQUIRED: list[str] = []


def _password_sign_in(username: str, code: str = "") -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": PASSWORD, "otp_token": code})
    return client


@override_settings(HOMEWARD_2FA_EXEMPT_ROLES=EVERY_ROLE_REQUIRED)
def test_without_a_second_factor_every_page_leads_to_enrolment(registrar: User) -> None:
    client = _password_sign_in("registrar")
    for url in ("/", "/persons/", "/audit/", "/admin/", "/accounts/tokens/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/two-factor/?next="), url
    assert client.get("/api/persons/").status_code == 403
    page = client.get("/accounts/two-factor/?next=/persons/").content.decode()
    assert 'id="two-factor-required"' in page
    # Enrolled: the page asked for first opens, and the recovery codes are shown once.
    device = TOTPDevice.objects.get(user__username="registrar", confirmed=False)
    enrolled = client.post(
        "/accounts/two-factor/",
        {"token": current_code(device), "action": "enable", "next": "/persons/"},
    ).content.decode()
    assert 'id="recovery-codes"' in enrolled and 'href="/persons/"' in enrolled
    assert RecoveryCode.objects.filter(user__username="registrar").count() == 10
    assert client.get("/persons/").status_code == 200


@pytest.mark.parametrize("role", ["administrator"])
def test_administrators_need_it_whatever_is_exempt(
    make_user: Callable[..., User], role: str
) -> None:
    with override_settings(HOMEWARD_2FA_EXEMPT_ROLES=[role, "registrar"]):
        admin = make_user(role)
        assert required_for(admin)
        assert not required_for(make_user("registrar"))
        client = _password_sign_in(role)
        assert client.get("/admin/").status_code == 302
        assert client.get("/persons/")["Location"].startswith("/accounts/two-factor/")


def test_superusers_and_staff_need_it(db: None) -> None:
    root = User.objects.create_superuser("root", password=PASSWORD)
    assert required_for(root)


@override_settings(HOMEWARD_2FA_EXEMPT_ROLES=EVERY_ROLE_REQUIRED)
def test_a_user_who_needs_it_cannot_turn_it_off(registrar: User) -> None:
    TOTPDevice.objects.create(user=registrar, name="phone", confirmed=True)
    with pytest.raises(PermissionDenied):
        services.disable_totp(actor=registrar)
    assert TOTPDevice.objects.filter(user=registrar).exists()


def test_a_recovery_code_signs_in_once_in_place_of_the_authenticator(
    administrator: User,
) -> None:
    TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    codes = new_recovery_codes(actor=administrator)
    assert len(set(codes)) == 10
    # Kept as digests only.
    stored = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert not set(codes) & set(stored)
    client = _password_sign_in("administrator", codes[0].lower())
    assert client.get("/admin/").status_code == 200
    assert AuditEntry.objects.filter(action="2fa.recovery_used").count() == 1
    # The same code again is a failed sign-in.
    again = _password_sign_in("administrator", codes[0])
    assert again.get("/admin/").status_code == 302
    assert not again.session.get("_auth_user_id")


def test_new_recovery_codes_need_the_current_code(administrator: User) -> None:
    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    client = _password_sign_in("administrator", current_code(device))
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    device.last_t = -1  # the same time step again, in this test
    device.save()
    refused = client.post("/accounts/two-factor/", {"token": "000000", "action": "codes"})
    assert 'id="recovery-codes"' not in refused.content.decode()
    # django-otp slows guessing after a wrong code; the test moves on at once.
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    made = client.post(
        "/accounts/two-factor/", {"token": current_code(device), "action": "codes"}
    ).content.decode()
    assert 'id="recovery-codes"' in made


@pytest.mark.parametrize("exempt", ["registrar", ""])
def test_production_refuses_to_start_with_an_exemption(exempt: str, tmp_path: Path) -> None:
    key_files.append_new(tmp_path / "audit-keys")
    key_files.append_new(tmp_path / "data-keys")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "homeward.project.settings.prod",
        "HOMEWARD_SECRET_KEY": "x" * 60,
        "HOMEWARD_AUDIT_KEY_FILE": str(tmp_path / "audit-keys"),
        "HOMEWARD_DATA_KEY_FILE": str(tmp_path / "data-keys"),
        "HOMEWARD_ALLOWED_HOSTS": "homeward.example.org",
        "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
        "HOMEWARD_2FA_EXEMPT_ROLES": exempt,
    }
    code = "from django.conf import settings; print(settings.HOMEWARD_2FA_EXEMPT_ROLES)"
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if exempt:
        assert done.returncode != 0
        assert "HOMEWARD_2FA_EXEMPT_ROLES is set" in done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[]"
