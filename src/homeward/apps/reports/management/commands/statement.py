from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.apps.reports.statements import NoSuchStage, find_stage, statement_for
from homeward.core.statements.language import Lang


class Command(BaseCommand):
    help = (
        "Print the official statement on a stage of an exchange, written from the data "
        "(the latest agreement that has the stage, unless --agreement is given)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stage", type=int, required=True, help="The stage's number.")
        parser.add_argument("--agreement", type=int, help="The agreement's id.")
        parser.add_argument("--lang", choices=[lang.value for lang in Lang], default="uk",
                            help="The statement's language (default uk).")  # fmt: skip
        parser.add_argument(
            "--min-count", type=int,
            help="Withhold counts below this, as published statements do (default: the "
                 "HOMEWARD_PUBLIC_MIN_COUNT setting; 0 prints every count for the staff).",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            stage = find_stage(options["stage"], options["agreement"])
        except NoSuchStage as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(statement_for(stage, Lang(options["lang"]), options["min_count"]).text)
