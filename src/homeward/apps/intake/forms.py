"""Forms of the import and review pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.bootstrap import BootstrapFormMixin
from homeward.apps.common.request_size import upload_limit
from homeward.apps.registry.choices import CategoryChoice, SideChoice, SourceKindChoice
from homeward.core.tabular import FIELDS, IGNORE

# What each field of a list means, for the mapping screen.
FIELD_LABELS = {
    "record_id": _("Id of the row in the list"),
    "surname": _("Surname"),
    "given_name": _("Given name"),
    "patronymic": _("Patronymic"),
    "full_name": _("Full name in one column"),
    "sex": _("Sex"),
    "date_of_birth": _("Date of birth"),
    "place_of_birth": _("Place of birth"),
    "address": _("Address"),
    "postcode": _("Postcode"),
    "occupation": _("Occupation"),
    "rank": _("Rank"),
    "unit": _("Unit"),
    "service_number": _("Service number"),
}
assert set(FIELD_LABELS) == set(FIELDS)

ACCEPTED = ".csv,.txt,.tsv,.xlsx,.ods"


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("List"),
        # An empty file is refused by the import itself, with the file's name and what to do.
        allow_empty_file=True,
        help_text=_("CSV (UTF-8, Windows-1251 or UTF-16; comma, semicolon or tab), XLSX or ODS."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )
    source_kind = forms.ChoiceField(label=_("Kind of source"), choices=SourceKindChoice.choices)
    source_name = forms.CharField(
        label=_("Source"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "known-sources", "autocomplete": "off"}),
        help_text=_("Who sent the list, e.g. “ICRC Central Tracing Agency” or “Unit A0000”."),
    )
    side = forms.ChoiceField(
        label=_("Persons on the list are"), choices=SideChoice.choices, initial=SideChoice.OWN
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=CategoryChoice.choices, initial=CategoryChoice.MILITARY
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > upload_limit():
            raise forms.ValidationError(
                _(
                    "%(file)s: the file is larger than %(mb)d MB. Split the list and import "
                    "the parts."
                ),
                params={"file": upload.name, "mb": settings.HOMEWARD_MAX_UPLOAD_MB},
            )
        return upload


class ReadingForm(BootstrapFormMixin, forms.Form):
    """How each column of a staged list is read: one choice per header."""

    skip_bad_rows = forms.BooleanField(
        label=_("Leave out the rows with problems and import the others"), required=False
    )

    def __init__(self, *args: Any, headers: list[str], mapping: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(IGNORE, _("— not read —")), *FIELD_LABELS.items()]
        self.headers = headers
        for i, header in enumerate(headers):
            self.fields[f"column_{i}"] = forms.ChoiceField(
                label=header or _("(no name)"),
                choices=choices,
                required=False,
                initial=mapping.get(header, IGNORE),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{i}"] for i in range(len(self.headers))]

    def mapping(self) -> dict[str, str]:
        return {h: self.cleaned_data[f"column_{i}"] for i, h in enumerate(self.headers)}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dict[str, str] = {}
        for i, header in enumerate(self.headers):
            field = data.get(f"column_{i}")
            if not field:
                continue
            if field in seen:
                self.add_error(
                    f"column_{i}",
                    _("“%(other)s” is already read as this field; choose one of the two.")
                    % {"other": seen[field]},
                )
            seen[field] = header
        return data
