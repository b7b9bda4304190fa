from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils.translation import override


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are matched in English; the interface's default language is Ukrainian."""
    with override("en"):
        yield
