"""Record linkage: comparisons, scoring and decisions (docs/adr/0011)."""

from homeward.core.linkage.names import NameLevel, compare_names

__all__ = ["NameLevel", "compare_names"]
