"""Appending to the audit trail. Called by every service function inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from homeward.apps.audit.context import current_context
from homeward.apps.audit.models import AuditEntry, AuditHead
from homeward.apps.common.bulk_insert import bulk_insert
from homeward.core.audit_chain import canonical_json, chain_hash
from homeward.core.sensitivity import seal_secrets


def _jsonable(value: Any) -> Any:
    """Values as they will read back from a JSON column, so the hash verifies later."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)  # JSON has no NaN or infinity
        # PostgreSQL's jsonb reads 1e16 back as 10000000000000000: store what it returns.
        return int(value) if value.is_integer() else value
    return value


def _sealed(values: Mapping[str, Any] | None) -> Any:
    """What the entry keeps of `values`: JSON as it reads back, and no secret as a value."""
    return None if values is None else seal_secrets(_jsonable(values), secret_digest)


def secret_digest(value: Any) -> str:
    """A keyed digest of a secret value (ADR 39): equal values give equal digests under
    one key, so an auditor who holds the key can tell whether a value was set to one
    they know; without the key the digest says nothing of the value."""
    key_id, key = signing_key()
    message = b"homeward-audit-secret\n" + canonical_json(value)
    digest = hmac.new(key or b"", message, hashlib.sha256).hexdigest()[:32]
    return f"hmac:{key_id}:{digest}"


@dataclass(frozen=True)
class Change:
    """One entry to append: what was done to which object."""

    action: str
    object_type: str
    object_id: object = ""
    object_repr: str = ""
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


def record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: object = "",
    object_repr: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Must run inside the caller's transaction: if the write it records
    rolls back, so does its entry."""
    change = Change(action, object_type, object_id, object_repr, before, after)
    head, [entry] = _chain(actor, [change], "audit.record")
    entry.save(force_insert=True)
    head.save(update_fields=["last_seq", "last_hash"])
    return entry


def record_many(
    *, actor: AbstractBaseUser | AnonymousUser | None, changes: Sequence[Change]
) -> int:
    """Append many entries at once (an import's new persons), chained as `record` would
    chain them one by one, in a few statements instead of three per entry."""
    head, entries = _chain(actor, changes, "audit.record_many")
    if entries:
        bulk_insert(entries)
        head.save(update_fields=["last_seq", "last_hash"])
    return len(entries)


def signing_key() -> tuple[str, bytes | None]:
    """The key new entries are signed with: the last of the configured keys (ADR 38)."""
    keys = settings.HOMEWARD_AUDIT_KEYS
    return keys[-1] if keys else ("", None)


def verifying_keys() -> dict[str, bytes]:
    return dict(settings.HOMEWARD_AUDIT_KEYS)


def _chain(
    actor: AbstractBaseUser | AnonymousUser | None, changes: Sequence[Change], caller: str
) -> tuple[AuditHead, list[AuditEntry]]:
    """Unsaved entries for `changes`, each chained to the one before, and the locked head
    advanced past them (also unsaved)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{caller} must be called inside the write's transaction")
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    if not changes:
        return head, []
    ctx = current_context()
    user = actor if actor is not None and actor.is_authenticated else None
    # Microseconds are dropped so the ISO text hashed now is the one read back from every
    # database backend.
    at = timezone.now().replace(microsecond=0)
    entries = []
    for change in changes:
        entry = AuditEntry(
            seq=head.last_seq + 1,
            at=at,
            actor_id=user.pk if user is not None else None,
            actor_username=user.get_username() if user is not None else "",
            action=change.action,
            object_type=change.object_type,
            object_id=str(change.object_id),
            object_repr=change.object_repr[:300],
            before=_sealed(change.before),
            after=_sealed(change.after),
            origin=ctx.origin,
            request_id=ctx.request_id,
            prev_hash=head.last_hash,
        )
        entry.key_id, key = signing_key()
        entry.hash = chain_hash(entry.prev_hash, entry.chain_payload(), key)
        head.last_seq, head.last_hash = entry.seq, entry.hash
        entries.append(entry)
    return head, entries


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, so entries show what an edit actually changed."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
