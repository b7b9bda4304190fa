from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Refused: superuser status is asked for by one administrator and approved by a "
        "second one (Access requests). Make the first account with "
        "`homeward create-administrator NAME`."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("args", nargs="*")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--username")
        parser.add_argument("--email")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(self.help)
