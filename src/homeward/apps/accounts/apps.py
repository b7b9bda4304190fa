from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "homeward.apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib.auth.models import User
        from django.contrib.auth.signals import user_logged_in
        from knox.signals import token_expired

        from homeward.apps.accounts import privileges, tokens
        from homeward.apps.accounts.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="homeward_sync_roles")
        token_expired.connect(tokens.token_expired, dispatch_uid="homeward_token_expired")
        pre_save.connect(tokens.user_changing, sender=User, dispatch_uid="homeward_user_tokens")
        user_logged_in.connect(privileges.superuser_signed_in, dispatch_uid="homeward_superuser")
