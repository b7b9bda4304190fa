"""The domain library's messages (homeward.core.messages) in the user's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from homeward.core.messages import Message


def translate(message: Message) -> str:
    return _format(message.template, message.values)


def translate_stored(stored: Mapping[str, Any], fallback: str = "") -> str:
    """A message kept as JSON (`Message.as_json`) in the user's language; `fallback`
    (the English text kept beside it) for one stored without its template."""
    template = stored.get("template")
    if not template:
        return fallback
    return _format(template, stored.get("values") or {})


def _format(template: str, values: Mapping[str, Any]) -> str:
    text = gettext(template)
    return text % dict(values) if values else text
