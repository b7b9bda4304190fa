"""An id past what the database can hold is a page that does not exist (issue 21, point
2): SQLite's integers end at 2**63 - 1, and a query with a larger one raises
OverflowError, which would be a 500. PostgreSQL compares it and finds nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse


class OutOfRangeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, OverflowError):
            raise Http404 from exception
        return None
