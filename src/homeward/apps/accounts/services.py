"""Writes to accounts: users, their roles, API tokens and two-factor devices; all audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.apps.accounts import trail
from homeward.apps.accounts.models import ServiceAccount
from homeward.apps.accounts.privileges import check_combination
from homeward.apps.accounts.roles import ROLES_BY_CODE, rebuild_roles
from homeward.apps.accounts.second_factor import forget_devices, required_for
from homeward.apps.common.permissions import Actor


@transaction.atomic
def ensure_user(
    *, actor: Actor, username: str, password: str, roles: Iterable[str], full_name: str = ""
) -> tuple[User, bool]:
    """Create the user or reset their password and roles. Returns (user, created)."""
    codes = list(roles)
    unknown = [c for c in codes if c not in ROLES_BY_CODE]
    if unknown:
        raise ValueError(f"unknown roles: {', '.join(unknown)}")
    check_combination(codes)
    user, created = User.objects.get_or_create(username=username)
    first, _, last = full_name.partition(" ")
    user.first_name, user.last_name = first, last
    user.is_staff = any(ROLES_BY_CODE[c].staff for c in codes)
    if created or not user.check_password(password):
        # A new password revokes the user's API tokens; the same one again changes nothing.
        user.set_password(password)
    user.save()
    groups = Group.objects.filter(name__in=codes)
    if groups.count() != len(set(codes)):
        # The roles' groups are made after every migrate; a database emptied since (a
        # flush) would otherwise give the user a role with no rights, silently.
        rebuild_roles()
    user.groups.set(groups)
    trail.record(
        actor=actor,
        action="user.create" if created else "user.reset",
        user=user,
        after={"username": username, "roles": sorted(codes), "is_staff": user.is_staff},
    )
    return user, created


@transaction.atomic
def start_totp_setup(*, actor: User) -> TOTPDevice:
    """An unconfirmed authenticator for the user to scan; replaces an earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_totp(*, actor: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != actor.pk or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    trail.record(actor=actor, action="2fa.enable", user=actor)
    return True


@transaction.atomic
def disable_totp(*, actor: User) -> None:
    """Turn the second factor off, where the user's roles allow it; the user's API tokens,
    which need it, are revoked."""
    from homeward.apps.accounts.tokens import revoke_all  # it imports this module's peers

    if required_for(actor):
        raise PermissionDenied

    forget_devices(actor)
    revoke_all(user=actor, reason="second factor turned off", actor=actor)
    trail.record(actor=actor, action="2fa.disable", user=actor)


@transaction.atomic
def create_service_account(
    *, actor: Actor, username: str, purpose: str, roles: Iterable[str]
) -> User:
    """A user for a program: no usable password (it never signs in to the pages), the
    roles given, and the purpose on record. Refused for an existing user name."""
    codes = sorted(set(roles))
    unknown = [c for c in codes if c not in ROLES_BY_CODE]
    if unknown:
        raise ValidationError(f"Unknown roles: {', '.join(unknown)}.")
    if not purpose.strip():
        raise ValidationError("Say what the program does (--purpose).")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"A user named {username!r} exists already.")
    user = User(username=username)
    user.set_unusable_password()
    user.save()
    user.groups.set(Group.objects.filter(name__in=codes))
    ServiceAccount.objects.create(user=user, purpose=purpose.strip()[:200])
    trail.record(
        actor=actor,
        action="user.service_account",
        user=user,
        after={"username": username, "roles": codes, "purpose": purpose.strip()},
    )
    return user
