from django.contrib import admin

from homeward.apps.audit.admin import AuditedAdmin
from homeward.apps.payments.models import PaymentRule


@admin.register(PaymentRule)
class PaymentRuleAdmin(AuditedAdmin):
    """The rules in force. A rule that stops applying gets an end date: entitlements
    already computed keep the figures they were computed with."""

    audit_object_type = "payment_rule"
    list_display = ["code", "name_uk", "basis", "amount", "effective_from", "effective_to",
                    "categories", "cap"]  # fmt: skip
    list_filter = ["basis"]
    search_fields = ["code", "name_uk", "name_en", "legal_basis"]
