"""Access requests in the pages: what one administrator asked and a second one decides
(ADR 34)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from homeward.apps.accounts import privileges
from homeward.apps.accounts.models import RequestKind
from homeward.apps.common.bootstrap import BootstrapForm


class AskForm(BootstrapForm):
    """What is asked here; roles and passwords are asked on the user's admin page."""

    kind = forms.ChoiceField(
        label=gettext_lazy("What"),
        choices=[
            (RequestKind.SECOND_FACTOR, RequestKind.SECOND_FACTOR.label),
            (RequestKind.SUPERUSER, RequestKind.SUPERUSER.label),
        ],
    )
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


@login_required
@permission_required(privileges.MAY_DECIDE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def requests_page(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            form.add_error("username", _("No user has this name."))
        else:
            try:
                privileges.ask(
                    actor=request.user, user=user, kind=data["kind"], reason=data["reason"]
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(request, _("Asked: a second administrator decides."))
                return redirect("accounts:requests")
    return render(
        request,
        "accounts/requests.html",
        {
            "form": form,
            "pending": privileges.pending(request.user),
            "decided": privileges.decided(request.user),
        },
    )


@login_required
@permission_required(privileges.MAY_DECIDE, raise_exception=True)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"
    try:
        privileges.decide(actor=request.user, request_id=pk, approve=approve)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Approved: the change is made.") if approve else _("Rejected."))
    return redirect("accounts:requests")
