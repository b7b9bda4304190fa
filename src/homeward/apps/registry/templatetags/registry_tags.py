from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from homeward.apps.audit.labels import ACTION_LABELS, ORIGIN_LABELS
from homeward.apps.registry.choices import SideChoice, StatusChoice

register = template.Library()


@register.filter
def side_label(value: str) -> str:
    return str(dict(SideChoice.choices).get(value, value))


@register.filter
def side_short(value: str) -> str:
    return {"own": _("Own"), "held": _("Held")}.get(value, value)


@register.filter
def status_label(value: str) -> str:
    if not value:
        return _("No status reported")
    return str(dict(StatusChoice.choices).get(value, value))


@register.filter
def action_label(value: str) -> str:
    if value in ACTION_LABELS:
        return str(ACTION_LABELS[value])
    # Admin pages record "<model>.create|update|delete".
    model, _dot, verb = value.rpartition(".")
    wording = {
        "create": _("%(model)s created in administration"),
        "update": _("%(model)s changed in administration"),
        "delete": _("%(model)s deleted in administration"),
    }.get(verb)
    return wording % {"model": model} if wording else value


@register.filter
def origin_label(value: str) -> str:
    return str(ORIGIN_LABELS.get(value, value))


@register.filter
def actor_label(username: str) -> str:
    return username or _("system")


@register.filter
def pretty_json(value: Any) -> str:
    if value in (None, "", {}):
        return ""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str)


@register.filter
def percent(value: float | None) -> str:
    """A probability as people read it: 87%, 0.4%, under 0.1%."""
    if value is None:
        return ""
    share = float(value) * 100
    if share >= 99.5 and value < 1:
        return ">99%"  # rounding to 100% would read as certainty
    if share >= 1:
        return f"{share:.0f}%"
    if share >= 0.1:
        return number_format(share, 1) + "%"
    return "<0.1%"
