"""Admin bulk deletions run outside the admin's per-view transaction: checked with real
commits (a transactional test), as in production."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_bulk_delete_of_authenticators_is_audited_atomically() -> None:
    root = User.objects.create_superuser("root", password="x-very-long-password-1")
    user = User.objects.create_user("someone", password="x-very-long-password-2")
    devices = [TOTPDevice.objects.create(user=user, name=f"d{i}") for i in range(2)]
    client = Client()
    client.force_login(root)
    response = client.post(
        "/admin/otp_totp/totpdevice/",
        {"action": "delete_selected", "_selected_action": [d.pk for d in devices], "post": "yes"},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="totpdevice.delete").count() == 2
