"""Which recorded fields are medical (only the medical role reads them: person pages, the
API) and which are secrets the audit trail never holds as values: medical values, bank
details and tax numbers are recorded as changed, with a keyed digest (ADR 39)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

MEDICAL_FIELDS: frozenset[str] = frozenset({"medical_notes"})  # of a person
# Every key of an audit entry that holds medical details: a person's medical notes and
# what a medical step of a return case found.
MEDICAL_KEYS: frozenset[str] = MEDICAL_FIELDS | {"finding"}
MASK = "•••"
# Every key of an audit entry whose value is a secret: the medical details, and an
# entitlement's or a payment line's bank account and taxpayer number.
SECRET_KEYS: frozenset[str] = MEDICAL_KEYS | {"iban", "tax_number"}


def seal_secrets(value: Any, digest: Callable[[Any], str]) -> Any:
    """`value` (an audit entry's before or after) with the value of every secret key, at
    any depth, replaced by `digest(value)`. An empty value stays: that a field was cleared
    is no secret."""
    if isinstance(value, Mapping):
        return {
            k: (digest(v) if k in SECRET_KEYS and v not in ("", None) else seal_secrets(v, digest))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [seal_secrets(v, digest) for v in value]
    return value


def mask_secrets(value: Any) -> Any:
    """For display: every secret key's value, digest or (in entries from before digests)
    the value itself, shown as the mask."""
    if isinstance(value, Mapping):
        return {
            k: (MASK if k in SECRET_KEYS and v not in ("", None) else mask_secrets(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask_secrets(v) for v in value]
    return value
