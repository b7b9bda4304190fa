"""Forms of the exchange list pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.bootstrap import DATE_INPUT, BootstrapFormMixin
from homeward.apps.common.request_size import upload_limit
from homeward.apps.exchanges.choices import AgreementStatusChoice, FormulaChoice
from homeward.apps.exchanges.list_selectors import Criteria
from homeward.apps.intake.forms import ACCEPTED
from homeward.apps.registry.choices import CategoryChoice, HealthChoice, RankCategoryChoice
from homeward.apps.registry.models import Branch, Direction, PersonGroup


class CriteriaForm(BootstrapFormMixin, forms.Form):
    """Who to put on a list of ours: every field left empty means "any"."""

    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        queryset=PersonGroup.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    branches = forms.ModelMultipleChoiceField(
        label=_("Service branch"), queryset=Branch.objects.filter(active=True), required=False
    )
    directions = forms.ModelMultipleChoiceField(
        label=_("Direction"), queryset=Direction.objects.filter(active=True), required=False
    )
    rank_categories = forms.MultipleChoiceField(
        label=_("Rank category"),
        choices=RankCategoryChoice.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    health_states = forms.MultipleChoiceField(
        label=_("State of health"), choices=HealthChoice.choices, required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Any")), *CategoryChoice.choices], required=False
    )
    direct_repatriation = forms.BooleanField(
        label=_("Only the seriously wounded and sick found for direct repatriation (Art. 110)"),
        required=False,
    )
    unit = forms.CharField(label=_("Unit contains"), max_length=200, required=False)
    min_days_in_captivity = forms.IntegerField(
        label=_("At least this many days in captivity"), min_value=0, required=False
    )
    min_age = forms.IntegerField(label=_("Age from"), min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label=_("Age to"), min_value=0, max_value=120, required=False)
    priority = forms.IntegerField(
        label=_("Priority"),
        min_value=0,
        max_value=99,
        initial=0,
        required=False,
        help_text=_("1 goes first; 0 means no priority."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error("max_age", _("“Age to” is below “Age from”."))
        return data

    def criteria(self) -> Criteria:
        d = self.cleaned_data
        return Criteria(
            branches=tuple(b.pk for b in d["branches"]),
            unit=d["unit"],
            groups=tuple(g.pk for g in d["groups"]),
            rank_categories=tuple(d["rank_categories"]),
            directions=tuple(x.pk for x in d["directions"]),
            health_states=tuple(d["health_states"]),
            category=d["category"],
            direct_repatriation=d["direct_repatriation"],
            min_days_in_captivity=d["min_days_in_captivity"],
            min_age=d["min_age"],
            max_age=d["max_age"],
        )


class TheirListForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Their list"),
        allow_empty_file=True,  # refused by the service, with the file's name
        help_text=_("CSV (UTF-8, Windows-1251 or UTF-16; comma, semicolon or tab), XLSX or ODS."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )
    default_category = forms.ChoiceField(
        label=_("Category of entries unknown to us"),
        choices=CategoryChoice.choices,
        initial=CategoryChoice.MILITARY,
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > upload_limit():
            raise forms.ValidationError(
                _("%(file)s: the file is larger than %(mb)d MB. Ask for the list in parts."),
                params={"file": upload.name, "mb": settings.HOMEWARD_MAX_UPLOAD_MB},
            )
        return upload


class AgreementForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    formula = forms.ChoiceField(label=_("Formula"), choices=FormulaChoice.choices)
    status = forms.ChoiceField(
        label=_("Status"),
        initial=AgreementStatusChoice.AGREED,
        required=False,
        choices=[
            (s, label)
            for s, label in AgreementStatusChoice.choices
            if s in (AgreementStatusChoice.AGREED, AgreementStatusChoice.NEGOTIATING)
        ],
    )
    total = forms.IntegerField(
        label=_("N (persons on each side)"),
        min_value=1,
        required=False,
        help_text=_("For N for N."),
    )
    military = forms.IntegerField(label=_("Military"), min_value=0, required=False)
    civilian = forms.IntegerField(label=_("Civilians"), min_value=0, required=False)
    wounded_sick = forms.IntegerField(
        label=_("Seriously wounded and sick"), min_value=0, required=False
    )
    remains = forms.IntegerField(label=_("Remains"), min_value=0, required=False)
    mediator = forms.CharField(label=_("Mediator"), max_length=200, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    negotiated_on = forms.DateField(label=_("Negotiated on"), required=False, widget=DATE_INPUT)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 2}))

    QUOTAS = ("military", "civilian", "wounded_sick", "remains")

    def service_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "formula": d["formula"],
            "total": d["total"] or 0,
            "quotas": {k: d[k] for k in self.QUOTAS if d[k]},
            "mediator": d["mediator"],
            "venue": d["venue"],
            "negotiated_on": d["negotiated_on"],
            "notes": d["notes"],
            "status": d["status"] or AgreementStatusChoice.AGREED,
        }


class StageForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    receive_capacity = forms.IntegerField(label=_("Persons to receive at most"), min_value=1)
    hand_over_capacity = forms.IntegerField(
        label=_("Persons to hand over at most"),
        min_value=0,
        required=False,
        help_text=_("Empty: as many as the ratio asks."),
    )
    ratio = forms.DecimalField(
        label=_("Handed over per received"),
        min_value=Decimal("0.01"),
        max_digits=5,
        decimal_places=2,
        initial=1,
    )


class PlanForm(BootstrapFormMixin, forms.Form):
    """The officer's pins and exclusions for the planner."""

    pins = forms.CharField(
        label=_("Pinned"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("One per line: case number, then the stage number (HW-2025-000123 2)."),
    )
    excluded = forms.CharField(
        label=_("Excluded"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Case numbers of persons not to plan now."),
    )

    def clean_pins(self) -> dict[str, int]:
        pins: dict[str, int] = {}
        lines = self.cleaned_data["pins"].replace(";", "\n").splitlines()
        for number, line in enumerate(lines, start=1):
            words = line.replace(":", " ").replace(",", " ").split()
            if not words:
                continue
            if len(words) != 2 or not words[1].isdigit():
                raise forms.ValidationError(
                    _("Line %(line)d: write the case number, then the stage number."),
                    params={"line": number},
                )
            pins[words[0].upper()] = int(words[1])
        return pins

    def clean_excluded(self) -> frozenset[str]:
        text = self.cleaned_data["excluded"].replace(",", " ")
        return frozenset(word.upper() for word in text.split())
