"""Users in the admin, with the same audit as every other write.

Administrators manage users and their roles; only a superuser may grant individual
permissions or superuser status, so nobody can widen their own access quietly.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from homeward.apps.audit import services as audit
from homeward.apps.audit.admin import AuditedAdmin, audit_every_admin

_ACCESS = ("groups", "user_permissions")
_SUPERUSER_ONLY = ("is_superuser", "user_permissions")


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
        fields = tuple(super().get_readonly_fields(request, obj))
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

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
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
