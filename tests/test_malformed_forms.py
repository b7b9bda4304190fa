"""No page answers a malformed form with a server error (issue 21, point 2).

Every form the pages render is found by reading the pages of the permission matrix as a
role allowed to see them; then every form, and every page the matrix posts to, gets the
same set of malformed values in all of its fields: empty, overlong, a NUL byte, numbers
past any integer column, impossible dates, markup, repeated values, a broken file. The
page may refuse them in any way but a 5xx. (The API's half is schemathesis:
tests/apps/api/test_schemathesis.py.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve

from tests import test_permission_matrix as matrix
from tests.conftest import ROLE_CODES
from tests.test_permission_matrix import ENDPOINTS, Endpoint, Targets

pytestmark = pytest.mark.django_db

# Fields every form may carry that are not the user's input.
NOT_INPUT = {"csrfmiddlewaretoken"}
# Posts that end the session or change its language: sent by their own tests.
LEFT_OUT = ("/accounts/logout/", "/i18n/setlang/", "/admin/")
# The role each form is sent as when several may use it: the administrator first, so
# that the form gets past its permission check, then the others in the roles' order.
ROLE_ORDER = ["administrator", *(code for code in ROLE_CODES if code != "administrator")]

MALFORMED: dict[str, Callable[[str], Any]] = {
    "empty": lambda _type: "",
    "overlong": lambda _type: "Ш" * 20_000,
    "nul byte": lambda _type: "abc\x00def",
    "past any integer": lambda _type: "9" * 40,
    "negative": lambda _type: "-1",
    "impossible date": lambda _type: "2024-02-30",
    "not a number": lambda _type: "NaN",
    "markup": lambda _type: "<script>alert(1)</script>' OR '1'='1",
    "repeated": lambda _type: ["1", "two", "2024-13-01"],
}
BROKEN_FILE = b"PK\x03\x04 not a zip at all \xff\xfe"


targets = matrix.targets  # the matrix's fixture: the objects its URLs name


class FormReader(HTMLParser):
    """The forms of a page: their method, action and fields (name → input type)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, str]]] = []
        self._fields: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._fields = {}
            self.forms.append((a.get("method", "get").upper(), a.get("action", ""), self._fields))
        elif tag in ("input", "select", "textarea", "button") and self._fields is not None:
            name = a.get("name") or a.get("form", "")
            if name and name not in NOT_INPUT:
                self._fields.setdefault(name, a.get("type", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None


def _read(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return str(content.decode("utf-8", errors="replace"))


def _role_for(endpoint: Endpoint) -> str:
    return next(role for role in ROLE_ORDER if role in endpoint.allowed)


def _route(path: str) -> str | None:
    try:
        return str(resolve(urlsplit(path).path).route)
    except Resolver404:
        return None


def _payload(fields: dict[str, str], malformed: Callable[[str], Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, kind in fields.items():
        if kind == "file":
            data[name] = SimpleUploadedFile("list.xlsx", BROKEN_FILE)
        else:
            data[name] = malformed(kind)
    return data


class Forms:
    """Clients signed in per role, and the forms found on the pages."""

    def __init__(self, make_user: Callable[..., User], targets: Targets) -> None:
        self.targets = targets
        self.clients: dict[str, Client] = {}
        self.make_user = make_user
        # (method, path) → fields, and the role that saw the form
        self.found: dict[tuple[str, str], tuple[dict[str, str], str]] = {}

    def client(self, role: str) -> Client:
        if role not in self.clients:
            client = Client(raise_request_exception=False)
            if role != "anonymous":
                client.force_login(self.make_user(role))
            self.clients[role] = client
        return self.clients[role]

    def url(self, endpoint: Endpoint) -> str:
        for target in endpoint.needs:
            self.targets[target]
        return endpoint.url.format_map(self.targets)

    def crawl(self) -> None:
        pages = [e for e in ENDPOINTS if e.method == "GET" and not e.api]
        for endpoint in pages:
            if endpoint.url.startswith(LEFT_OUT):
                continue
            role = "anonymous" if endpoint.public else _role_for(endpoint)
            url = self.url(endpoint)
            response = self.client(role).get(url)
            if "html" not in response.get("Content-Type", ""):
                continue
            reader = FormReader()
            reader.feed(_read(response))
            for method, action, fields in reader.forms:
                path = urlsplit(urljoin(url, action or url)).path
                if fields and not path.startswith(LEFT_OUT) and _route(path):
                    self.found.setdefault((method, path), (fields, role))

    def to_send(self) -> Iterator[tuple[str, str, dict[str, str], str]]:
        """Every form found, and every page the matrix posts to (with every field name
        any form has, for a form only a script or another page's button sends)."""
        every_field = {
            name: kind for fields, _role in self.found.values() for name, kind in fields.items()
        }
        seen = set()
        for (method, path), (fields, role) in self.found.items():
            seen.add((method, path))
            yield method, path, fields, role
        for endpoint in ENDPOINTS:
            if endpoint.method != "POST" or endpoint.api or endpoint.url.startswith(LEFT_OUT):
                continue
            path = self.url(endpoint)
            if ("POST", path) not in seen:
                seen.add(("POST", path))
                role = "anonymous" if endpoint.public else _role_for(endpoint)
                yield "POST", path, every_field, role


def test_the_crawl_finds_the_forms(make_user: Callable[..., User], targets: Targets) -> None:
    """The test below is only as good as the forms it finds: the main ones are there."""
    forms = Forms(make_user, targets)
    forms.crawl()
    routes = {(method, _route(path)) for method, path in forms.found}
    for expected in [
        ("GET", "persons/"),
        ("POST", "persons/new/"),
        ("POST", "persons/<int:pk>/edit/"),
        ("POST", "imports/new/"),
        ("POST", "accounts/login/"),
        ("POST", "exchanges/"),
    ]:
        assert expected in routes, f"no form found for {expected}: {sorted(routes)}"


def test_no_form_gets_a_server_error(make_user: Callable[..., User], targets: Targets) -> None:
    forms = Forms(make_user, targets)
    forms.crawl()
    errors: dict[str, list[str]] = defaultdict(list)
    sent = 0
    for method, path, fields, role in list(forms.to_send()):
        for label, malformed in MALFORMED.items():
            client = forms.client(role)
            data = _payload(fields, malformed)
            if method == "GET":
                response = client.get(path, {k: v for k, v in data.items() if k})
            else:
                response = client.post(path, data)
            sent += 1
            if response.status_code >= 500:
                errors[f"{method} {path} as {role}"].append(f"{label}: {response.status_code}")
    assert sent > 300, f"only {sent} requests: the crawl found too little"
    assert not errors, "server errors: " + "; ".join(
        f"{k} ({', '.join(v)})" for k, v in errors.items()
    )


@pytest.mark.parametrize("url", ["/persons/?q=%00", "/persons/?page=" + "9" * 40])
def test_query_strings_of_lists(url: str, make_user: Callable[..., User]) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(make_user("registrar"))
    assert client.get(url).status_code < 500


def test_the_form_reader_reads_fields() -> None:
    reader = FormReader()
    reader.feed(
        '<form method="post" action="/x/"><input name="csrfmiddlewaretoken">'
        '<input type="file" name="file"><select name="kind"></select>'
        "<textarea name=note></textarea></form><input name=outside>"
    )
    assert reader.forms == [("POST", "/x/", {"file": "file", "kind": "select", "note": "textarea"})]
