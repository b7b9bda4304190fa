"""Users in the admin, with the same audit as every other write.

Administrators manage users and their roles, with four eyes where privileges widen
(privileges.py, ADR 34): nobody gives themselves a role; the medical and payments roles,
superuser status and another user's password wait for a second administrator; only a
superuser may grant individual permissions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from homeward.apps.accounts import privileges
from homeward.apps.accounts.models import RequestKind
from homeward.apps.audit import services as audit
from homeward.apps.audit.admin import AuditedAdmin, audit_every_admin

_ACCESS = ("groups", "user_permissions")
_SUPERUSER_ONLY = ("user_permissions",)
# Superuser status is asked for and approved under Access requests, by anyone.
_NEVER_HERE = ("is_superuser",)
ASKED_HERE = "Asked on the user's page in the administration."


def _access(user: User) -> dict[str, list[str]]:
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in user.user_permissions.select_related("content_type")
        ),
    }


class AuditedUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[type-arg]
    audit_object_type = "user"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = (*super().get_readonly_fields(request, obj), *_NEVER_HERE)
        if request.user.is_superuser:
            return fields
        return (*fields, *_SUPERUSER_ONLY)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Roles and permissions are saved after the user, in save_related: remember them on
        # the request (the admin object is shared by every request).
        request.homeward_access_before = (  # type: ignore[attr-defined]
            _access(User.objects.get(pk=obj.pk)) if change else {}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        before = getattr(request, "homeward_access_before", {})
        self._four_eyes(request, form.instance, set(before.get("groups", [])))
        after = _access(form.instance)
        if before != after:
            old, new = audit.changed_fields(before, after)
            audit.record(
                actor=request.user,
                action="user.access",
                object_type="user",
                object_id=form.instance.pk,
                object_repr=str(form.instance),
                before=old or None,
                after=new,
            )

    def _four_eyes(self, request: HttpRequest, user: User, before: set[str]) -> None:
        """Roles just given that need a second administrator become requests; a role given
        to oneself, or one that may not be held with the others, is taken back."""
        added = set(user.groups.values_list("name", flat=True)) - before
        if not added:
            return
        if user.pk == request.user.pk:
            user.groups.remove(*Group.objects.filter(name__in=added))
            self.message_user(request, _("Nobody gives themselves a role."), messages.ERROR)
            return
        try:
            privileges.check_combination(user.groups.values_list("name", flat=True))
        except ValidationError as exc:
            user.groups.remove(*Group.objects.filter(name__in=added))
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        waiting = sorted(added & privileges.FOUR_EYES_ROLES)
        user.groups.remove(*Group.objects.filter(name__in=waiting))
        for role in waiting:
            privileges.ask(
                actor=request.user,
                user=user,
                kind=RequestKind.GRANT_ROLE,
                role=role,
                reason=ASKED_HERE,
            )
            self.message_user(
                request,
                _("The role %(role)s awaits a second administrator's approval.") % {"role": role},
                messages.WARNING,
            )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        user = self.get_object(request, unquote(id))
        if request.method == "POST" and user is not None and user.pk != request.user.pk:
            # Another user's password: a request a second administrator approves.
            form = self.change_password_form(user, request.POST)
            if form.is_valid() and form.cleaned_data.get("set_usable_password", True):
                privileges.ask(
                    actor=request.user,
                    user=user,
                    kind=RequestKind.PASSWORD,
                    password_hash=make_password(form.cleaned_data["password1"]),
                    reason=ASKED_HERE,
                )
                self.message_user(
                    request,
                    _("The new password awaits a second administrator's approval."),
                    messages.WARNING,
                )
                return redirect("admin:auth_user_change", user.pk)
        # One transaction for the new password and its entry (never the password itself).
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                audit.record(
                    actor=request.user,
                    action="user.password_set",
                    object_type="user",
                    object_id=user.pk,
                    object_repr=str(user),
                )
        return response


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
# Every app listed before this one in INSTALLED_APPS has registered its admin pages by now.
audit_every_admin(admin.site)
