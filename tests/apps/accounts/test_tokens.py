"""API tokens as digests, expiring, scoped, listed and revoked, each step on the record
(issue 20, point 4; ADR 32)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.apps.accounts import services, tokens
from homeward.apps.accounts.models import ApiToken
from homeward.apps.audit.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(registrar: User) -> User:
    TOTPDevice.objects.create(user=registrar, name="phone", confirmed=True)
    return registrar


def _api(secret: str) -> Client:
    return Client(headers={"Authorization": f"Token {secret}", "Accept-Language": "en"})


def test_the_database_keeps_no_token_in_clear(holder: User) -> None:
    token, secret = tokens.issue_token(actor=holder, user=holder, name="my script")
    assert secret.startswith("hw_") and len(secret) > 60
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert secret not in stored
    assert secret[20:] not in stored  # not even the part after the look-up prefix
    assert _api(secret).get("/api/persons/").status_code == 200
    entry = AuditEntry.objects.get(action="token.issue")
    assert secret not in str(entry.after) and entry.after["token"] == token.label


def test_tokens_expire_after_30_days_by_default(holder: User) -> None:
    token, secret = tokens.issue_token(actor=None, user=holder, name="script")
    assert token.expiry is not None
    assert dt.timedelta(days=29, hours=23) < token.expiry - timezone.now() <= dt.timedelta(days=30)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    assert _api(secret).get("/api/persons/").status_code == 401
    assert not ApiToken.objects.exists()
    assert AuditEntry.objects.filter(action="token.expire", object_repr=holder.username).exists()
    with pytest.raises(ValidationError):
        tokens.issue_token(actor=None, user=holder, name="too long", days=365)


def test_a_read_only_token_reads_and_cannot_write(holder: User) -> None:
    _token, secret = tokens.issue_token(actor=None, user=holder, name="reader", scope="read")
    client = _api(secret)
    assert client.get("/api/persons/").status_code == 200
    response = client.post("/api/sources/", {"kind": "icrc", "name": "X", "reliability": "A"})
    assert response.status_code == 403
    assert "read only" in response.json()["detail"]
    _token, writer = tokens.issue_token(actor=None, user=holder, name="writer", scope="write")
    response = _api(writer).post("/api/sources/", {"kind": "icrc", "name": "X", "reliability": "A"})
    assert response.status_code == 201


def test_the_first_use_of_each_day_is_on_the_record(holder: User) -> None:
    token, secret = tokens.issue_token(actor=None, user=holder, name="script")
    client = _api(secret)
    for _ in range(3):
        client.get("/api/persons/")
    assert AuditEntry.objects.filter(action="token.use").count() == 1
    ApiToken.objects.filter(pk=token.pk).update(last_used_on=dt.date(2020, 1, 1))
    client.get("/api/persons/")
    assert AuditEntry.objects.filter(action="token.use").count() == 2


def test_only_users_with_two_factors_and_service_accounts_hold_tokens(registrar: User) -> None:
    with pytest.raises(ValidationError, match="two-factor"):
        tokens.issue_token(actor=registrar, user=registrar, name="script")
    robot = services.create_service_account(
        actor=None, username="partner-export", purpose="ICRC export", roles=["registrar"]
    )
    assert not robot.has_usable_password()
    _token, secret = tokens.issue_token(actor=None, user=robot, name="nightly")
    assert _api(secret).get("/api/persons/").status_code == 200
    assert Client().login(username="partner-export", password="") is False


def test_nobody_issues_a_token_to_someone_else(holder: User, administrator: User) -> None:
    with pytest.raises(PermissionDenied):
        tokens.issue_token(actor=administrator, user=holder, name="theirs")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("password", "password changed"),
        ("deactivate", "deactivated"),
        ("second factor", "second factor turned off"),
    ],
)
def test_a_new_password_deactivation_or_losing_the_second_factor_revoke_tokens(
    holder: User, change: str, reason: str
) -> None:
    _token, secret = tokens.issue_token(actor=None, user=holder, name="script")
    if change == "password":
        holder.set_password("another-long-password-42")
        holder.save()
    elif change == "deactivate":
        holder.is_active = False
        holder.save()
    else:
        services.disable_totp(actor=holder)
    assert not ApiToken.objects.exists()
    assert _api(secret).get("/api/persons/").status_code == 401
    assert AuditEntry.objects.get(action="token.revoke").after["reason"] == reason


def test_saving_the_same_password_again_keeps_the_tokens(holder: User) -> None:
    tokens.issue_token(actor=None, user=holder, name="script")
    services.ensure_user(
        actor=None, username=holder.username, password=PASSWORD, roles=["registrar"]
    )
    assert ApiToken.objects.count() == 1


def test_owners_list_make_and_revoke_their_tokens_in_the_pages(holder: User) -> None:
    client = Client()
    client.force_login(holder)
    page = client.post(
        "/accounts/tokens/", {"name": "partner script", "scope": "read", "days": "7"}
    ).content.decode()
    token = ApiToken.objects.get()
    secret = page.split('id="new-token-secret">')[1].split("<")[0]
    assert _api(secret).get("/api/persons/").status_code == 200
    # Shown once: the list afterwards names it by its first characters only.
    listing = client.get("/accounts/tokens/").content.decode()
    assert token.label in listing and secret not in listing
    client.post("/accounts/tokens/revoke/", {"digest": token.digest})
    assert not ApiToken.objects.exists()
    assert _api(secret).get("/api/persons/").status_code == 401


def test_administrators_see_and_revoke_everyones_tokens_others_do_not(
    holder: User, client_for: Callable[[str], Client]
) -> None:
    token, _secret = tokens.issue_token(actor=None, user=holder, name="script")
    other = client_for("exchange_officer")
    assert other.get("/accounts/tokens/all/").status_code == 403
    assert other.post("/accounts/tokens/revoke/", {"digest": token.digest}).status_code == 403
    admin = client_for("administrator")
    assert token.label in admin.get("/accounts/tokens/all/").content.decode()
    admin.post("/accounts/tokens/revoke/", {"digest": token.digest, "from": "all"})
    assert not ApiToken.objects.exists()
    entry = AuditEntry.objects.get(action="token.revoke")
    assert entry.actor_username == "administrator" and entry.object_repr == holder.username


def test_the_token_command_issues_a_new_token_each_time_and_shows_it_once(holder: User) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", holder.username, "--name", "partner", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert "shown once" in err.getvalue()
    assert _api(secret).get("/api/persons/").status_code == 200
    again = io.StringIO()
    call_command("token", holder.username, "--name", "partner", stdout=again, stderr=io.StringIO())
    assert again.getvalue().strip() != secret
    assert AuditEntry.objects.filter(action="token.issue").count() == 2
    with pytest.raises(CommandError, match="what the token is for"):
        call_command("token", holder.username, stdout=io.StringIO(), stderr=io.StringIO())


def test_the_token_command_refuses_a_user_without_two_factors(registrar: User) -> None:
    with pytest.raises(CommandError, match="two-factor"):
        call_command("token", "registrar", "--name", "x", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No active user"):
        call_command("token", "ghost", "--name", "x", stdout=io.StringIO())


def test_the_service_account_command(db: None) -> None:
    out = io.StringIO()
    call_command(
        "service_account",
        "icrc-export",
        "--purpose",
        "Art. 122 list",
        "--role",
        "registrar",
        stdout=out,
    )
    user = User.objects.get(username="icrc-export")
    assert user.service_account.purpose == "Art. 122 list"
    assert list(user.groups.values_list("name", flat=True)) == ["registrar"]
    assert AuditEntry.objects.filter(action="user.service_account").exists()
    with pytest.raises(CommandError, match="exists already"):
        call_command("service_account", "icrc-export", "--purpose", "x", stdout=out)
