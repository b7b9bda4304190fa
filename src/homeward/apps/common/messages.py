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


# A refusal of many things names the first few; the rest are counted.
SHOWN_PROBLEMS = 10


def first_problems(problems: list[str]) -> list[str]:
    """The first problems of a long list, and how many more there are."""
    more = len(problems) - SHOWN_PROBLEMS
    if more <= 0:
        return problems
    return [*problems[:SHOWN_PROBLEMS], gettext("…and %(count)d more.") % {"count": more}]
