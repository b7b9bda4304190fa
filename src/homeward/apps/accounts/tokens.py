"""API tokens: issued, used, expired and revoked on the record (ADR 32).

Tokens are django-rest-knox's: the database keeps the digest of each, never the secret.
Only users with two factors and service accounts may hold one; a read-only token cannot
write; a password change, the loss of the second factor or the user's deactivation revoke
every token the user has.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from homeward.apps.accounts import trail
from homeward.apps.accounts.models import ApiToken, ServiceAccount, TokenScope
from homeward.apps.audit import services as audit
from homeward.apps.common.permissions import Actor, Perm

MAY_REVOKE_ANY = Perm.REVOKE_ANY_TOKEN
ISSUE, USE, EXPIRE, REVOKE = "token.issue", "token.use", "token.expire", "token.revoke"


def may_hold_token(user: User) -> bool:
    """Service accounts, and people who sign in with a second factor."""
    if not user.is_active:
        return False
    # Asked on every API call: people, the usual holders, are answered by the first query.
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return True
    return bool(ServiceAccount.objects.filter(user=user).exists())


def _describe(token: ApiToken) -> dict[str, Any]:
    return {
        "token": token.label,
        "name": token.name,
        "scope": token.scope,
        "expires": token.expiry,
    }


@transaction.atomic
def issue_token(
    *,
    actor: Actor,
    user: User,
    name: str,
    scope: str = TokenScope.READ,
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is shown once and kept nowhere. The
    actor is the user themselves (their tokens page) or None (an operator's command)."""
    if actor is not None and (not actor.is_authenticated or actor.pk != user.pk):
        raise PermissionDenied
    if not may_hold_token(user):
        raise ValidationError(
            _(
                "Turn on two-factor sign-in first: only users who sign in with a second "
                "factor, and service accounts, may hold API tokens."
            )
        )
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Say what the token is for."))
    if scope not in TokenScope.values:
        raise ValidationError(_("Choose read only, or read and write."))
    days = settings.HOMEWARD_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.HOMEWARD_TOKEN_MAX_DAYS:
        raise ValidationError(
            _("A token lasts from 1 to %(max)d days.") % {"max": settings.HOMEWARD_TOKEN_MAX_DAYS}
        )
    token, secret = ApiToken.objects.issue(
        user=user,
        expiry=timezone.now() + dt.timedelta(days=days),
        name=name[:100],
        scope=scope,
        issued_by=actor if isinstance(actor, User) else None,
    )
    trail.record(actor=actor, action=ISSUE, user=user, after=_describe(token))
    return token, secret


def tokens_for(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created")


def every_token(actor: Actor) -> QuerySet[ApiToken]:
    """Every token, for administrators."""
    if actor is None or not actor.has_perm(MAY_REVOKE_ANY):
        raise PermissionDenied
    return ApiToken.objects.select_related("user", "issued_by").order_by(
        "user__username", "-created"
    )


@transaction.atomic
def revoke_token(*, actor: Actor, digest: str) -> None:
    """Revoke one token (named by its digest, which reveals nothing): its owner may, and
    administrators."""
    token = ApiToken.objects.select_related("user").filter(digest=digest).first()
    if token is None or actor is None or not actor.is_authenticated:
        raise PermissionDenied
    if token.user_id != actor.pk and not actor.has_perm(MAY_REVOKE_ANY):
        raise PermissionDenied
    _revoke([token], actor=actor, reason="revoked")


def revoke_all(*, user: User, reason: str, actor: Actor = None) -> int:
    """Revoke every token of the user (a password changed, a second factor turned off,
    the account deactivated)."""
    with transaction.atomic():
        return _revoke(list(ApiToken.objects.filter(user=user)), actor=actor, reason=reason)


def _revoke(tokens: list[ApiToken], *, actor: Actor, reason: str) -> int:
    for token in tokens:
        trail.record(
            actor=actor,
            action=REVOKE,
            user=token.user,
            after={**_describe(token), "reason": reason},
        )
    ApiToken.objects.filter(digest__in=[t.digest for t in tokens]).delete()
    return len(tokens)


class TokenAuthentication(KnoxTokenAuthentication):  # type: ignore[misc]
    """knox's token check, and ours: the holder may still hold tokens, a read-only token
    does not write, and the first use of each day is on the record."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        found = super().authenticate(request)
        if found is None:
            return None
        user, token = found
        if not may_hold_token(user):
            raise exceptions.AuthenticationFailed(
                _("This user no longer signs in with a second factor: their tokens do not work.")
            )
        if token.scope == TokenScope.READ and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This token is read only."))
        today = timezone.localdate()
        if token.last_used_on != today:
            with transaction.atomic():
                ApiToken.objects.filter(digest=token.digest).update(last_used_on=today)
                trail.record(
                    actor=user,
                    action=USE,
                    user=user,
                    after={"token": token.label, "name": token.name},
                )
        return user, token


def token_expired(sender: Any, username: str, source: str, **kwargs: Any) -> None:
    """knox deletes an expired token when it meets it: that is on the record too."""
    user = User.objects.filter(username=username).first()
    with transaction.atomic():
        audit.record(
            actor=None,
            action=EXPIRE,
            object_type="user",
            object_id=user.pk if user else "",
            object_repr=username,
        )


def user_changing(sender: Any, instance: User, **kwargs: Any) -> None:
    """Before a user is saved: a new password, or the account deactivated, revokes every
    token of theirs (an admin's reset and a forgotten password included)."""
    fields = kwargs.get("update_fields")
    if instance.pk is None or (fields is not None and not {"password", "is_active"} & set(fields)):
        return
    stored = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if stored is None or not ApiToken.objects.filter(user_id=instance.pk).exists():
        return
    if stored["password"] != instance.password:
        revoke_all(user=instance, reason="password changed")
    elif stored["is_active"] and not instance.is_active:
        revoke_all(user=instance, reason="deactivated")
