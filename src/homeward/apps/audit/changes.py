"""Which objects changed since a point of the audit trail (ADR 43).

Every write of the registry appends its audit entries in the transaction that makes it, and
appending takes the lock of the chain's head until that transaction ends. Entries therefore
become visible in the order of their numbers: once entry n is seen, every entry before it
is committed and seen too. A reader that remembers the last number it has read learns
exactly what changed since, however long ago the change was stamped and however many rows
one transaction wrote: no window of time to read again."""

from __future__ import annotations

from homeward.apps.audit.models import AuditEntry, AuditHead


def head() -> int:
    """The number of the last entry committed (0 before the first)."""
    found = AuditHead.objects.filter(id=1).values_list("last_seq", flat=True).first()
    return int(found or 0)


def changed_since(seq: int, up_to: int, object_type: str) -> set[str]:
    """The ids of the objects of `object_type` with an entry after `seq`, up to `up_to`."""
    if up_to <= seq:
        return set()
    return set(
        AuditEntry.objects.filter(seq__gt=seq, seq__lte=up_to, object_type=object_type)
        .values_list("object_id", flat=True)
        .distinct()
    )
