from django.contrib import admin

from homeward.apps.audit.admin import AuditedAdmin
from homeward.apps.intake.models import ImportThresholds


@admin.register(ImportThresholds)
class ImportThresholdsAdmin(AuditedAdmin):
    audit_object_type = "import_thresholds"
    list_display = ["source_kind", "match", "review"]
    list_editable = ("match", "review")
