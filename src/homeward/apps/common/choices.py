"""Choice labels for exports that write thousands of rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models


def display(model: type[models.Model], field_name: str) -> Callable[[Any], str]:
    """What `obj.get_<field>_display()` returns, with the labels translated once: Django's
    method rebuilds and hashes the field's whole choice list, translating every label, on
    each call, which was half the time of exporting a registry."""
    field = model._meta.get_field(field_name)
    labels = {value: str(label) for value, label in field.flatchoices}  # type: ignore[union-attr]

    def label_of(obj: Any) -> str:
        value = getattr(obj, field_name)
        return labels.get(value, "" if value is None else str(value))

    return label_of
