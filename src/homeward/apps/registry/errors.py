from __future__ import annotations

from django.utils.translation import gettext as _

from homeward.core.errors import HomewardError


class ConcurrentEditError(HomewardError):
    """Somebody saved the person after this form was opened; nothing was changed."""

    def __init__(self, case_number: str, expected: int, actual: int) -> None:
        super().__init__(
            _(
                "%(case)s was changed by someone else while you were editing it (your copy "
                "is version %(expected)d, the registry has version %(actual)d). Nothing was "
                "saved: reopen the person, check their changes and edit again."
            )
            % {"case": case_number, "expected": expected, "actual": actual}
        )
        self.expected, self.actual = expected, actual
