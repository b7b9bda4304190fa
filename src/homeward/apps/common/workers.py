"""Which process runs a job, so that a job whose worker has died on this machine is known
at once, not only when its heartbeat grows old.

A job records `host:pid` when a worker takes it. On the same host, a process that no
longer exists (or is a zombie waiting to be reaped) is a dead worker. On another host
nothing can be told from here, and the heartbeat's age (STALE_AFTER) decides. A reused
pid can only make a dead worker look alive, never the reverse: a job is never taken from
a live worker.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def is_gone(worker: str) -> bool:
    """Whether `worker` (host:pid, as this_worker gives it) is a process of this host
    that has ended."""
    host, sep, pid_text = worker.rpartition(":")
    if not sep or host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a process of another user: it exists
        return False
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # not Linux, or gone meanwhile
        return False
    # The state follows the command's name, which is in parentheses and may hold spaces.
    return stat.rpartition(")")[2].split()[:1] == ["Z"]
