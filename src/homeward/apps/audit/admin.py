"""Admin helpers: every change made in the Django admin is audited like any other write."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from homeward.apps.audit import services as audit


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return {
        f.attname: f.value_from_object(obj)
        for f in obj._meta.concrete_fields
        if f.name not in ("password",)
    }


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admin pages run in a transaction per request, so the entry commits with the change."""

    audit_object_type = "vocabulary"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        after = _snapshot(obj)
        if before is not None:
            before, after = audit.changed_fields(before, after)
        audit.record(
            actor=request.user,
            action=f"{obj._meta.model_name}.{'update' if change else 'create'}",
            object_type=self.audit_object_type,
            object_id=obj.pk,
            object_repr=str(obj),
            before=before,
            after=after,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = _snapshot(obj)
        pk = obj.pk
        super().delete_model(request, obj)
        audit.record(
            actor=request.user,
            action=f"{obj._meta.model_name}.delete",
            object_type=self.audit_object_type,
            object_id=pk,
            object_repr=str(obj),
            before=before,
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Vocabulary terms are retired (active = off), never deleted: old records cite them.
        return False
