from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.translation import gettext as _

from homeward.apps.audit.labels import ACTION_LABELS
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
    return str(ACTION_LABELS.get(value, value))


@register.filter
def pretty_json(value: Any) -> str:
    if value in (None, "", {}):
        return ""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str)
