from django.contrib import admin

from homeward.apps.audit.admin import AuditedAdmin
from homeward.apps.registry.models import Branch, Direction, PersonGroup, Rank


class VocabularyAdmin(AuditedAdmin):
    list_display = ["code", "name_uk", "name_en", "sort_order", "active"]
    list_editable = ("sort_order", "active")
    search_fields = ("code", "name_uk", "name_en")
    list_filter = ["active"]


@admin.register(Branch)
class BranchAdmin(VocabularyAdmin):
    list_display = ["code", "name_uk", "name_en", "parent", "sort_order", "active"]


@admin.register(Rank)
class RankAdmin(VocabularyAdmin):
    list_display = ["code", "name_uk", "name_en", "category", "nato_code", "sort_order", "active"]
    list_filter = ["category", "active"]


admin.site.register(Direction, VocabularyAdmin)
admin.site.register(PersonGroup, VocabularyAdmin)
