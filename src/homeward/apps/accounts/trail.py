"""Entries about a user in the audit trail: every accounts service writes them alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User

from homeward.apps.audit import services as audit
from homeward.apps.common.permissions import Actor


def record(
    *, actor: Actor, action: str, user: User, after: Mapping[str, Any] | None = None
) -> None:
    """Append `action`, done by `actor` to `user`'s account, inside the caller's
    transaction."""
    audit.record(
        actor=actor,
        action=action,
        object_type="user",
        object_id=user.pk,
        object_repr=user.get_username(),
        after=after,
    )
