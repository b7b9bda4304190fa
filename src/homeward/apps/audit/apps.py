from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _register_seal(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite's triggers on the audit tables ask `homeward_audit_sealed()` (migration
    audit 0005): 1, they refuse UPDATE and DELETE; 0 only under the test settings, which
    empty the database between tests."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "homeward_audit_sealed", 0, lambda: 0 if settings.HOMEWARD_AUDIT_REWRITABLE else 1
        )


class AuditConfig(AppConfig):
    name = "homeward.apps.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        connection_created.connect(_register_seal, dispatch_uid="homeward_audit_seal")
