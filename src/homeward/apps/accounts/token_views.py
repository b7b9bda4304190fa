"""API tokens in the pages: a user's own (made, shown once, revoked) and, for
administrators, everyone's (revoked). ADR 32."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from homeward.apps.accounts import tokens
from homeward.apps.accounts.forms import NewApiTokenForm


@login_required
@require_http_methods(["GET", "POST"])
def my_tokens(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = NewApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = tokens.issue_token(
                actor=user,
                user=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            for text in exc.messages:
                form.add_error(None, text)
        else:
            form = NewApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "secret": secret,  # shown in this response only
            "tokens": tokens.tokens_for(user),
            "may_hold": tokens.may_hold_token(user),
        },
    )


@login_required
@require_POST
def revoke(request: HttpRequest) -> HttpResponse:
    tokens.revoke_token(actor=request.user, digest=request.POST.get("digest", ""))
    messages.success(request, _("The token is revoked: it no longer works."))
    back = "accounts:all_tokens" if request.POST.get("from") == "all" else "accounts:tokens"
    return redirect(back)


@login_required
@permission_required(tokens.MAY_REVOKE_ANY, raise_exception=True)
def all_tokens(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/all_tokens.html", {"tokens": tokens.every_token(request.user)})
