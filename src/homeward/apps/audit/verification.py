from __future__ import annotations

from collections.abc import Iterator

from homeward.apps.audit.models import AuditEntry, AuditHead
from homeward.core.audit_chain import ChainBreak, ChainLink, verify_chain


def _links() -> Iterator[ChainLink]:
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        yield ChainLink(entry.seq, entry.prev_hash, entry.hash, entry.chain_payload())


def verify_audit_trail() -> tuple[int, ChainBreak | None]:
    """(entries checked, first break or None)."""
    head = AuditHead.objects.filter(id=1).first()
    expected = head.last_seq if head else 0
    return expected, verify_chain(_links(), expected_last_seq=expected)
