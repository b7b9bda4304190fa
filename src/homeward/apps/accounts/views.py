from __future__ import annotations

import base64
from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.apps.accounts import services
from homeward.apps.accounts.forms import SignInForm, TokenForm


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


def _qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=4))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (scan, then confirm with a code) or off."""
    user = cast(User, request.user)  # login_required: never anonymous here
    enabled = user_has_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "disable" and enabled:
            if (
                TOTPDevice.objects.filter(user=user, confirmed=True)
                .first()
                .verify_token(form.cleaned_data["token"])
            ):
                services.disable_totp(actor=user)
                messages.success(request, _("Two-factor sign-in is off."))
                return redirect("accounts:two_factor")
            form.add_error("token", _("That code is not valid. Try the current one."))
        elif not enabled:
            device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
            if device is not None and services.confirm_totp(
                actor=user,
                device=device,
                token=form.cleaned_data["token"],
            ):
                otp_login(request, device)
                messages.success(request, _("Two-factor sign-in is on."))
                return redirect("accounts:two_factor")
            form.add_error("token", _("That code is not valid. Try the current one."))
    context: dict[str, Any] = {"enabled": enabled, "form": form}
    if not enabled:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None or request.method == "GET":
            device = services.start_totp_setup(actor=user)
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret_b32"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)
