"""The person list's filters, shared by the staff pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.bootstrap import DATE_INPUT, BootstrapForm
from homeward.apps.registry.choices import (
    CategoryChoice,
    RankCategoryChoice,
    SideChoice,
    StatusChoice,
)
from homeward.apps.registry.models import Branch, Direction, Person, PersonGroup
from homeward.apps.registry.selectors import search_persons

NO_STATUS = "none"  # persons about whom no status has been reported yet
BEST_MATCH = "match"  # the search's order: most probable first, then by name

SORTS = {
    "name": ("surname", "given_name", "patronymic", "id"),
    "-name": ("-surname", "-given_name", "-patronymic", "-id"),
    "case": ("case_number",),
    "-case": ("-case_number",),
    "birth": ("birth_date", "id"),
    "-birth": ("-birth_date", "-id"),
    "captured": ("capture_date", "id"),
    "-captured": ("-capture_date", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}


class PersonFilter(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(
        method="filter_q", label=_("Name, case or service number"), max_length=200
    )
    status = django_filters.MultipleChoiceFilter(
        choices=[*StatusChoice.choices, (NO_STATUS, _("No status reported"))],
        method="filter_status",
        label=_("Status"),
    )
    side = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=SideChoice.choices, label=_("Side")
    )
    category = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=CategoryChoice.choices, label=_("Category")
    )
    branch = django_filters.ModelChoiceFilter(
        empty_label=_("Any"),
        queryset=Branch.objects.all(),
        label=_("Service branch"),
        method="filter_branch",
    )
    rank_category = django_filters.ChoiceFilter(
        empty_label=_("Any"),
        choices=RankCategoryChoice.choices,
        label=_("Rank category"),
    )
    direction = django_filters.ModelChoiceFilter(
        empty_label=_("Any"), queryset=Direction.objects.all(), label=_("Direction")
    )
    group = django_filters.ModelChoiceFilter(
        empty_label=_("Any"),
        field_name="groups",
        queryset=PersonGroup.objects.all(),
        label=_("Group"),
    )
    born_from = django_filters.DateFilter(
        widget=DATE_INPUT, field_name="birth_date", lookup_expr="gte", label=_("Born from")
    )
    born_to = django_filters.DateFilter(
        widget=DATE_INPUT, field_name="birth_date", lookup_expr="lte", label=_("Born to")
    )
    captured_from = django_filters.DateFilter(
        widget=DATE_INPUT, field_name="capture_date", lookup_expr="gte", label=_("Captured from")
    )
    captured_to = django_filters.DateFilter(
        widget=DATE_INPUT, field_name="capture_date", lookup_expr="lte", label=_("Captured to")
    )
    sort = django_filters.ChoiceFilter(
        empty_label=None,
        method="filter_sort",
        label=_("Sort by"),
        choices=[
            (BEST_MATCH, _("Best match first")),
            ("name", _("Name A–Z")),
            ("-name", _("Name Z–A")),
            ("case", _("Case number")),
            ("-case", _("Case number, newest first")),
            ("birth", _("Oldest first")),
            ("-birth", _("Youngest first")),
            ("captured", _("Captured earliest")),
            ("-captured", _("Captured latest")),
            ("-updated", _("Recently updated")),
        ],
    )

    class Meta:
        model = Person
        fields: list[str] = []
        form = BootstrapForm

    def filter_status(self, qs: QuerySet[Person], name: str, value: list[str]) -> QuerySet[Person]:
        statuses = ["" if v == NO_STATUS else v for v in value]
        return qs.filter(current_status__in=statuses) if statuses else qs

    def filter_q(self, qs: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return search_persons(qs, value)

    def filter_branch(self, qs: QuerySet[Person], name: str, value: Branch) -> QuerySet[Person]:
        # A branch includes its parts: "Armed Forces" finds the Navy's sailors too.
        return qs.filter(branch__in=[value, *value.children.all()])

    def filter_sort(self, qs: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        if value == BEST_MATCH:
            return qs  # the search has ordered it; without a search, the name order stands
        return qs.order_by(*SORTS.get(value, SORTS["name"]))
