from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.bootstrap import BootstrapFormMixin
from homeward.apps.exchanges.models import Agreement, Stage
from homeward.apps.registry.forms import PartialDateField
from homeward.apps.returns.choices import ReleaseChoice, StepKindChoice, StepStateChoice
from homeward.apps.returns.models import CaseStep
from homeward.apps.returns.selectors import Filters
from homeward.core.returns import MOVES, StepState


class FilterForm(BootstrapFormMixin, forms.Form):
    agreement = forms.ModelChoiceField(Agreement.objects.all(), required=False,
                                       label=_("Agreement"))  # fmt: skip
    stage = forms.ModelChoiceField(
        Stage.objects.select_related("agreement"), required=False, label=_("Stage")
    )
    step = forms.ChoiceField(choices=[("", "—"), *StepKindChoice.choices], required=False,
                             label=_("Standing at"))  # fmt: skip
    overdue = forms.BooleanField(
        required=False,
        label=_("With a late step"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    closed = forms.BooleanField(
        required=False,
        label=_("Closed cases"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            agreement=data["agreement"].pk if data["agreement"] else None,
            stage=data["stage"].pk if data["stage"] else None,
            step=data["step"] or "", overdue=data["overdue"], closed=data["closed"],
        )  # fmt: skip


class StepForm(BootstrapFormMixin, forms.Form):
    """Move a step and say what was done; a medical step's text is its finding."""

    state = forms.ChoiceField(label=_("State"), required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, step: CaseStep, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"step-{step.pk}")
        text = step.finding if step.medical else step.note
        kwargs.setdefault("initial", {"version": step.version, "state": "", "text": text})
        super().__init__(*args, **kwargs)
        labels = dict(StepStateChoice.choices)
        moves = [s for s in StepState if s in MOVES[StepState(step.state)]
                 and (step.optional or s is not StepState.NOT_NEEDED)]  # fmt: skip
        self.fields["state"].choices = [  # type: ignore[attr-defined]
            ("", _("keep as it is")),
            *((s.value, labels[s.value]) for s in moves),
        ]
        self.fields["text"].label = _("Medical finding") if step.medical else _("Note")


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class AssignForm(BootstrapFormMixin, forms.Form):
    assignee = UserChoiceField(
        User.objects.none(), required=False, label=_("Assigned to"),
        empty_label=_("the whole role"),
    )  # fmt: skip

    def __init__(self, *args: Any, step: CaseStep, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"assign-{step.pk}")
        kwargs.setdefault("initial", {"assignee": step.assignee_id})
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(is_active=True, groups__name=step.owner_role
                                             ).order_by("username")  # fmt: skip


class OpenCaseForm(BootstrapFormMixin, forms.Form):
    release = forms.ChoiceField(
        label=_("How the person came home"),
        choices=[c for c in ReleaseChoice.choices if c[0] != ReleaseChoice.EXCHANGE],
    )
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class SightingForm(BootstrapFormMixin, forms.Form):
    """Another prisoner the returnee saw, as told."""

    told_name = forms.CharField(label=_("Name as told"), max_length=300)
    told_details = forms.CharField(
        label=_("What else was told"), max_length=300, required=False,
        help_text=_("Rank, unit, year of birth, home town: the year of birth helps the match."),
    )  # fmt: skip
    place = forms.CharField(label=_("Where"), max_length=200)
    seen = PartialDateField(label=_("When"), required=True,
                            help_text=_("A day, a month (05.2024) or a year."))  # fmt: skip
