from __future__ import annotations

from homeward.core.errors import HomewardError


class ConcurrentEditError(HomewardError):
    """Somebody saved the person after this form was opened; nothing was changed."""

    def __init__(self, case_number: str, expected: int, actual: int) -> None:
        super().__init__(
            f"{case_number} was changed by someone else while you were editing it "
            f"(your copy is version {expected}, the registry has version {actual}). "
            "Nothing was saved: reopen the person, check their changes and edit again."
        )
        self.expected, self.actual = expected, actual
