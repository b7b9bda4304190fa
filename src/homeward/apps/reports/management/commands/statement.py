from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.apps.reports.statements import (
    NoSuchStage,
    find_stage,
    period_statement_for,
    statement_for,
)
from homeward.core.statements.language import Lang


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Print the official statement on a stage of an exchange (the latest agreement that "
        "has the stage, unless --agreement is given) or on a period (--from, --to), written "
        "from the data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--stage", type=int, help="The stage's number.")
        which.add_argument("--from", dest="start", type=_day,
                           help="A period's first day (YYYY-MM-DD), not a stage.")  # fmt: skip
        parser.add_argument("--to", dest="end", type=_day,
                            help="The period's last day (default: the first).")  # fmt: skip
        parser.add_argument("--agreement", type=int, help="The agreement's id.")
        parser.add_argument("--lang", choices=[lang.value for lang in Lang], default="uk",
                            help="The statement's language (default uk).")  # fmt: skip
        parser.add_argument(
            "--min-count", type=int,
            help="Withhold counts below this, as published statements do (default: the "
                 "HOMEWARD_PUBLIC_MIN_COUNT setting; 0 prints every count for the staff).",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        lang = Lang(options["lang"])
        if options["start"] is not None:
            start, end = options["start"], options["end"] or options["start"]
            if end < start:
                raise CommandError(f"The period ends ({end}) before it starts ({start}).")
            self.stdout.write(period_statement_for(start, end, lang, options["min_count"]).text)
            return
        if options["end"] is not None:
            raise CommandError("--to goes with --from: a stage is one day.")
        try:
            stage = find_stage(options["stage"], options["agreement"])
        except NoSuchStage as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(statement_for(stage, lang, options["min_count"]).text)
