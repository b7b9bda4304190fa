"""A form value holding a NUL character is refused before any view reads it (issue 21,
point 2). No field of Homeward can hold one: PostgreSQL's text cannot, and psycopg raises
before the query is sent, which every view that looks something up by a posted value
turned into a server error. Nobody types a NUL; a sender of one is probing."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _


def _holds_nul(values: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in vs) for key, vs in values.lists())


class NulCharacterMiddleware:
    """400, with a message, for a query string or form whose names or values hold NUL.
    (Django already drops what is not printable from an uploaded file's name.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        form = request.POST if request.method == "POST" else QueryDict()
        if _holds_nul(request.GET) or _holds_nul(form):
            message = _(
                "What you sent holds a NUL character, which no field accepts. Remove it "
                "(it often comes from copying out of another program) and send again."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
