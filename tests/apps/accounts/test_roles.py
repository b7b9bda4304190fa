from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User

from homeward.apps.accounts.services import ensure_user


def test_a_user_made_on_an_emptied_database_still_gets_the_rights_of_the_role(db: None) -> None:
    Group.objects.all().delete()
    Permission.objects.all().delete()
    user, _created = ensure_user(
        actor=None, username="r", password="x-long-pass", roles=["registrar"]
    )
    assert User.objects.get(pk=user.pk).has_perm("intake.decide_reviewtask")
