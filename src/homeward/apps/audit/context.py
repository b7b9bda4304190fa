"""Where a write comes from: the origin (web, api, command, job), the request or job id.

Service functions read this when they audit, so that a command or a job is as traceable as
a web request without every caller passing it along.
"""

from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AuditContext:
    origin: str
    request_id: str


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "homeward_audit_context", default=None
)

ORIGINS = ("web", "api", "command", "job", "admin", "system")


def current_context() -> AuditContext:
    return _current.get() or AuditContext(origin="system", request_id="")


@contextlib.contextmanager
def audit_context(origin: str, request_id: str | None = None) -> Iterator[AuditContext]:
    if origin not in ORIGINS:
        raise ValueError(f"unknown audit origin {origin!r}")
    ctx = AuditContext(origin=origin, request_id=request_id or uuid.uuid4().hex)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
