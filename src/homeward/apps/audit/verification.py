from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from homeward.apps.audit.models import AuditEntry, AuditHead
from homeward.apps.audit.services import verifying_keys
from homeward.core.audit_chain import ChainBreak, ChainLink, verify_chain


@dataclass(frozen=True, slots=True)
class Verification:
    entries: int
    head_seq: int
    head_hash: str
    broken: ChainBreak | None


def _links() -> Iterator[ChainLink]:
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        yield ChainLink(entry.seq, entry.prev_hash, entry.hash, entry.chain_payload(), entry.key_id)


def verify_audit_trail(anchors: Iterable[tuple[int, str]] = ()) -> Verification:
    """Walk the whole chain. `anchors` are (seq, hash) pairs recorded earlier outside the
    database: a chain recomputed after tampering no longer contains them."""
    head = AuditHead.objects.filter(id=1).first()
    if head is None:
        broken = (
            ChainBreak(1, "the chain head record is missing")
            if (AuditEntry.objects.exists())
            else None
        )
        return Verification(0, 0, "", broken)
    broken = verify_chain(
        _links(),
        expected_last_seq=head.last_seq,
        expected_last_hash=head.last_hash,
        keys=verifying_keys(),
    )
    if broken is None:
        for seq, expected in anchors:
            actual = AuditEntry.objects.filter(seq=seq).values_list("hash", flat=True).first()
            if actual != expected:
                broken = ChainBreak(seq, "it does not match the anchor recorded earlier")
                break
    return Verification(head.last_seq, head.last_seq, head.last_hash, broken)
