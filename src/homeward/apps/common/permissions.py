"""Who may do what, checked one way everywhere (issue 20, point 6; ADR 35).

`accounts/roles.py` says which role holds which permission. Services and selectors name
the permission they need from `Perm` and ask `require` (or `has`); views and the API ask
through the same functions. `Actor` is the one type of whoever acts: a user (signed in or
not), or None for an operator's command on the server.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

Actor = User | AnonymousUser | None


class Perm(StrEnum):
    """Every permission the code checks, by name."""

    # registry
    VIEW_PERSON = "registry.view_person"
    VIEW_MEDICAL = "registry.view_medical"
    ADD_PERSON = "registry.add_person"
    CHANGE_PERSON = "registry.change_person"
    EXPORT_PERSON = "registry.export_person"
    MERGE_PERSON = "registry.merge_person"
    VIEW_STATISTICS = "registry.view_statistics"
    ADD_STATUS_EVENT = "registry.add_statusevent"
    CONFIRM_STATUS = "registry.confirm_status"
    VIEW_SOURCE = "registry.view_source"
    ADD_SOURCE = "registry.add_source"
    VIEW_SOURCE_RECORD = "registry.view_sourcerecord"
    ADD_SOURCE_RECORD = "registry.add_sourcerecord"
    # intake
    DECIDE_REVIEW = "intake.decide_reviewtask"
    # exchanges
    VIEW_AGREEMENT = "exchanges.view_agreement"
    MANAGE_EXCHANGE = "exchanges.manage_exchange"
    # returns
    VIEW_RETURN_CASE = "returns.view_returncase"
    OPEN_RETURN_CASE = "returns.add_returncase"
    COORDINATE_RETURN_CASE = "returns.coordinate_returncase"
    WORK_ON_STEP = "returns.change_casestep"
    # payments
    VIEW_ENTITLEMENT = "payments.view_entitlement"
    COMPUTE_ENTITLEMENT = "payments.change_entitlement"
    VIEW_PAYMENT_BATCH = "payments.view_paymentbatch"
    PREPARE_PAYMENT_BATCH = "payments.add_paymentbatch"
    APPROVE_PAYMENT_BATCH = "payments.approve_paymentbatch"
    ISSUE_CERTIFICATE = "payments.issue_certificate"
    # reports
    VIEW_STATEMENT = "reports.view_statement"
    WRITE_STATEMENT = "reports.add_statement"
    EDIT_STATEMENT = "reports.change_statement"
    APPROVE_STATEMENT = "reports.approve_statement"
    # audit
    VIEW_AUDIT = "audit.view_auditentry"
    VIEW_ACCESS_LOG = "audit.view_accessevent"
    # accounts
    REVOKE_ANY_TOKEN = "accounts.revoke_any_token"  # noqa: S105
    DECIDE_ACCESS_REQUEST = "accounts.decide_accessrequest"


def has(actor: Actor, *perms: str) -> bool:
    """Whether `actor` is a signed-in user holding every one of `perms`."""
    return isinstance(actor, User) and actor.is_active and all(actor.has_perm(p) for p in perms)


def require(actor: Actor, *perms: str, refusal: str = "") -> User:
    """The actor as a user who holds every one of `perms`; otherwise PermissionDenied with
    `refusal`, the words the refused user reads."""
    if not has(actor, *perms):
        raise PermissionDenied(refusal) if refusal else PermissionDenied
    assert isinstance(actor, User)
    return actor
