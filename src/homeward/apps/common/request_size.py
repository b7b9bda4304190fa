"""Requests larger than the upload limit are refused before their body is read (issue
21, point 1): a sender's 60 MB must not arrive whole only to be refused afterwards. The
proxy in front refuses them earlier still (docs/operations.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# A form's other fields beside its file (the source's name, the mapping, the note).
FORM_OVERHEAD = 2**20


def upload_limit() -> int:
    """The largest file a user may send, in bytes."""
    return int(settings.HOMEWARD_MAX_UPLOAD_MB) * 2**20


class RequestSizeMiddleware:
    """413 for a request whose declared length passes the upload limit and the form's
    other fields, before anything reads the body (Django reads no more than the declared
    length, so a request without one brings nothing)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of a body whose length it cannot read
        if length > upload_limit() + FORM_OVERHEAD:
            message = _(
                "What you sent is larger than %(mb)d MB, the most Homeward accepts at once. "
                "Split the list into parts and send each."
            ) % {"mb": settings.HOMEWARD_MAX_UPLOAD_MB}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return render(request, "413.html", {"message": message}, status=413)
        return self.get_response(request)
