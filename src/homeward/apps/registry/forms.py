from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.bootstrap import BootstrapFormMixin
from homeward.apps.registry.choices import (
    ConsentChoice,
    ReliabilityChoice,
    SourceKindChoice,
    StatusChoice,
)
from homeward.apps.registry.messages import date_error
from homeward.apps.registry.models import (
    PERSON_EDITABLE_FIELDS,
    Person,
    Source,
    SourceRecord,
)
from homeward.core.dates import ACCEPTED_FORMS, PartialDate, parse_partial_date
from homeward.core.errors import InvalidDateError
from homeward.core.status import Side, allowed_statuses


class PartialDateField(forms.CharField):
    """A date as staff write it, to the day, the month or the year."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", format_lazy(_("For example {forms}"), forms=ACCEPTED_FORMS))
        super().__init__(max_length=20, **kwargs)

    def clean(self, value: Any) -> PartialDate:
        text = super().clean(value)
        try:
            return parse_partial_date(text or "")
        except InvalidDateError as exc:
            raise forms.ValidationError(date_error(exc), code="invalid_date") from exc


class PersonForm(BootstrapFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    birth = PartialDateField(label=_("Date of birth"))
    captured = PartialDateField(label=_("Date of capture or disappearance"))
    other_spellings_text = forms.CharField(
        label=_("Other known spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, in any script."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = PERSON_EDITABLE_FIELDS
        widgets = {
            "next_of_kin_contacts": forms.Textarea(attrs={"rows": 2}),
            "correspondence_address": forms.Textarea(attrs={"rows": 2}),
            "medical_notes": forms.Textarea(attrs={"rows": 3}),
            "groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, show_medical: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not show_medical:
            del self.fields["medical_notes"]
        self.fields["rank_category"].required = False
        # Asked only of persons we hold; a form that leaves it out means "not asked yet".
        self.fields["exchange_consent"].required = False
        person = self.instance
        if person.pk:
            self.fields["birth"].initial = person.birth.display()
            self.fields["captured"].initial = person.captured.display()
            self.fields["other_spellings_text"].initial = "\n".join(person.other_spellings)
            self.fields["version"].initial = person.version

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data in the shape `services.create_person/update_person` take."""
        data = {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}  # type: ignore[operator]
        data.pop("groups", None)
        data["exchange_consent"] = data.get("exchange_consent") or ConsentChoice.UNKNOWN.value
        birth: PartialDate = self.cleaned_data["birth"]
        captured: PartialDate = self.cleaned_data["captured"]
        data.update(
            birth_date=birth.value,
            birth_date_precision=birth.precision.value,
            capture_date=captured.value,
            capture_date_precision=captured.precision.value,
            other_spellings=[
                line.strip()
                for line in self.cleaned_data["other_spellings_text"].splitlines()
                if line.strip()
            ],
        )
        return data


class StatusEventForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    effective = PartialDateField(label=_("Effective date"), required=True)
    reliability = forms.ChoiceField(
        label=_("Reliability"),
        choices=[("", _("As the source's")), *ReliabilityChoice.choices],
        required=False,
    )
    source_record = forms.ModelChoiceField(
        label=_("Source record"), queryset=SourceRecord.objects.none(), required=False
    )
    document = forms.CharField(
        label=_("Document"),
        max_length=300,
        required=False,
        help_text=_("For example: ICRC notification No. 1234 of 05.06.2024."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = {s.value for s in allowed_statuses(Side(person.side))}
        status_field = cast(forms.ChoiceField, self.fields["status"])
        status_field.choices = [c for c in StatusChoice.choices if c[0] in allowed]
        self.fields["source_record"].queryset = SourceRecord.objects.filter(  # type: ignore[attr-defined]
            person=person
        ).select_related("source")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service enforces this too; checking here reports it with the other fields.
        if not cleaned.get("source_record") and not (cleaned.get("document") or "").strip():
            self.add_error(
                "document", _("Give the evidence: a source record or a document reference.")
            )
        return cleaned


class SourceRecordForm(BootstrapFormMixin, forms.Form):
    """What a source said about a person, kept verbatim: pick the source, or name a new one."""

    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=Source.objects.all(),
        required=False,
        empty_label=_("A new source (below)"),
    )
    new_source_kind = forms.ChoiceField(
        label=_("Kind of the new source"),
        choices=[("", "—"), *SourceKindChoice.choices],
        required=False,
    )
    new_source_name = forms.CharField(label=_("Name of the new source"), required=False)
    new_source_reliability = forms.ChoiceField(
        label=_("Reliability of the new source"),
        choices=ReliabilityChoice.choices,
        initial=ReliabilityChoice.F,
        required=False,
    )
    external_id = forms.CharField(
        label=_("Reference in the source"),
        max_length=100,
        required=False,
        help_text=_("The application, letter or list row number, if it has one."),
    )
    text = forms.CharField(
        label=_("What was received"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Exactly as received: it is kept verbatim and never changed."),
    )

    def __init__(self, *args: Any, may_add_source: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_add_source = may_add_source

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("source") is None:
            if not self.may_add_source:
                self.add_error("source", _("Choose a source: your role cannot add sources."))
            else:
                for field in ("new_source_kind", "new_source_name"):
                    if not (cleaned.get(field) or "").strip():
                        self.add_error(field, _("Choose an existing source or fill this in."))
        return cleaned
