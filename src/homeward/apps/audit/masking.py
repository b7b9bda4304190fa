from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User

from homeward.apps.audit.models import AuditEntry
from homeward.core.sensitivity import mask_medical


def mask_for(user: User | AnonymousUser, entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Entries as this user may read them: medical values masked without the medical role.
    The entries are not saved afterwards; their hashes stay those of the stored values."""
    entries = list(entries)
    if not user.has_perm("registry.view_medical"):
        for entry in entries:
            entry.before = mask_medical(entry.before)
            entry.after = mask_medical(entry.after)
    return entries
