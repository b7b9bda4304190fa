"""Where to send the user after a form: the page they came from, when it is ours."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def next_page(request: HttpRequest, fallback: str) -> str:
    """The `next` the form or the address carries, if it is a page of this site; else
    `fallback`. A path, never a view name: `redirect()` would try to reverse a bare word
    such as "NaN" and fail with a server error."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback
