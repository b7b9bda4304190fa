from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User

from homeward.apps.audit.models import AuditEntry
from homeward.core.sensitivity import mask_secrets


def mask_for(user: User | AnonymousUser, entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Entries as anyone may read them: no medical value, bank account or taxpayer number
    is shown, whatever the reader's roles (ADR 39). New entries hold only keyed digests of
    them; entries from before the digests still hold the values, which are masked here.
    The entries are not saved afterwards; their hashes stay those of the stored values."""
    entries = list(entries)
    for entry in entries:
        entry.before = mask_secrets(entry.before)
        entry.after = mask_secrets(entry.after)
    return entries
