"""Admin helpers: every change made in the Django admin is audited like any other write."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from homeward.apps.audit import services as audit

# Secrets never enter the audit trail: passwords, API token keys, TOTP keys.
SECRET_FIELDS = frozenset({"password", "key", "bin_key"})
# Bookkeeping the framework updates by itself: it would make every edit look like more.
NOISE_FIELDS = frozenset({"last_login"})


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return {
        f.attname: f.value_from_object(obj)
        for f in obj._meta.concrete_fields
        if f.name not in SECRET_FIELDS | NOISE_FIELDS
    }


def _identity(obj: models.Model) -> tuple[object, str]:
    """(id, text) naming the object in the trail. An API token's primary key and text are
    the secret itself, so such objects are named by their owner instead."""
    if obj._meta.pk is not None and obj._meta.pk.name in SECRET_FIELDS:
        owner = getattr(obj, "user_id", "")
        return "", f"{obj._meta.verbose_name} of user {owner}"
    return obj.pk, str(obj)


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admin pages run in a transaction per request, so the entry commits with the change."""

    audit_object_type = "vocabulary"
    allow_delete = False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        after = _snapshot(obj)
        if before is not None:
            before, after = audit.changed_fields(before, after)
        object_id, text = _identity(obj)
        audit.record(
            actor=request.user,
            action=f"{obj._meta.model_name}.{'update' if change else 'create'}",
            object_type=self.audit_object_type,
            object_id=object_id,
            object_repr=text,
            before=before,
            after=after,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = _snapshot(obj)
        object_id, text = _identity(obj)
        super().delete_model(request, obj)
        audit.record(
            actor=request.user,
            action=f"{obj._meta.model_name}.delete",
            object_type=self.audit_object_type,
            object_id=object_id,
            object_repr=text,
            before=before,
        )

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        # The "delete selected" action runs outside the admin's per-view transaction:
        # all deletions and their entries commit together or not at all.
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Vocabulary terms and users are retired (active = off), never deleted: old records
        # cite them. Tokens, authenticators and lock-outs may be deleted (revoked, reset).
        return self.allow_delete and super().has_delete_permission(request, obj)


def audit_every_admin(site: admin.AdminSite) -> None:
    """Re-register third-party admin pages (tokens, authenticators, lock-outs, groups) so
    their writes are audited like ours."""
    for model, model_admin in list(site._registry.items()):
        cls = type(model_admin)
        if isinstance(model_admin, AuditedAdmin):
            continue
        audited = type(
            f"Audited{cls.__name__}",
            (AuditedAdmin, cls),
            {"allow_delete": True, "audit_object_type": model._meta.model_name},
        )
        site.unregister(model)
        site.register(model, audited)
