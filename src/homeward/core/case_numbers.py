"""Human case numbers: `HW-2025-000123`, the year the case was opened and a yearly sequence."""

from __future__ import annotations

import re

PREFIX = "HW"
_PATTERN = re.compile(rf"^{PREFIX}-(\d{{4}})-(\d{{6,}})$")


def format_case_number(year: int, sequence: int) -> str:
    if sequence < 1:
        raise ValueError("case sequence numbers start at 1")
    return f"{PREFIX}-{year:04d}-{sequence:06d}"


def parse_case_number(text: str) -> tuple[int, int] | None:
    """(year, sequence) of a well-formed case number, else None."""
    m = _PATTERN.match(text.strip().upper())
    if m is None or int(m.group(2)) < 1:
        return None
    return int(m.group(1)), int(m.group(2))
