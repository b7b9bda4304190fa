"""The roles of DOMAIN.md as groups with permissions. This module is the single place that
says who may do what; `sync_roles` makes the database agree with it after every migrate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_VIEW_REGISTRY = (
    "registry.view_person",
    "registry.view_statusevent",
    "registry.view_source",
    "registry.view_sourcerecord",
    "registry.view_persongroup",
    "registry.view_statistics",
    "exchanges.view_agreement",
)
_SEE_RETURNS = ("returns.view_returncase",)
_WORK_ON_STEPS = ("returns.view_returncase", "returns.change_casestep")
_WRITE_STATEMENTS = (
    "reports.view_statement",
    "reports.add_statement",
    "reports.change_statement",
    "reports.approve_statement",
)
_RUN_EXCHANGES = (
    "exchanges.add_agreement",
    "exchanges.change_agreement",
    "exchanges.manage_exchange",
)


@dataclass(frozen=True)
class Role:
    code: str
    label: Promise
    description: Promise
    permissions: tuple[str, ...]
    staff: bool = False  # may open the Django admin (vocabularies and users)


ROLES: tuple[Role, ...] = (
    Role(
        "registrar",
        _("Registrar"),
        _(
            "Enters and verifies persons, their sources and status reports; imports lists, "
            "decides review tasks, merges duplicates; exports lists."
        ),
        (
            *_VIEW_REGISTRY,
            "registry.add_person",
            "registry.change_person",
            "registry.add_statusevent",
            "registry.add_source",
            "registry.add_sourcerecord",
            "registry.export_person",
            "registry.merge_person",
            "intake.decide_reviewtask",
            *_SEE_RETURNS,
        ),
    ),
    Role(
        "exchange_officer",
        _("Exchange officer"),
        _(
            "Builds and verifies exchange lists, plans and runs the stages of exchanges; "
            "records status reports."
        ),
        (
            *_VIEW_REGISTRY,
            *_RUN_EXCHANGES,
            "registry.add_statusevent",
            "registry.add_sourcerecord",
            "registry.export_person",
            *_SEE_RETURNS,
        ),
    ),
    Role(
        "return_coordinator",
        _("Return coordinator"),
        _(
            "Follows every returned person through the after-return pipeline: opens cases "
            "for releases outside exchanges, assigns the steps, does the intake, debrief, "
            "documents and closure; sees that medical steps are done, not what they found."
        ),
        (
            *_VIEW_REGISTRY,
            *_WORK_ON_STEPS,
            "returns.add_returncase",
            "returns.coordinate_returncase",
            "registry.add_statusevent",
            "payments.issue_certificate",
        ),
    ),
    Role(
        "medical_officer",
        _("Medical officer"),
        _(
            "Medical and rehabilitation staff: sees and records medical details of returned "
            "persons and works the medical steps of their cases."
        ),
        (*_VIEW_REGISTRY, "registry.view_medical", "registry.change_person", *_WORK_ON_STEPS),
    ),
    Role(
        "payments_officer",
        _("Payments officer"),
        _(
            "Computes entitlements, checks them by hand where dates are uncertain, prepares "
            "payment batches and approves those a colleague prepared."
        ),
        (
            *_VIEW_REGISTRY,
            *_WORK_ON_STEPS,
            "payments.view_paymentrule",
            "payments.view_entitlement",
            "payments.change_entitlement",
            "payments.view_paymentbatch",
            "payments.add_paymentbatch",
            "payments.approve_paymentbatch",
            "payments.issue_certificate",
        ),
    ),
    Role(
        "communications",
        _("Communications"),
        _("Sees aggregate statistics and writes statements; no personal data."),
        (
            "registry.view_statistics",
            "exchanges.view_agreement",
            *_WRITE_STATEMENTS,
        ),
    ),
    Role(
        "family_liaison",
        _("Family liaison"),
        _("Answers relatives' inquiries and records what families report."),
        (
            *_VIEW_REGISTRY,
            "registry.add_sourcerecord",
            "registry.add_source",
            *_SEE_RETURNS,
            "payments.issue_certificate",
        ),
    ),
    Role(
        "auditor",
        _("Auditor"),
        _("Reads the audit trail and the log of who read which persons."),
        ("audit.view_auditentry", "audit.view_accessevent", "registry.view_statistics"),
    ),
    Role(
        "administrator",
        _("Administrator"),
        _("Manages users, roles, vocabularies and matching thresholds; confirms reports of death."),
        (
            *_VIEW_REGISTRY,
            "registry.add_person",
            "registry.change_person",
            "registry.add_statusevent",
            "registry.add_source",
            "registry.add_sourcerecord",
            "registry.export_person",
            "registry.merge_person",
            "intake.decide_reviewtask",
            *_RUN_EXCHANGES,
            "registry.confirm_status",
            "audit.view_auditentry",
            "registry.add_branch",
            "registry.change_branch",
            "registry.view_branch",
            "registry.add_rank",
            "registry.change_rank",
            "registry.view_rank",
            "registry.add_direction",
            "registry.change_direction",
            "registry.view_direction",
            "registry.add_persongroup",
            "registry.change_persongroup",
            "intake.view_importthresholds",
            "intake.change_importthresholds",
            "auth.view_user",
            "auth.add_user",
            "auth.change_user",
            "auth.view_group",
            "accounts.view_apitoken",
            "accounts.revoke_any_token",
            "accounts.view_accessrequest",
            "accounts.decide_accessrequest",
            *_WORK_ON_STEPS,
            "returns.add_returncase",
            "returns.coordinate_returncase",
            "returns.view_steptemplate",
            "returns.add_steptemplate",
            "returns.change_steptemplate",
            "payments.view_paymentrule",
            "payments.add_paymentrule",
            "payments.change_paymentrule",
            "payments.view_entitlement",
            "payments.view_paymentbatch",
            *_WRITE_STATEMENTS,
        ),
        staff=True,
    ),
)

ROLES_BY_CODE = {role.code: role for role in ROLES}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def sync_roles() -> None:
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.code)
        group.permissions.set([_permission(p) for p in role.permissions])


def rebuild_roles(using: str = "default") -> None:
    """Every app's permissions, then the roles' groups: for a database that lacks them."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()


def sync_roles_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    # Permissions of apps migrated after this one may not exist yet: create them all first.
    if sender.label == "accounts":
        rebuild_roles(using)
