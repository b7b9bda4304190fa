"""Passkeys as a second factor (issue 20, point 3; ADR 36): added only from a session
that passed two factors, at the one address they are bound to; standing in for the code
at sign-in; removed with the current code, on the record. The ceremonies themselves run
in a real browser (tests/browser/test_passkeys.py)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django_otp_webauthn.models import WebAuthnCredential

from homeward.apps.accounts import services
from homeward.apps.audit.models import AuditEntry
from tests.conftest import PASSWORD, current_code, second_factor_of

pytestmark = pytest.mark.django_db

AT = "http://localhost"  # the address passkeys are bound to in these tests
BOUND = override_settings(OTP_WEBAUTHN_ALLOWED_ORIGINS=[AT])
BEGIN_REGISTRATION = "/accounts/passkeys/registration/begin/"
BEGIN_AUTHENTICATION = "/accounts/passkeys/authentication/begin/"


def _passkey(user: User, name: str = "laptop") -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(user=user, name=name, credential_id=name.encode())


def _password_only(username: str, host: str = "localhost") -> tuple[Client, int]:
    client = Client(HTTP_HOST=host)
    response = client.post(
        "/accounts/login/?next=/persons/",
        {"username": username, "password": PASSWORD, "otp_token": ""},
    )
    return client, response.status_code


@BOUND
def test_only_a_session_past_two_factors_adds_a_passkey(
    registrar: User, administrator: User
) -> None:
    # The package alone would let an account with no second factor add its first one
    # after the password alone, skipping the enrolment that issues the recovery codes.
    client = Client(HTTP_HOST="localhost")
    client.login(username="registrar", password=PASSWORD)  # the password, nothing more
    refused = client.post(BEGIN_REGISTRATION)
    assert refused.status_code == 403
    assert refused.json()["code"] == "user_not_verified"
    verified = Client(HTTP_HOST="localhost")
    verified.force_login(administrator)  # both factors (tests/conftest.py)
    options = verified.post(BEGIN_REGISTRATION)
    assert options.status_code == 200
    assert options.json()["rp"] == {"name": "Homeward", "id": "localhost"}


@BOUND
def test_passkeys_are_offered_only_at_their_address(administrator: User) -> None:
    elsewhere = Client(HTTP_HOST="127.0.0.1:8000")
    elsewhere.force_login(administrator)
    assert elsewhere.post(BEGIN_REGISTRATION).status_code == 403
    assert 'id="passkey-register-button"' not in elsewhere.get("/accounts/two-factor/").text
    here = Client(HTTP_HOST="localhost")
    here.force_login(administrator)
    assert 'id="passkey-register-button"' in here.get("/accounts/two-factor/").text


@override_settings(OTP_WEBAUTHN_ALLOWED_ORIGINS=[])
def test_without_an_address_passkeys_are_off(administrator: User) -> None:
    client = Client(HTTP_HOST="localhost")
    client.force_login(administrator)
    assert client.post(BEGIN_REGISTRATION).status_code == 403
    assert "passkey" not in client.get("/accounts/two-factor/").text.lower()


def test_anonymous_callers_are_sent_to_sign_in() -> None:
    for url in (BEGIN_REGISTRATION, BEGIN_AUTHENTICATION):
        response = Client().post(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@BOUND
def test_with_a_passkey_the_password_leads_to_the_passkey_and_nothing_else(
    administrator: User,
) -> None:
    second_factor_of(administrator)
    _passkey(administrator)
    client, status = _password_only("administrator")
    assert status == 302
    for url in ("/persons/", "/admin/", "/api/persons/", BEGIN_REGISTRATION):
        assert client.get(url).status_code in (302, 403), url
    page = client.get("/accounts/two-factor/?next=/persons/").text
    assert 'id="two-factor-verify"' in page and 'id="passkey-verification-placeholder"' in page
    # The passkey's ceremony is open before the second factor; it is how it is passed.
    options = client.post(BEGIN_AUTHENTICATION)
    assert options.status_code == 200
    assert options.json()["allowCredentials"][0]["id"] == "bGFwdG9w"  # b"laptop"


@BOUND
def test_the_code_still_finishes_a_sign_in_begun_without_it(administrator: User) -> None:
    device = second_factor_of(administrator)
    _passkey(administrator)
    client, _ = _password_only("administrator")
    wrong = client.post("/accounts/two-factor/", {"token": "000000", "next": "/persons/"})
    assert "invalid-feedback" in wrong.text
    assert client.get("/persons/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes a wrong code's sender wait a second or more
    right = client.post(
        "/accounts/two-factor/", {"token": current_code(device), "next": "/persons/"}
    )
    assert right["Location"] == "/persons/"
    assert client.get("/persons/").status_code == 200


@BOUND
def test_without_a_passkey_or_elsewhere_an_empty_code_fails(administrator: User) -> None:
    second_factor_of(administrator)
    _, status = _password_only("administrator")
    assert status == 200  # the form again, with the error
    _passkey(administrator)
    _, status = _password_only("administrator", host="127.0.0.1")
    assert status == 200


@BOUND
def test_a_passkey_is_removed_with_the_current_code_and_on_the_record(
    administrator: User, registrar: User
) -> None:
    device = second_factor_of(administrator)
    mine, theirs = _passkey(administrator), _passkey(registrar, "phone")
    client = Client(HTTP_HOST="localhost")
    client.force_login(administrator)
    page = client.get("/accounts/two-factor/").text
    assert 'id="passkeys"' in page and "laptop" in page
    client.post("/accounts/two-factor/", {"token": "000000", "remove_passkey": mine.pk})
    assert WebAuthnCredential.objects.filter(pk=mine.pk).exists()
    device.refresh_from_db()
    device.throttle_reset()
    code = current_code(device)
    client.post("/accounts/two-factor/", {"token": code, "remove_passkey": theirs.pk})
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()  # not theirs to remove
    device.refresh_from_db()
    device.last_t = -1  # the same code twice in a test: django-otp refuses a replay
    device.save()
    client.post("/accounts/two-factor/", {"token": code, "remove_passkey": mine.pk})
    assert not WebAuthnCredential.objects.filter(pk=mine.pk).exists()
    entry = AuditEntry.objects.get(action="2fa.passkey_remove")
    assert entry.object_repr == "administrator"
    assert entry.after == {"name": "laptop"}


def test_turning_the_second_factor_off_removes_the_passkeys(registrar: User) -> None:
    second_factor_of(registrar)
    _passkey(registrar)
    services.disable_totp(actor=registrar)
    assert not WebAuthnCredential.objects.filter(user=registrar).exists()


def test_the_passkey_messages_speak_ukrainian(registrar: User) -> None:
    """django-otp-webauthn ships no Ukrainian: Homeward's locale_packages has it, for the
    scripts' messages and for the server's answers they show."""
    script = Client().get("/accounts/passkeys/jsi18n/").text  # uk is the default language
    for message in ("Додати ключ доступу", "Перевірку пройдено."):
        assert json.dumps(message) in script  # as the catalogue writes it: \u escapes
    client = Client()
    client.login(username="registrar", password=PASSWORD)
    refused = client.post(BEGIN_REGISTRATION).json()
    assert refused["detail"] == "Спершу підтвердьте вхід другим фактором."
