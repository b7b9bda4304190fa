"""Checks on verbatim records (JSON objects as received) before they are stored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

MAX_DEPTH = 12


def verbatim_problem(value: Any) -> str | None:
    """Why this value cannot be kept as a record, or None. PostgreSQL refuses the NUL
    character in JSON text, and deeply nested data is no list row or form."""
    if not isinstance(value, Mapping):
        return _("Give a JSON object (field names and values).")

    def walk(node: Any, depth: int) -> str | None:
        if depth > MAX_DEPTH:
            return _("The data is nested more than %(n)d levels deep.") % {"n": MAX_DEPTH}
        if isinstance(node, str):
            return _("The text contains a NUL character (\\u0000).") if "\x00" in node else None
        if isinstance(node, Mapping):
            children = [*node.keys(), *node.values()]
        elif isinstance(node, list):
            children = node
        else:
            return None
        for child in children:
            problem = walk(child, depth + 1)
            if problem:
                return problem
        return None

    return walk(value, 0)
