"""One exception hierarchy for the domain library.

Messages are written for a registrar: they say what is wrong and what to do.
"""


class HomewardError(Exception):
    """Base of every error raised on purpose by Homeward."""


class InvalidDateError(HomewardError, ValueError):
    """A date could not be read; the message quotes the text and the accepted forms.

    `code` says why ("not_a_date", "not_real", "too_early") so that a user interface can
    word the message in its own language.
    """

    def __init__(self, message: str, *, text: str, code: str) -> None:
        super().__init__(message)
        self.text, self.code = text, code


class StatusRuleError(HomewardError):
    """A status change breaks a rule of the status ladder."""
