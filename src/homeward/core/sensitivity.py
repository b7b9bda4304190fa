"""Which recorded fields are medical: only the medical role reads them, wherever they
appear (person pages, the API, the person's history, the audit trail)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MEDICAL_FIELDS: frozenset[str] = frozenset({"medical_notes"})  # of a person
# Every key of an audit entry that holds medical details: a person's medical notes and
# what a medical step of a return case found.
MEDICAL_KEYS: frozenset[str] = MEDICAL_FIELDS | {"finding"}
MASK = "•••"


def mask_medical(values: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The values with every medical field replaced by a mask (the fact of a change stays)."""
    if not isinstance(values, Mapping) or not MEDICAL_KEYS & values.keys():
        return values
    return {k: (MASK if k in MEDICAL_KEYS else v) for k, v in values.items()}
