"""A service's refusal shown on the form that asked for the change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError


def show_refusal(form: Any, exc: ValidationError, renamed: Mapping[str, str] | None = None) -> None:
    """Each message on the field it names (a service's field may be `renamed` to the
    form's), the rest above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = (renamed or {}).get(name, name)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
