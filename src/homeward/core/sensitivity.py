"""Which recorded fields are medical: only the medical role reads them, wherever they
appear (person pages, the API, the person's history, the audit trail)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MEDICAL_FIELDS: frozenset[str] = frozenset({"medical_notes"})
MASK = "•••"


def mask_medical(values: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The values with every medical field replaced by a mask (the fact of a change stays)."""
    if not isinstance(values, Mapping) or not MEDICAL_FIELDS & values.keys():
        return values
    return {k: (MASK if k in MEDICAL_FIELDS else v) for k, v in values.items()}
