"""Key files kept outside the database: the audit chain's keys (ADR 38) and the keys that
encrypt secrets at rest (ADR 40). One key a line, `ID:HEX` (an id of up to 16 letters and
digits, 32 random bytes in hexadecimal). The last line is the key in use; the lines before
it verify or decrypt what older keys made. Rotating appends a line.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

KEY_BYTES = 32
_LINE = re.compile(r"^([0-9a-z]{1,16}):([0-9a-f]{64})$")


class KeyFileError(ValueError):
    """The key file is missing or not in its format; the message says which and what to do."""


def parse(text: str, source: str = "the key file") -> list[tuple[str, bytes]]:
    keys: list[tuple[str, bytes]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise KeyFileError(
                f"{source}, line {number}: write a key as ID:HEX (an id of up to 16 "
                "lower-case letters and digits, then 64 hexadecimal digits)."
            )
        keys.append((match[1], bytes.fromhex(match[2])))
    if not keys:
        raise KeyFileError(f"{source} holds no key. Add one with its rotate command.")
    if len({key_id for key_id, _ in keys}) != len(keys):
        raise KeyFileError(f"{source}: two keys have the same id.")
    return keys


def new_line() -> str:
    return f"{secrets.token_hex(4)}:{secrets.token_hex(KEY_BYTES)}"


def read(
    path: Path, *, create: bool = False, command: str = "rotate-audit-key"
) -> list[tuple[str, bytes]]:
    """The keys in `path`; with `create`, a file with one new key is made (0600) if
    there is none (development and the demo; production provisions its own). `command`
    is the one that makes the file, for the message."""
    if not path.exists():
        if not create:
            raise KeyFileError(
                f"{path} does not exist. Make it with `homeward {command} --file {path}` "
                "and keep a copy where the database's backups are not."
            )
        append_new(path)
    return parse(path.read_text(), str(path))


def to_rotate(
    given: Path | None, configured: str, variable: str
) -> tuple[Path, list[tuple[str, bytes]]]:
    """The key file a rotate command appends to (`given`, else the one the setting
    `variable` names) and the keys already in it (none if it does not exist yet)."""
    path = given or (Path(configured) if configured else None)
    if path is None:
        raise KeyFileError(f"Give --file, or set {variable}.")
    return path, (parse(path.read_text(), str(path)) if path.exists() else [])


def append_new(path: Path) -> str:
    """Add a new key as the last line of `path` (made 0600 if missing); returns its id.
    Running processes keep signing with the key they started with until restarted."""
    line = new_line()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a") as file:
        file.write(line + "\n")
    path.chmod(0o600)
    return line.split(":", 1)[0]
