from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.apps.accounts.roles import ROLES_BY_CODE
from homeward.apps.accounts.services import create_service_account
from homeward.apps.audit.context import audit_context


class Command(BaseCommand):
    help = (
        "Create a service account: a user for a program (a partner's export script) that "
        "never signs in to the pages and holds API tokens without a second factor. Give it "
        "the fewest roles it needs, then issue its token with `homeward token NAME`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--purpose", required=True, help="What the program does.")
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            choices=sorted(ROLES_BY_CODE),
            help="A role to give it (repeat for more).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with audit_context("command"):
                user = create_service_account(
                    actor=None,
                    username=options["username"],
                    purpose=options["purpose"],
                    roles=options["role"],
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Service account {user.username} created with {options['role']}.")
