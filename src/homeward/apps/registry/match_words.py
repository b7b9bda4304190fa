"""The engine's comparisons (core.linkage.explain) in the UI's language: the review page
and the person search say why a person may be the one."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeward.core.linkage.explain import Contribution

FIELD_LABELS = {
    "surname": gettext_lazy("Surname"),
    "given_name": gettext_lazy("Given name"),
    "patronymic": gettext_lazy("Patronymic"),
    "sex": gettext_lazy("Sex"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "place_of_birth": gettext_lazy("Place of birth"),
    "unit": gettext_lazy("Unit"),
    "rank": gettext_lazy("Rank"),
    "service_number": gettext_lazy("Service number"),
}
LEVEL_LABELS = {
    "agree": gettext_lazy("same name"),
    "equivalent": gettext_lazy("another form of the name"),
    "close": gettext_lazy("a letter or two differ"),
    "similar": gettext_lazy("similar"),
    "initial": gettext_lazy("initial agrees"),
    "different": gettext_lazy("different"),
    "exact": gettext_lazy("same"),
    "swapped": gettext_lazy("day and month swapped"),
    "same_month": gettext_lazy("same month and year"),
    "same_year": gettext_lazy("same year"),
    "one_year_apart": gettext_lazy("one year apart"),
    "same_year_other_day": gettext_lazy("same year, another day"),
    "same": gettext_lazy("same"),
    "one_character": gettext_lazy("one character differs"),
}


def explain(contributions: Iterable[Contribution]) -> str:
    """`Surname: same (Shevchenko / Шевченко) +4.3; …`, in the active language."""
    parts = []
    for c in contributions:
        label = FIELD_LABELS.get(c.field, c.field.removeprefix("extra:"))
        level = LEVEL_LABELS.get(c.level, c.level.replace("_", " "))
        values = c.first if c.first == c.second else f"{c.first} / {c.second}"
        parts.append(
            _("%(field)s: %(level)s (%(values)s) %(bits)s")
            % {"field": label, "level": level, "values": values, "bits": f"{c.bits:+.1f}"}
        )
    return "; ".join(parts)
