"""Users in the admin, with the same audit as every other write."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from homeward.apps.audit.admin import AuditedAdmin, audit_every_admin


class AuditedUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[type-arg]
    audit_object_type = "user"

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        from homeward.apps.audit import services as audit

        audit.record(
            actor=request.user,
            action="user.roles",
            object_type="user",
            object_id=form.instance.pk,
            object_repr=str(form.instance),
            after={"roles": sorted(form.instance.groups.values_list("name", flat=True))},
        )


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
# Every app listed before this one in INSTALLED_APPS has registered its admin pages by now.
audit_every_admin(admin.site)
