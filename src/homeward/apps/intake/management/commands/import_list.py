from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.apps.audit.context import audit_context
from homeward.apps.intake import services
from homeward.apps.intake.models import ImportBatch
from homeward.apps.registry.choices import CategoryChoice, SideChoice, SourceKindChoice
from homeward.core.linkage.engine import Thresholds
from homeward.core.tabular import parse_map

MAX_LISTED = 30


class Command(BaseCommand):
    help = (
        "Import a list (CSV, XLSX or ODS) into the registry: each row is kept as a source "
        "record and linked to a person, sent to review, or made a new person. All or "
        "nothing. The last line printed is a JSON summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the list to import")
        parser.add_argument("--source-kind", required=True, choices=SourceKindChoice.values)
        parser.add_argument("--source-name", required=True, help="who sent the list")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help="read a column as a field (repeatable); the source's last mapping otherwise",
        )
        parser.add_argument(
            "--side",
            default="own",
            choices=SideChoice.values,
            help="side of the persons the list creates (default own)",
        )
        parser.add_argument("--category", default="military", choices=CategoryChoice.values)
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="import the other rows of a file with problems",
        )
        parser.add_argument("--user", default="", help="the registrar importing (user name)")
        parser.add_argument("--match-threshold", type=float)
        parser.add_argument("--review-threshold", type=float)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file.") from exc
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror}).") from exc
        actor = self._actor(options["user"])
        try:
            mapping = parse_map(options["map"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        thresholds = None
        if options["match_threshold"] is not None or options["review_threshold"] is not None:
            match, review = services.thresholds_for(options["source_kind"])
            try:
                thresholds = Thresholds(
                    match=options["match_threshold"] or match,
                    review=options["review_threshold"] or review,
                )
            except ValueError as exc:
                raise CommandError(f"--match-threshold/--review-threshold: {exc}.") from exc

        def progress(stage: str, fraction: float) -> None:
            if sys.stderr.isatty():
                print(f"\r{stage:<12} {fraction:4.0%}", end="", file=sys.stderr, flush=True)

        with audit_context("command"):
            try:
                batch = services.import_file(
                    actor=actor,
                    file_name=path.name,
                    content=content,
                    source_kind=options["source_kind"],
                    source_name=options["source_name"],
                    mapping=mapping or None,
                    side=options["side"],
                    category=options["category"],
                    skip_bad_rows=options["skip_bad_rows"],
                    thresholds=thresholds,
                    progress=progress,
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        if sys.stderr.isatty():
            print(file=sys.stderr)
        self._report(batch)
        self.stdout.write(json.dumps(batch.summary()))
        if batch.blocked:
            raise CommandError(
                "nothing was imported. Fix these rows, or run again with --skip-bad-rows to "
                "leave them out.",
                returncode=1,
            )

    def _actor(self, username: str) -> User:
        users = User.objects.filter(is_active=True)
        user = users.filter(username=username).first() if username else None
        if username and user is None:
            raise CommandError(f"--user {username}: no such active user.")
        if user is None:
            # Without --user, the one registrar (or administrator) there is; never a guess
            # between several, since every record says who entered it.
            candidates = [u for u in users if u.has_perm("registry.add_sourcerecord")]
            if len(candidates) != 1:
                raise CommandError("say who is importing: --user USERNAME (a registrar).")
            user = candidates[0]
        if not user.has_perm("registry.add_sourcerecord"):
            raise CommandError(f"--user {user.username}: this user may not import lists.")
        return user

    def _report(self, batch: ImportBatch) -> None:
        problems = batch.problems
        for p in problems[:MAX_LISTED]:
            where = f"row {p['row']}" + (f", column “{p['column']}”" if p["column"] else "")
            self.stderr.write(f"{batch.file_name}: {where}: {p['message']}")
        if len(problems) > MAX_LISTED:
            self.stderr.write(f"  … and {len(problems) - MAX_LISTED} more")
        if batch.status == "done":
            self.stderr.write(
                f"{batch.file_name}: {batch.rows} rows: {batch.linked} linked, "
                f"{batch.review} to review, {batch.new_rows} new to the registry "
                f"({batch.new} persons)"
                + (f", {batch.skipped} rows left out" if batch.skipped else "")
                + f" (import {batch.pk})."
            )
