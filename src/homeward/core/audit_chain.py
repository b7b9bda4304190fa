"""The hash chain that makes the audit trail tamper-evident.

Each entry's hash covers the previous entry's hash and the entry's own canonical JSON, so
altering, inserting or removing any entry breaks every hash after it. `verify_chain` names
the first entry where the chain no longer holds.

Entries are keyed (HMAC-SHA256 with a key kept outside the database, named by the entry's
`key_id`), so that someone who can write to the database cannot recompute the chain after
an edit. Entries written before keys existed are plain SHA-256, and a chain is a plain
beginning followed by keyed entries only: a plain entry after a keyed one, or a plain
head where keys are in use, is a rewrite.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(payload: Mapping[str, Any]) -> bytes:
    """One byte string per payload whatever the key order or the database it came from."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def chain_hash(prev_hash: str, payload: Mapping[str, Any], key: bytes | None = None) -> str:
    """HMAC-SHA256 under `key`; plain SHA-256 without one (entries from before keys)."""
    message = prev_hash.encode("ascii") + b"\n" + canonical_json(payload)
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainLink:
    seq: int
    prev_hash: str
    hash: str
    payload: Mapping[str, Any]
    key_id: str = ""  # "" for an entry hashed before keys


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(
    links: Iterable[ChainLink],
    *,
    expected_last_seq: int | None = None,
    expected_last_hash: str | None = None,
    keys: Mapping[str, bytes] | None = None,
) -> ChainBreak | None:
    """Walk the links in order of `seq`. Returns the first break, or None when intact.

    `expected_last_seq` and `expected_last_hash` are the chain head recorded elsewhere: a
    shorter chain means entries were removed from its end, and a last entry with another
    hash was rewritten (with its hash recomputed).

    `keys` (key id → key) verify keyed entries. Given, the chain's last entry must be
    keyed: a chain rewritten as plain SHA-256 from some entry on would otherwise pass.
    """
    prev_hash = GENESIS_HASH
    expected_seq = 1
    keyed = False
    for link in links:
        if expected_last_seq is not None and link.seq > expected_last_seq:
            return ChainBreak(
                link.seq,
                f"it lies beyond the recorded head (entry {expected_last_seq}): "
                "inserted, or the head was altered",
            )
        if link.seq != expected_seq:
            return ChainBreak(expected_seq, f"entry {expected_seq} is missing")
        if link.prev_hash != prev_hash:
            return ChainBreak(link.seq, "it does not link to the entry before it")
        key = None
        if link.key_id:
            key = (keys or {}).get(link.key_id)
            if key is None:
                return ChainBreak(link.seq, f"its key {link.key_id} is not among the keys given")
            keyed = True
        elif keyed:
            return ChainBreak(link.seq, "it is not keyed but follows keyed entries (rewritten)")
        if not hmac.compare_digest(chain_hash(link.prev_hash, link.payload, key), link.hash):
            return ChainBreak(link.seq, "its content does not match its hash (altered)")
        prev_hash = link.hash
        expected_seq += 1
    last_seq = expected_seq - 1
    if keys and last_seq and not keyed:
        return ChainBreak(last_seq, "no entry is keyed though keys are in use (rewritten)")
    if expected_last_seq is not None and last_seq != expected_last_seq:
        return ChainBreak(last_seq + 1, f"entries {last_seq + 1}–{expected_last_seq} are missing")
    if expected_last_hash is not None and last_seq and prev_hash != expected_last_hash:
        return ChainBreak(last_seq, "it does not match the recorded head (rewritten)")
    return None
