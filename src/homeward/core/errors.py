"""One exception hierarchy for the domain library.

Messages are written for a registrar: they say what is wrong and what to do.
"""


class HomewardError(Exception):
    """Base of every error raised on purpose by Homeward."""


class InvalidDateError(HomewardError, ValueError):
    """A date could not be read; the message quotes the text and the accepted forms."""


class StatusRuleError(HomewardError):
    """A status change breaks a rule of the status ladder."""
