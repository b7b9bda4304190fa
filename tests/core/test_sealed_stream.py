"""The backups' encrypted stream (ADR 41): what goes in comes out, and a file cut short,
reordered, joined to another or opened with the wrong key is refused."""

from __future__ import annotations

import io
import os

import pytest
from cryptography.fernet import Fernet, MultiFernet

from homeward.core.sealed_stream import MAGIC, SealedStreamError, seal, unseal

KEY = MultiFernet([Fernet(Fernet.generate_key())])


def _sealed(data: bytes, chunk: int = 1000) -> bytes:
    out = io.BytesIO()
    seal(io.BytesIO(data), out, KEY, chunk=chunk)
    return out.getvalue()


def _unsealed(blob: bytes, key: MultiFernet = KEY) -> bytes:
    out = io.BytesIO()
    unseal(io.BytesIO(blob), out, key)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 5000])
def test_what_goes_in_comes_out(size: int) -> None:
    data = os.urandom(size)
    blob = _sealed(data)
    assert blob.startswith(MAGIC) and (size < 16 or data not in blob)
    assert _unsealed(blob) == data


def _parts(blob: bytes) -> list[bytes]:
    parts, at = [], len(MAGIC)
    while at < len(blob):
        length = int.from_bytes(blob[at : at + 4], "big")
        parts.append(blob[at : at + 4 + length])
        at += 4 + length
    return parts


def test_a_damaged_file_is_refused() -> None:
    blob = _sealed(os.urandom(3500))
    parts = _parts(blob)
    assert len(parts) == 4
    with pytest.raises(SealedStreamError, match="cut short"):
        _unsealed(MAGIC + b"".join(parts[:3]))
    with pytest.raises(SealedStreamError, match="reordered"):
        _unsealed(MAGIC + parts[1] + parts[0] + b"".join(parts[2:]))
    with pytest.raises(SealedStreamError, match="joined"):
        _unsealed(blob + parts[0])
    with pytest.raises(SealedStreamError, match="altered"):
        _unsealed(blob[:-5] + b"xxxxx")
    with pytest.raises(SealedStreamError, match="not a Homeward backup"):
        _unsealed(b"PGDMP" + blob)
    other = MultiFernet([Fernet(Fernet.generate_key())])
    with pytest.raises(SealedStreamError, match="key not in the data key file"):
        _unsealed(blob, other)
