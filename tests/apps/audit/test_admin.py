"""Writes made in the Django admin are audited like every other write."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

from homeward.apps.audit.admin import AuditedAdmin
from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry.models import Direction

pytestmark = pytest.mark.django_db


def test_every_admin_page_is_audited() -> None:
    plain = [
        m._meta.label for m, a in admin.site._registry.items() if not isinstance(a, AuditedAdmin)
    ]
    assert not plain


def test_vocabulary_edit_in_the_admin_is_audited(client_for: Callable[[str], Client]) -> None:
    term = Direction.objects.get(code="kherson")
    response = client_for("administrator").post(
        f"/admin/registry/direction/{term.pk}/change/",
        {
            "code": "kherson",
            "name_uk": "Херсонський напрямок",
            "name_en": "Kherson axis",
            "sort_order": 1,
            "active": "on",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="direction.update")
    assert (entry.origin, entry.actor_username) == ("admin", "administrator")
    assert entry.before == {"name_en": "Kherson direction"}
    assert entry.after == {"name_en": "Kherson axis"}


def test_vocabulary_terms_cannot_be_deleted(client_for: Callable[[str], Client]) -> None:
    term = Direction.objects.get(code="kherson")
    client = client_for("administrator")
    assert (
        client.post(f"/admin/registry/direction/{term.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Direction.objects.filter(pk=term.pk).exists()


def test_admin_sign_in_goes_through_two_factor(administrator: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import PASSWORD

    TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "administrator", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/persons/").status_code == 302  # not signed in


def test_administrators_cannot_grant_permissions_or_superuser(
    administrator: User, make_user: Callable[..., User]
) -> None:
    from django.contrib.auth.models import Group, Permission

    client = Client()
    client.force_login(administrator)
    medical = Permission.objects.get(codename="view_medical")
    page = client.get(f"/admin/auth/user/{administrator.pk}/change/")
    form = page.context["adminform"].form
    assert "user_permissions" not in form.fields and "is_superuser" not in form.fields
    target = make_user("registrar")
    data = {
        "username": target.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
        "groups": [Group.objects.get(name="family_liaison").pk],
        "user_permissions": [medical.pk],
        "is_superuser": "on",
    }
    response = client.post(f"/admin/auth/user/{target.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert not target.is_superuser and not target.user_permissions.exists()
    entry = AuditEntry.objects.get(action="user.access")
    assert entry.before == {"groups": ["registrar"]}
    assert entry.after == {"groups": ["family_liaison"]}


def test_password_change_in_the_admin_is_audited(
    administrator: User, make_user: Callable[..., User]
) -> None:
    target = make_user("registrar")
    client = Client()
    client.force_login(administrator)
    new = "an-entirely-new-passphrase-7"
    response = client.post(
        f"/admin/auth/user/{target.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    # Another user's password is a request for a second administrator (ADR 34).
    entry = AuditEntry.objects.get(action="access_request.ask")
    assert entry.object_id == str(target.pk) and new not in str(entry.after)
    # One's own is set at once, and audited without the password.
    client.post(
        f"/admin/auth/user/{administrator.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    entry = AuditEntry.objects.get(action="user.password_set")
    assert entry.object_id == str(administrator.pk) and new not in str(entry.after)
