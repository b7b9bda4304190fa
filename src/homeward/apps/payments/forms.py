from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.bootstrap import BootstrapFormMixin


class CheckForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What was checked"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The document that gives the day of capture or return, and the day."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)


class PayeeForm(BootstrapFormMixin, forms.Form):
    payee_name = forms.CharField(label=_("Payee"), max_length=300)
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    tax_number = forms.CharField(label=_("Taxpayer number (RNOKPP)"), max_length=12)


class RejectForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why the batch is rejected"),
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
