"""An encrypted stream for backups (ADR 41): the input cut into chunks, each compressed,
then a Fernet token (AES with an HMAC) that also carries its number and whether it is the
last, so a file cut short, reordered or spliced from two backups is refused, not restored
in part.

    MAGIC, then for each chunk: length (4 bytes, big-endian), token
    token = Fernet(number (8 bytes) + last (1 byte) + zlib(data))
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

from cryptography.fernet import InvalidToken, MultiFernet

MAGIC = b"HOMEWARD-BACKUP-2\n"
CHUNK = 4 * 2**20
_HEADER = struct.Struct(">QB")
_LENGTH = struct.Struct(">I")


class SealedStreamError(ValueError):
    """The file is not a Homeward backup, was damaged, or needs a key not given."""


def seal(source: BinaryIO, target: BinaryIO, fernet: MultiFernet, chunk: int = CHUNK) -> int:
    """Encrypt `source` into `target`; returns the bytes read."""
    target.write(MAGIC)
    total, number = 0, 0
    data = source.read(chunk)
    while True:
        following = source.read(chunk) if data else b""
        last = not following
        token = fernet.encrypt(_HEADER.pack(number, last) + zlib.compress(data, 6))
        target.write(_LENGTH.pack(len(token)) + token)
        total += len(data)
        if last:
            return total
        data, number = following, number + 1


def unseal(source: BinaryIO, target: BinaryIO, fernet: MultiFernet) -> int:
    """Decrypt what `seal` wrote into `target`; returns the bytes written. Raises
    SealedStreamError before writing anything a chunk could not vouch for."""
    if source.read(len(MAGIC)) != MAGIC:
        raise SealedStreamError("it is not a Homeward backup (its first line is not ours)")
    total, number = 0, 0
    while True:
        length = source.read(_LENGTH.size)
        if len(length) < _LENGTH.size:
            raise SealedStreamError("it ends before its last part: the file was cut short")
        token = source.read(_LENGTH.unpack(length)[0])
        try:
            plain = fernet.decrypt(token)
        except InvalidToken as exc:
            raise SealedStreamError(
                f"part {number + 1} cannot be decrypted: the file was altered, or it was "
                "made under a key not in the data key file"
            ) from exc
        found, last = _HEADER.unpack(plain[: _HEADER.size])
        if found != number:
            raise SealedStreamError(f"part {number + 1} is out of place: parts were reordered")
        data = zlib.decompress(plain[_HEADER.size :])
        target.write(data)
        total += len(data)
        if last:
            if source.read(1):
                raise SealedStreamError("there is more after its last part: files were joined")
            return total
        number += 1
