"""Privileges need four eyes (issue 20, point 5; ADR 34)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils.translation import override
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from homeward.apps.accounts import privileges, services
from homeward.apps.accounts.models import AccessRequest, RecoveryCode, RequestKind
from homeward.apps.audit.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _roles(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def _admin_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _user_form(user: User, roles: list[str]) -> dict[str, object]:
    """The admin's change form for `user`, as it would be posted."""
    return {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": [Group.objects.get(name=r).pk for r in roles],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }


@pytest.fixture
def second_admin(make_user: Callable[..., User]) -> User:
    return make_user("administrator", username="administrator2")


def test_nobody_gives_themselves_a_role_in_the_admin(administrator: User) -> None:
    client = _admin_client(administrator)
    client.post(
        f"/admin/auth/user/{administrator.pk}/change/",
        _user_form(administrator, ["administrator", "registrar"]),
    )
    assert _roles(administrator) == {"administrator"}


def test_the_medical_role_waits_for_a_second_administrator(
    administrator: User, second_admin: User, make_user: Callable[..., User]
) -> None:
    nurse = make_user("registrar", username="nurse")
    _admin_client(administrator).post(
        f"/admin/auth/user/{nurse.pk}/change/", _user_form(nurse, ["registrar", "medical_officer"])
    )
    assert _roles(nurse) == {"registrar"}  # not yet
    request = AccessRequest.objects.get(user=nurse, role="medical_officer")
    # Not by the one who asked, nor by the one it is for.
    with pytest.raises(ValidationError):
        privileges.decide(actor=administrator, request_id=request.pk, approve=True)
    page = _admin_client(second_admin).get("/accounts/requests/").content.decode()
    assert f'id="request-{request.pk}"' in page and "medical_officer" in page
    _admin_client(second_admin).post(
        f"/accounts/requests/{request.pk}/decide/", {"decision": "approve"}
    )
    assert _roles(nurse) == {"registrar", "medical_officer"}
    assert AuditEntry.objects.filter(action="access_request.approve").exists()
    with override("en"), pytest.raises(ValidationError, match="decided already"):
        privileges.decide(actor=second_admin, request_id=request.pk, approve=False)


def test_the_database_refuses_one_administrator_deciding_their_own_request(
    administrator: User, make_user: Callable[..., User]
) -> None:
    payer = make_user("registrar", username="payer")
    request = privileges.ask(
        actor=administrator,
        user=payer,
        kind=RequestKind.GRANT_ROLE,
        role="payments_officer",
        reason="new officer",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessRequest.objects.filter(pk=request.pk).update(decided_by=administrator)


def test_an_administrator_never_holds_the_medical_role(
    administrator: User, second_admin: User
) -> None:
    with override("en"), pytest.raises(ValidationError, match="not held together"):
        privileges.ask(
            actor=second_admin,
            user=administrator,
            kind=RequestKind.GRANT_ROLE,
            role="medical_officer",
            reason="help out",
        )
    with pytest.raises(ValidationError):
        services.ensure_user(
            actor=None,
            username="both",
            password=PASSWORD,
            roles=["administrator", "medical_officer"],
        )


def test_another_users_password_waits_for_a_second_administrator(
    administrator: User, second_admin: User, registrar: User
) -> None:
    client = _admin_client(administrator)
    new = "a-brand-new-long-password-7"
    client.post(
        f"/admin/auth/user/{registrar.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    registrar.refresh_from_db()
    assert registrar.check_password(PASSWORD)  # unchanged until approved
    request = AccessRequest.objects.get(kind=RequestKind.PASSWORD)
    assert new not in request.password_hash
    privileges.decide(actor=second_admin, request_id=request.pk, approve=True)
    registrar.refresh_from_db()
    assert registrar.check_password(new)
    request.refresh_from_db()
    assert request.password_hash == ""


def test_a_lost_authenticator_is_reset_on_a_second_administrators_approval(
    administrator: User, second_admin: User, registrar: User
) -> None:
    TOTPDevice.objects.create(user=registrar, name="phone", confirmed=True)
    WebAuthnCredential.objects.create(user=registrar, name="laptop", credential_id=b"k")
    RecoveryCode.objects.create(user=registrar, digest="0" * 64)
    _admin_client(administrator).post(
        "/accounts/requests/",
        {"kind": "second_factor", "username": "registrar", "reason": "phone lost, called"},
    )
    request = AccessRequest.objects.get(kind=RequestKind.SECOND_FACTOR)
    assert TOTPDevice.objects.filter(user=registrar).exists()
    privileges.decide(actor=second_admin, request_id=request.pk, approve=True)
    assert not TOTPDevice.objects.filter(user=registrar).exists()
    assert not RecoveryCode.objects.filter(user=registrar).exists()
    assert not WebAuthnCredential.objects.filter(user=registrar).exists()


def test_superuser_status_only_through_a_request(
    administrator: User, second_admin: User, registrar: User
) -> None:
    form = {**_user_form(registrar, ["registrar"]), "is_superuser": "on"}
    _admin_client(administrator).post(f"/admin/auth/user/{registrar.pk}/change/", form)
    registrar.refresh_from_db()
    assert not registrar.is_superuser
    request = privileges.ask(
        actor=administrator,
        user=registrar,
        kind=RequestKind.SUPERUSER,
        reason="break-glass account",
    )
    privileges.decide(actor=second_admin, request_id=request.pk, approve=True)
    registrar.refresh_from_db()
    assert registrar.is_superuser and registrar.is_staff


def test_every_superuser_sign_in_is_on_the_record_and_shown(
    db: None, client_for: Callable[[str], Client]
) -> None:
    root = User.objects.create_superuser("root", password=PASSWORD)
    device = TOTPDevice.objects.create(user=root, name="phone", confirmed=True)
    from tests.conftest import current_code

    Client().post(
        "/accounts/login/",
        {"username": "root", "password": PASSWORD, "otp_token": current_code(device)},
        REMOTE_ADDR="10.2.3.4",
    )
    entry = AuditEntry.objects.get(action="superuser.sign_in")
    assert entry.after == {"address": "10.2.3.4"}
    for role in ("auditor", "administrator"):
        home = client_for(role).get("/").content.decode()
        assert 'id="superuser-sign-ins"' in home and "10.2.3.4" in home
    assert 'id="superuser-sign-ins"' not in client_for("registrar").get("/").content.decode()


def test_only_administrators_open_the_requests(client_for: Callable[[str], Client]) -> None:
    assert client_for("administrator").get("/accounts/requests/").status_code == 200
    for role in ("registrar", "auditor", "medical_officer"):
        assert client_for(role).get("/accounts/requests/").status_code == 403


def test_the_first_account_is_an_administrator_not_a_superuser(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(CommandError, match="create-administrator"):
        call_command("createsuperuser", "--noinput", "--username", "root")
    monkeypatch.setenv("HOMEWARD_ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError):
        call_command("create_administrator", "first", stdout=io.StringIO())
    monkeypatch.setenv("HOMEWARD_ADMIN_PASSWORD", "lindens-of-Poltava-1709")
    call_command("create_administrator", "first", stdout=io.StringIO())
    first = User.objects.get(username="first")
    assert not first.is_superuser and first.is_staff
    assert _roles(first) == {"administrator"}
