from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from homeward.apps.audit.context import audit_context


def _origin(path: str) -> str:
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/admin/"):
        return "admin"
    return "web"


class AuditContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID) and its origin for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        with audit_context(_origin(request.path), request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
