from django.contrib import admin

from homeward.apps.audit.admin import AuditedAdmin
from homeward.apps.returns.models import StepTemplate


@admin.register(StepTemplate)
class StepTemplateAdmin(AuditedAdmin):
    """Administrators shape the pipeline per category; open cases keep the steps they
    were opened with."""

    audit_object_type = "step_template"
    list_display = ["category", "order", "kind", "owner_role", "deadline_days", "optional",
                    "active"]  # fmt: skip
    list_editable = ("order", "owner_role", "deadline_days", "optional", "active")
    list_filter = ["category", "active"]
