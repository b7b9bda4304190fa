"""Two factors for every staff account (issue 20, point 3; ADR 33): who must have one,
the middleware that lets nobody past enrolment without it, and the recovery codes that
stand in for a lost authenticator."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from homeward.apps.accounts import trail
from homeward.apps.accounts.models import RecoveryCode

# Roles that may never go without a second factor, whatever the settings exempt.
ALWAYS = frozenset({"administrator"})
RECOVERY_CODES = 10
# What a signed-in user without a verified second factor may still open.
OPEN_BEFORE_ENROLMENT = frozenset(
    {
        "accounts:two_factor",
        "accounts:logout",
        "set_language",
        # A passkey finishing a sign-in begun with the password (ADR 36).
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:js-i18n-catalog",
    }
)


def exempt_roles() -> frozenset[str]:
    return frozenset(settings.HOMEWARD_2FA_EXEMPT_ROLES) - ALWAYS


def required_for(user: User | AnonymousUser) -> bool:
    """Everyone signed in needs a second factor, but for users whose every role the
    settings exempt (development and the demo only). Superusers, staff (the admin site)
    and administrators always need one."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    roles = set(user.groups.values_list("name", flat=True))
    return not roles or bool(roles - exempt_roles())


class SecondFactorMiddleware:
    """A signed-in session that has not passed a second factor, for a user who needs one,
    reaches only the enrolment page (and signing out): every other page sends them there,
    every API call made with the session gets 403. API tokens need a second factor to be
    issued at all (ADR 32)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        if (
            user.is_authenticated
            and not verified
            and not self._open(request)
            and required_for(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Sign in with your second factor first.")}, status=403
                )
            target = reverse("accounts:two_factor")
            return redirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # answered 404 as to anyone
        return match.view_name in OPEN_BEFORE_ENROLMENT


def forget_devices(user: User) -> None:
    """Every second factor of the user gone: the authenticator, the passkeys, the recovery
    codes (a reset, or turning it off where the role allows)."""
    TOTPDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()


def _digest(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def _normal(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


@transaction.atomic
def new_recovery_codes(*, actor: User) -> list[str]:
    """Ten new single-use codes for the user, replacing any left; shown once."""
    RecoveryCode.objects.filter(user=actor).delete()
    # 20 hexadecimal characters: 80 random bits, shown in four groups of five.
    codes = [secrets.token_hex(10).upper() for _ in range(RECOVERY_CODES)]
    codes = ["-".join(code[i : i + 5] for i in range(0, 20, 5)) for code in codes]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=actor, digest=_digest(c)) for c in codes)
    trail.record(actor=actor, action="2fa.recovery_codes", user=actor, after={"codes": len(codes)})
    return codes


def unused_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def device_for_code(user: User, code: str) -> tuple[Device | None, bool]:
    """The user's device that `code` (the authenticator's current code, or one of their
    unused recovery codes, then used up) proves, and whether it was a recovery code."""
    code = code.strip()
    if not code:
        return None, False
    device = match_token(user, code)
    if device is not None:
        return device, False
    device = use_recovery_code(user, code)
    return device, device is not None


@transaction.atomic
def use_recovery_code(user: User, code: str) -> TOTPDevice | None:
    """The user's authenticator, if `code` is one of their unused recovery codes (which is
    then used up); None otherwise."""
    if len(_normal(code)) != 20:
        return None
    found = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, digest=_digest(code), used_at__isnull=True)
        .first()
    )
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if found is None or device is None:
        return None
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    trail.record(
        actor=user, action="2fa.recovery_used", user=user, after={"left": unused_codes(user)}
    )
    return device
