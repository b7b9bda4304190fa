"""Privileges need four eyes (issue 20, point 5; ADR 34).

Nobody widens their own access. The medical and payments roles, superuser status, another
user's password and the reset of a lost authenticator are asked for by one administrator
and applied when a second one approves, as payment batches are. An administrator never
holds the medical role. Every superuser sign-in is on the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.apps.accounts import trail
from homeward.apps.accounts.models import AccessRequest, RequestKind, RequestState
from homeward.apps.accounts.second_factor import forget_devices
from homeward.apps.common.permissions import Actor, Perm

MAY_DECIDE = Perm.DECIDE_ACCESS_REQUEST
# Roles that see what others do not: given only on a second administrator's approval.
FOUR_EYES_ROLES = frozenset({"medical_officer", "payments_officer"})
# Roles no one holds together: an administrator manages users, so with the medical role
# they could read what only medical staff should.
EXCLUSIVE = (frozenset({"administrator", "medical_officer"}),)


def check_combination(roles: Iterable[str]) -> None:
    held = set(roles)
    for pair in EXCLUSIVE:
        if pair <= held:
            raise ValidationError(
                _("%(roles)s are not held together.") % {"roles": " + ".join(sorted(pair))}
            )


def _administrator(actor: Actor) -> User:
    if not isinstance(actor, User) or not actor.has_perm(MAY_DECIDE):
        raise PermissionDenied
    return actor


@transaction.atomic
def ask(
    *,
    actor: Actor,
    user: User,
    kind: str,
    reason: str,
    role: str = "",
    password_hash: str = "",
) -> AccessRequest:
    """One administrator asks; nothing changes until a second one approves."""
    asker = _administrator(actor)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Say why the change is needed."))
    if user.pk == asker.pk:
        raise ValidationError(_("Nobody asks for privileges of their own."))
    if kind == RequestKind.GRANT_ROLE:
        check_combination([*user.groups.values_list("name", flat=True), role])
    if AccessRequest.objects.filter(
        user=user, kind=kind, role=role, state=RequestState.PENDING
    ).exists():
        raise ValidationError(_("The same request is already awaiting a second administrator."))
    request = AccessRequest.objects.create(
        kind=kind,
        user=user,
        role=role,
        password_hash=password_hash,
        reason=reason[:300],
        requested_by=asker,
    )
    trail.record(
        actor=asker,
        action="access_request.ask",
        user=user,
        after={"request": request.pk, "kind": kind, "role": role, "reason": request.reason},
    )
    return request


@transaction.atomic
def decide(*, actor: Actor, request_id: int, approve: bool) -> AccessRequest:
    """A second administrator approves (the change is made now) or rejects."""
    decider = _administrator(actor)
    request = AccessRequest.objects.select_for_update().select_related("user").get(pk=request_id)
    if request.state != RequestState.PENDING:
        raise ValidationError(_("This request has been decided already."))
    if decider.pk in (request.requested_by_id, request.user_id):
        raise ValidationError(
            _("A second administrator decides: not the one who asked, nor the one it is for.")
        )
    if approve:
        _apply(request)
    request.state = RequestState.APPROVED if approve else RequestState.REJECTED
    request.decided_by, request.decided_at = decider, timezone.now()
    request.password_hash = ""
    request.save()
    trail.record(
        actor=decider,
        action="access_request.approve" if approve else "access_request.reject",
        user=request.user,
        after={"request": request.pk, "kind": request.kind, "role": request.role},
    )
    return request


def _apply(request: AccessRequest) -> None:
    user = request.user
    if request.kind == RequestKind.GRANT_ROLE:
        check_combination([*user.groups.values_list("name", flat=True), request.role])
        user.groups.add(Group.objects.get(name=request.role))
    elif request.kind == RequestKind.SUPERUSER:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    elif request.kind == RequestKind.PASSWORD:
        user.password = request.password_hash  # its API tokens go with the old one
        user.save(update_fields=["password"])
    elif request.kind == RequestKind.SECOND_FACTOR:
        from homeward.apps.accounts.tokens import revoke_all

        forget_devices(user)
        revoke_all(user=user, reason="authenticator reset")


def pending(actor: Actor) -> list[AccessRequest]:
    _administrator(actor)
    return list(
        AccessRequest.objects.filter(state=RequestState.PENDING).select_related(
            "user", "requested_by"
        )
    )


def decided(actor: Actor, limit: int = 50) -> list[AccessRequest]:
    _administrator(actor)
    return list(
        AccessRequest.objects.exclude(state=RequestState.PENDING).select_related(
            "user", "requested_by", "decided_by"
        )[:limit]
    )


def superuser_signed_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """The superuser is break-glass: each sign-in is on the record, where administrators
    and auditors see it."""
    if not user.is_superuser:
        return
    from axes.helpers import get_client_ip_address

    with transaction.atomic():
        trail.record(
            actor=user,
            action="superuser.sign_in",
            user=user,
            after={"address": get_client_ip_address(request) if request else None},
        )
