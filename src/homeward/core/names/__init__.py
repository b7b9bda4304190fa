"""Names: normalisation, script detection, transliteration and search keys."""

from homeward.core.names.normalize import (
    Script,
    detect_script,
    fix_lookalikes,
    normalize_apostrophes,
    normalize_text,
)
from homeward.core.names.search import name_search_key, search_text, search_tokens
from homeward.core.names.transliteration import kmu2010, to_latin

__all__ = [
    "Script",
    "detect_script",
    "fix_lookalikes",
    "kmu2010",
    "name_search_key",
    "normalize_apostrophes",
    "normalize_text",
    "search_text",
    "search_tokens",
    "to_latin",
]
