from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import user_login_failed
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from homeward.apps.accounts import passkeys
from homeward.apps.accounts.models import TokenScope
from homeward.apps.accounts.second_factor import device_for_code
from homeward.apps.common.bootstrap import BootstrapFormMixin


class SignInForm(BootstrapFormMixin, AuthenticationForm):
    """User name and password, and the authenticator's code for users who turned on
    two-factor sign-in (left empty by a user with a passkey: the passkey next). A wrong
    code counts as a failed sign-in for the lock-out, and gets the same message as a wrong
    password, so the form never confirms a guessed password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name, password or authenticator code is not right. Names and "
            "passwords are case-sensitive."
        ),
    }

    otp_token = forms.CharField(
        label=_("Authenticator code"),
        required=False,
        max_length=24,
        help_text=_("From your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        if request is not None and passkeys.available(request):
            self.fields["otp_token"].help_text = _(
                "From your authenticator app, or one of your recovery codes. "
                "Signing in with a passkey? Leave it empty."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        self.otp_device = None
        self.used_recovery_code = False
        if user is not None and user_has_device(user):
            token = cleaned.get("otp_token") or ""
            self.otp_device, self.used_recovery_code = device_for_code(user, token)
            # No code from a user with a passkey: the passkey is asked for next, on the
            # two-factor page, before anything else opens (ADR 36).
            passkey_next = not token.strip() and self._passkey_usable(user)
            if self.otp_device is None and not passkey_next:
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
                raise forms.ValidationError(
                    self.error_messages["invalid_login"], code="invalid_login"
                )
        return cleaned

    def _passkey_usable(self, user: Any) -> bool:
        return (
            self.request is not None
            and passkeys.available(self.request)
            and bool(passkeys.of(user))
        )


class TokenForm(BootstrapFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class VerifyForm(BootstrapFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Authenticator code"),
        max_length=24,
        help_text=_("From your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class NewApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("What it is for"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices, initial=TokenScope.READ)
    days = forms.IntegerField(
        label=_("Days it lasts"),
        min_value=1,
        max_value=settings.HOMEWARD_TOKEN_MAX_DAYS,
        initial=settings.HOMEWARD_TOKEN_DAYS,
    )
