from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.bootstrap import BootstrapFormMixin
from homeward.apps.exchanges.models import Stage


class DraftForm(BootstrapFormMixin, forms.Form):
    stage = forms.ModelChoiceField(
        Stage.objects.select_related("agreement").order_by("-date", "-number"), label=_("Stage")
    )


class PeriodForm(BootstrapFormMixin, forms.Form):
    period_start = forms.DateField(label=_("From"),
                                   widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))


class EditForm(BootstrapFormMixin, forms.Form):
    title_uk = forms.CharField(label=_("Title (Ukrainian)"), max_length=300)
    body_uk = forms.CharField(
        label=_("Text (Ukrainian)"), widget=forms.Textarea(attrs={"rows": 12})
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    body_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 12}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveForm(BootstrapFormMixin, forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at (embargo)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
        help_text=_("Empty: publish as soon as it is approved."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)


class DisclosureForm(BootstrapFormMixin, forms.Form):
    """To whom and why: every partner export asks."""

    recipient = forms.CharField(label=_("To whom"), max_length=200)
    purpose = forms.CharField(
        label=_("Why (the purpose of the disclosure)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class Art122Form(DisclosureForm):
    file_format = forms.ChoiceField(label=_("File"), choices=[("xlsx", "XLSX"), ("csv", "CSV")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].initial = "ICRC Central Tracing Agency"


class PfifForm(DisclosureForm):
    include_home = forms.BooleanField(
        label=_("Include those who have come home"), required=False, initial=True,
        help_text=_("So that the board can close their records."),
    )  # fmt: skip
    expires_in_days = forms.IntegerField(
        label=_("The board deletes the records after (days)"), min_value=1, max_value=3650,
        initial=365,
        help_text=_("PFIF's expiry date: a board removes a record once it passes."),
    )  # fmt: skip
