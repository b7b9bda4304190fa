from __future__ import annotations

import django_filters
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from homeward.apps.audit.masking import mask_for
from homeward.apps.audit.models import AuditEntry
from homeward.apps.common.bootstrap import DATE_INPUT, BootstrapForm


class AuditFilter(django_filters.FilterSet):  # type: ignore[misc]
    actor = django_filters.CharFilter(field_name="actor_username", label=_("User"))
    action = django_filters.CharFilter(lookup_expr="startswith", label=_("Action"))
    object_type = django_filters.ChoiceFilter(
        label=_("Object type"),
        empty_label=_("Any"),
        choices=[
            ("person", _("person")),
            ("source", _("source")),
            ("source_record", _("source record")),
            ("import", _("import")),
            ("duplicate_search", _("search for duplicates")),
            ("import_thresholds", _("matching thresholds")),
            ("user", _("user")),
            ("vocabulary", _("vocabulary")),
        ],
    )
    object_id = django_filters.CharFilter(label=_("Object id"))
    origin = django_filters.ChoiceFilter(
        label=_("Origin"),
        empty_label=_("Any"),
        choices=[
            ("web", _("web")),
            ("api", _("API")),
            ("command", _("command")),
            ("job", _("job")),
            ("admin", _("admin")),
            ("system", _("system")),
        ],
    )
    date_from = django_filters.DateFilter(
        widget=DATE_INPUT, field_name="at", lookup_expr="date__gte", label=_("From")
    )
    date_to = django_filters.DateFilter(
        widget=DATE_INPUT, field_name="at", lookup_expr="date__lte", label=_("To")
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = BootstrapForm


@login_required
@permission_required("audit.view_auditentry", raise_exception=True)
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    audit_filter = AuditFilter(request.GET or None, queryset=AuditEntry.objects.all())
    page = Paginator(audit_filter.qs.select_related("actor"), 50).get_page(request.GET.get("page"))
    page.object_list = mask_for(request.user, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_list.html",
        {"filter": audit_filter, "page": page, "query": query.urlencode()},
    )
