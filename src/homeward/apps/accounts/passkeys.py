"""Passkeys (WebAuthn) as a second factor beside the authenticator app (issue 20, point 3;
ADR 36), on django-otp-webauthn: a passkey is one more django-otp device, so the session's
"verified" flag, the middleware and the administrators' reset treat it like the app.

A passkey is added only from a session that has already passed two factors, and it stands
in for the code at sign-in: the password first, then the passkey. Passwordless sign-in is
off, so the password's lock-out and policy keep guarding every account."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from homeward.apps.accounts import trail

ADD = "2fa.passkey_add"
REMOVE = "2fa.passkey_remove"


def origin() -> str:
    """The one address passkeys work at ("https://homeward.example"), or "" when they are
    off. A passkey is bound to this host name: browsers refuse them on a bare IP address."""
    origins = settings.OTP_WEBAUTHN_ALLOWED_ORIGINS
    return str(origins[0]) if origins else ""


def relying_party_id(request: HttpRequest | None = None) -> str:
    return urlsplit(origin()).hostname or ""


def available(request: HttpRequest) -> bool:
    """Passkeys are offered only on the address they are bound to (the demo at
    http://127.0.0.1:8000 does without; http://localhost:8000 has them)."""
    return bool(origin()) and f"{request.scheme}://{request.get_host()}" == origin()


def of(user: User) -> list[WebAuthnCredential]:
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"))


class Helper(WebAuthnHelper):  # type: ignore[misc]
    """The package's ceremonies, with the new passkey named and its addition audited in
    the transaction that stores it."""

    def register_complete(self, user: Any, state: dict[str, Any], data: dict[str, Any]) -> Any:
        with transaction.atomic():
            device = super().register_complete(user=user, state=state, data=data)
            trail.record(actor=user, action=ADD, user=user, after={"name": device.name})
        return device

    def create_credential(self, user: Any, *args: Any, **kwargs: Any) -> Any:
        device = super().create_credential(user, *args, **kwargs)
        taken = WebAuthnCredential.objects.filter(user=user).count()
        device.name = _("Passkey %(n)d") % {"n": taken + 1}
        return device


@transaction.atomic
def remove(*, actor: User, pk: int) -> bool:
    """Remove one of the actor's own passkeys; False if they have none by that number."""
    device = WebAuthnCredential.objects.filter(user=actor, pk=pk).first()
    if device is None:
        return False
    name = device.name
    device.delete()
    trail.record(actor=actor, action=REMOVE, user=actor, after={"name": name})
    return True


class _VerifiedOnly:
    """Adding a passkey needs a session that passed two factors already: the package
    would let an account with no second factor add its first one after the password
    alone, which would skip the enrolment that issues the recovery codes."""

    def check_can_register(self) -> None:
        user = cast(Any, self).request.user
        if not user.is_verified():
            raise exceptions.NotVerified()
        if not available(cast(Any, self).request):
            raise exceptions.NotAuthenticated(detail=_("Passkeys are not offered at this address."))


@method_decorator(login_required, name="dispatch")
class BeginRegistration(_VerifiedOnly, webauthn_views.BeginCredentialRegistrationView):  # type: ignore[misc]
    pass


@method_decorator(login_required, name="dispatch")
class CompleteRegistration(_VerifiedOnly, webauthn_views.CompleteCredentialRegistrationView):  # type: ignore[misc]
    pass


# Signed in with the password, a passkey stands in for the code: the session is
# authenticated, not yet verified (passwordless sign-in is off, so never anonymous here).
@method_decorator(login_required, name="dispatch")
class BeginAuthentication(webauthn_views.BeginCredentialAuthenticationView):  # type: ignore[misc]
    pass


@method_decorator(login_required, name="dispatch")
class CompleteAuthentication(webauthn_views.CompleteCredentialAuthenticationView):  # type: ignore[misc]
    pass
