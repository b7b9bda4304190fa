"""Sessions end after a while without use and after a working day in any case (ASVS V3.3)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SIGNED_IN_AT = "homeward_signed_in_at"
LAST_SEEN = "homeward_last_seen"
# The last-seen time is written at most this often, not on every request: each write is a
# write of the session row.
TOUCH_EVERY = 60  # seconds


class SessionTimeoutMiddleware:
    """Signs out a session idle for `HOMEWARD_SESSION_IDLE_MINUTES` or older than
    `HOMEWARD_SESSION_MAX_HOURS`, whatever the cookie says, and sends the user to sign in
    again with the page they asked for. Requests signed in by an API token have no session
    and are not concerned."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            session = request.session
            started = session.setdefault(SIGNED_IN_AT, now)
            seen = session.get(LAST_SEEN, now)
            idle = now - seen > settings.HOMEWARD_SESSION_IDLE_MINUTES * 60
            too_old = now - started > settings.HOMEWARD_SESSION_MAX_HOURS * 3600
            if idle or too_old:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.HOMEWARD_SESSION_IDLE_MINUTES}
                    if idle
                    else _("You were signed out at the end of your %(hours)d-hour session.")
                    % {"hours": settings.HOMEWARD_SESSION_MAX_HOURS},
                )
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # answered as to anyone signed out
                return redirect_to_login(request.get_full_path())
            if now - seen >= TOUCH_EVERY or LAST_SEEN not in session:
                session[LAST_SEEN] = now
        return self.get_response(request)
