from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from homeward.apps.audit.access import ReadLimitReached, limit_message
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


class ReadLimitMiddleware:
    """A page refused because its reader reached their hourly limit answers 429 with what
    to do instead (the API answers in JSON from its own exception handler)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ReadLimitReached):
            return None
        response = render(request, "429.html", {"message": limit_message(exception)}, status=429)
        response["Retry-After"] = str(exception.retry_after)
        return response
