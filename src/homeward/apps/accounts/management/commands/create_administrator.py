from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.apps.accounts.services import ensure_user
from homeward.apps.audit.context import audit_context

PASSWORD_VARIABLE = "HOMEWARD_ADMIN_PASSWORD"  # noqa: S105 (its name, not its value)


class Command(BaseCommand):
    help = (
        "Create an administrator (the first account of a new installation): a user with the "
        "administrator role, who sets up two-factor sign-in at the first sign-in. The "
        f"password is asked for, or read from {PASSWORD_VARIABLE}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--full-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} exists already.")
        password = os.environ.get(PASSWORD_VARIABLE) or self._ask()
        try:
            validate_password(password, User(username=username))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with audit_context("command"):
            ensure_user(
                actor=None,
                username=username,
                password=password,
                roles=["administrator"],
                full_name=options["full_name"],
            )
        self.stdout.write(
            f"Administrator {username} created; two-factor sign-in is set up at the first sign-in."
        )

    def _ask(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
