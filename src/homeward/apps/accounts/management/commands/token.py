from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.apps.accounts.models import TokenScope
from homeward.apps.accounts.tokens import issue_token
from homeward.apps.audit.context import audit_context


class Command(BaseCommand):
    help = (
        "Issue a new API token to USERNAME (a service account, or a user who signs in with "
        "a second factor) and print it once: it is kept only as a digest. Clients send it "
        "as 'Authorization: Token <token>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for (required).")
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.READ,
            help="read (the default) or write.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"How long it lasts (default {settings.HOMEWARD_TOKEN_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user named {options['username']!r}.") from exc
        try:
            with audit_context("command"):
                token, secret = issue_token(
                    actor=None,
                    user=user,
                    name=options["name"],
                    scope=options["scope"],
                    days=options["days"],
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(
            f"Token {token.label} for {user.username}, {token.scope}, until "
            f"{token.expiry:%Y-%m-%d %H:%M %Z}. It is shown once: copy it now."
        )
        self.stdout.write(secret)
