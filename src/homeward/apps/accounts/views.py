from __future__ import annotations

import base64
from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth import user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.apps.accounts import passkeys, second_factor, services
from homeward.apps.accounts.forms import SignInForm, TokenForm, VerifyForm
from homeward.apps.common.next_page import next_page


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        if form.used_recovery_code:
            _warn_recovery_used(self.request, form.get_user())
        return response


def _warn_recovery_used(request: HttpRequest, user: User) -> None:
    left = second_factor.unused_codes(user)
    messages.warning(
        request,
        _(
            "You signed in with a recovery code; %(left)d are left. If your "
            "authenticator is lost, ask an administrator to reset it."
        )
        % {"left": left},
    )


def _qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=4))


def _next(request: HttpRequest) -> str:
    """Where to go once the second factor is passed: the page first asked for."""
    return next_page(request, reverse("registry:home"))


def _current_code_is_valid(user: User, code: str) -> bool:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device is not None and bool(device.verify_token(code))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (scan, then confirm with a code, then keep the recovery
    codes); finish a sign-in begun with the password (a passkey, or a code); or, signed in
    with both, make new recovery codes, add or remove passkeys, or turn it off where the
    role allows."""
    user = cast(User, request.user)  # login_required: never anonymous here
    if user_has_device(user) and not cast(Any, user).is_verified():
        return _verify(request, user)
    enabled = user_has_device(user)
    required = second_factor.required_for(user)
    form = TokenForm(request.POST or None)
    codes: list[str] = []
    action = "remove_passkey" if "remove_passkey" in request.POST else request.POST.get("action")
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["token"]
        if enabled and not _current_code_is_valid(user, code):
            form.add_error("token", _("That code is not valid. Try the current one."))
        elif action == "disable" and enabled:
            if required:
                form.add_error(None, _("Your role signs in with two factors: it cannot be off."))
            else:
                services.disable_totp(actor=user)
                messages.success(request, _("Two-factor sign-in is off."))
                return redirect("accounts:two_factor")
        elif action == "codes" and enabled:
            codes = second_factor.new_recovery_codes(actor=user)
            form = TokenForm()
        elif action == "remove_passkey" and enabled:
            if passkeys.remove(actor=user, pk=_int(request.POST.get("remove_passkey"))):
                messages.success(request, _("The passkey is removed."))
            return redirect("accounts:two_factor")
        elif not enabled:
            device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
            if device is not None and services.confirm_totp(actor=user, device=device, token=code):
                otp_login(request, device)
                enabled = True
                codes = second_factor.new_recovery_codes(actor=user)
                form = TokenForm()
                messages.success(request, _("Two-factor sign-in is on."))
            else:
                form.add_error("token", _("That code is not valid. Try the current one."))
    context: dict[str, Any] = {
        "enabled": enabled,
        "required": required,
        "form": form,
        "codes": codes,  # shown in this response only
        "unused_codes": second_factor.unused_codes(user) if enabled else 0,
        "next": _next(request),
        "passkeys": passkeys.of(user) if enabled else [],
        "passkeys_available": enabled and passkeys.available(request),
    }
    if not enabled:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None or request.method == "GET":
            device = services.start_totp_setup(actor=user)
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret_b32"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _verify(request: HttpRequest, user: User) -> HttpResponse:
    """The second step of a sign-in whose first was the password: the user's passkey, or
    else the authenticator's code or a recovery code. A wrong code counts as a failed
    sign-in for the lock-out, as on the sign-in page."""
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, recovery = second_factor.device_for_code(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if recovery:
                _warn_recovery_used(request, user)
            return HttpResponseRedirect(_next(request))
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        form.add_error("token", _("That code is not valid. Try the current one."))
    context = {
        "form": form,
        "next": _next(request),
        "passkeys_available": passkeys.available(request) and bool(passkeys.of(user)),
    }
    return render(request, "accounts/two_factor_verify.html", context)
