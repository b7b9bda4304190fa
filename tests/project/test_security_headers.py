"""Every kind of page sends a strict Content-Security-Policy and a Permissions-Policy:
the staff pages, the API, the admin, the sign-in page and the public statements."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/accounts/login/", "/statements/", "/", "/persons/", "/api/persons/", "/admin/"]


@pytest.mark.parametrize("url", PAGES)
def test_each_page_sends_the_policies(client_for: Callable[[str], Client], url: str) -> None:
    response = client_for("administrator").get(url)
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    features = response["Permissions-Policy"]
    assert "camera=()" in features and "geolocation=()" in features


def test_no_template_carries_inline_script_or_style() -> None:
    """The policy would refuse them: scripts and styles live in static files."""
    from pathlib import Path

    import homeward

    templates = Path(homeward.__file__).parent / "templates"
    offenders = []
    for path in templates.rglob("*.html"):
        text = path.read_text()
        for bad in (" style=", "<style", " onclick=", " onload=", " onchange=", " onsubmit="):
            if bad in text:
                offenders.append(f"{path.relative_to(templates)}: {bad.strip()}")
        for chunk in text.split("<script")[1:]:
            if "src=" not in chunk.split(">", 1)[0]:
                offenders.append(f"{path.relative_to(templates)}: inline <script>")
    assert offenders == []
