from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.apps.accounts.services import issue_token
from homeward.apps.audit.context import audit_context


class Command(BaseCommand):
    help = (
        "Print the API token of USERNAME (created on first use); "
        "send it as 'Authorization: Token <token>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user named {options['username']!r}.") from exc
        with audit_context("command"):
            token = issue_token(actor=None, user=user)
        self.stdout.write(token.key)
