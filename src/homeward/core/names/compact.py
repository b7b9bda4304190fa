"""A read-only mapping of strings to lists of strings that loads in milliseconds.

The surname dictionary holds 118,000 entries and its reverse index as many again: as
Python dicts they took a quarter of a second to load on every run (JSON parsing and
object creation), while a run looks up a few thousand of them. Here the whole mapping is
one string and a few integer arrays, loaded as they are; a lookup finds the key's hash
by bisection and cuts its values out of the string.
"""

from __future__ import annotations

import hashlib
import os
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

_ENTRY = "\n"
_KEY = "\t"
_VALUE = "\x1f"
_FORMAT = 1


def stable_hash(key: str) -> int:
    """A 64-bit hash that is the same in every process (str hashes are salted per process)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


class CompactMapping:
    """str → list[str], in the order the entries were given; keys and values must not
    contain a newline, a tab or the unit separator (names never do)."""

    def __init__(
        self, text: str, starts: Sequence[int], hashes: Sequence[int], order: Sequence[int]
    ) -> None:
        self._text = text
        # Python lists: bisect and indexing on them cost a fraction of numpy's per-call
        # overhead, and a run makes thousands of single lookups.
        self._starts = list(starts)
        self._hashes = list(hashes)
        self._order = list(order)
        self.fingerprint = hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    @classmethod
    def build(cls, mapping: Mapping[str, Sequence[str]]) -> CompactMapping:
        parts: list[str] = []
        starts = [0]
        for key, values in mapping.items():
            entry = key + _KEY + _VALUE.join(values) + _ENTRY
            if any(c in key for c in (_ENTRY, _KEY, _VALUE)) or any(
                c in v for v in values for c in (_ENTRY, _KEY, _VALUE)
            ):
                raise ValueError(f"a separator character in the entry {key!r}")
            parts.append(entry)
            starts.append(starts[-1] + len(entry))
        hashes = [stable_hash(key) for key in mapping]
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        return cls("".join(parts), starts, [hashes[i] for i in order], order)

    # --- storage --------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write to `path` (an .npz) via a temporary file, so a reader never sees half."""
        temporary = path.with_name(f"{path.stem}.{os.getpid()}.tmp{path.suffix}")
        with temporary.open("wb") as handle:
            np.savez(
                handle,
                format=np.array([_FORMAT], dtype=np.int64),
                text=np.frombuffer(self._text.encode(), dtype=np.uint8),
                starts=np.array(self._starts, dtype=np.int64),
                hashes=np.array(self._hashes, dtype=np.uint64),
                order=np.array(self._order, dtype=np.int64),
            )
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> CompactMapping:
        """Raises OSError or ValueError when the file is missing, damaged or of another
        format (the caller rebuilds it)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if data["format"].tolist() != [_FORMAT]:
                    raise ValueError(f"{path}: not format {_FORMAT}")
                text = data["text"].tobytes().decode()
                starts, hashes, order = data["starts"], data["hashes"], data["order"]
                if not (len(starts) == len(hashes) + 1 == len(order) + 1):
                    raise ValueError(f"{path}: inconsistent arrays")
                return cls(text, starts.tolist(), hashes.tolist(), order.tolist())
        except KeyError as exc:
            raise ValueError(f"{path}: missing {exc}") from exc

    # --- reading --------------------------------------------------------------------

    def _entry(self, position: int) -> tuple[str, str]:
        entry = self._text[self._starts[position] : self._starts[position + 1] - 1]
        key, _, values = entry.partition(_KEY)
        return key, values

    def _position(self, key: str) -> int | None:
        target = stable_hash(key)
        at = bisect_left(self._hashes, target)
        while at < len(self._hashes) and self._hashes[at] == target:
            position = self._order[at]
            if self._entry(position)[0] == key:
                return position
            at += 1
        return None

    def get(self, key: str, default: list[str] | None = None) -> list[str]:
        position = self._position(key)
        if position is None:
            return [] if default is None else default
        values = self._entry(position)[1]
        return values.split(_VALUE) if values else []

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._position(key) is not None

    def __len__(self) -> int:
        return len(self._hashes)

    def key_at(self, position: int) -> str:
        """The key of the entry at this position in the original order."""
        return self._entry(position)[0]

    def __iter__(self) -> Iterator[str]:
        return (self.key_at(i) for i in range(len(self)))

    def items(self) -> Iterator[tuple[str, list[str]]]:
        for i in range(len(self)):
            key, values = self._entry(i)
            yield key, values.split(_VALUE) if values else []
