"""A request larger than the upload limit is refused before its body is read (issue 21,
point 1), with a message that says the limit, in the page's language or as JSON."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from homeward.apps.intake.models import ImportBatch

pytestmark = pytest.mark.django_db


@override_settings(HOMEWARD_MAX_UPLOAD_MB=1)
def test_a_file_past_the_limit_is_refused_and_nothing_is_kept(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for("registrar")
    rows = b"surname,given_name\n" + b"Boiko,Ivan\n" * 300_000  # 3.3 MB
    response = client.post(
        "/imports/new/",
        {"file": SimpleUploadedFile("list.csv", rows), "source_kind": "family"},
    )
    assert response.status_code == 413
    assert "1 МБ" in response.text or "1 MB" in response.text
    assert 'id="too-large"' in response.text
    assert not ImportBatch.objects.exists()


def test_the_declared_length_is_enough_to_refuse(client_for: Callable[[str], Client]) -> None:
    client = client_for("registrar")
    declared = str(60 * 2**20)  # the body itself is never read
    page = client.post("/imports/new/", b"x", "application/octet-stream", CONTENT_LENGTH=declared)
    assert page.status_code == 413
    api = client.post("/api/imports/", b"x", "application/octet-stream", CONTENT_LENGTH=declared)
    assert api.status_code == 413
    assert "50" in api.json()["detail"]


def test_a_request_within_the_limit_passes(client_for: Callable[[str], Client]) -> None:
    response = client_for("registrar").get("/imports/new/")
    assert response.status_code == 200
