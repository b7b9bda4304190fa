"""What the audit trail stores of an object: plain JSON values, related objects by id."""

from __future__ import annotations

from typing import Any

from django.db import models


def snapshot(obj: models.Model, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        # Derived or bookkeeping columns would only add noise to every entry.
        if field.name in exclude or field.name in ("search_text", "updated_at"):
            continue
        data[field.attname] = field.value_from_object(obj)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            if m2m.name not in exclude:
                data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    return data
