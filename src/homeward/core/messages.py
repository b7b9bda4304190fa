"""Messages the domain library gives people: an English template and its values.

The library formats a message in English (`str(message)`, for the command line and the
logs). The web layer looks the same template up in its translation catalogue and formats
the translation with the same values, so a registrar reads the problem in the UI's language.
`gettext_noop` marks the templates for `makemessages`; it returns its argument, so the
library stays free of Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Value = str | int


def gettext_noop(template: str) -> str:
    """Marks `template` for the translation catalogue (the name is what makemessages
    looks for)."""
    return template


@dataclass(frozen=True, slots=True)
class Message:
    """`template` uses %(name)s placeholders; `values` fills them. Values are plain
    strings and numbers, so a message can be stored as JSON and translated when shown."""

    template: str
    values: Mapping[str, Value] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % dict(self.values) if self.values else self.template

    def as_json(self) -> dict[str, object]:
        return {"template": self.template, "values": dict(self.values)}
