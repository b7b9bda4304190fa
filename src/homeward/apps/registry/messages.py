"""Messages for the domain library's errors and the registry's lookups, in the user's
language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from homeward.core.dates import ACCEPTED_FORMS, EARLIEST_YEAR
from homeward.core.errors import InvalidDateError


def date_error(exc: InvalidDateError) -> str:
    if exc.code == "too_early":
        return _("“%(text)s” is before %(year)d: check the year.") % {
            "text": exc.text,
            "year": EARLIEST_YEAR,
        }
    if exc.code == "not_real":
        return _("“%(text)s” is not a real date: check the day and the month.") % {"text": exc.text}
    return _("“%(text)s” is not a date. Use one of: %(forms)s.") % {
        "text": exc.text,
        "forms": ACCEPTED_FORMS,
    }


def unknown_cases(numbers: list[str]) -> str:
    return _("No person has these case numbers: %(numbers)s.") % {"numbers": ", ".join(numbers)}
