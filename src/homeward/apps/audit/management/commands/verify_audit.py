from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.apps.audit.verification import verify_audit_trail


def _anchor(text: str) -> tuple[int, str]:
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise CommandError(f"An anchor is SEQ:HASH as printed by verify-audit, not {text!r}.")
    return int(seq), digest


class Command(BaseCommand):
    help = (
        "Walk the audit trail's hash chain; exit non-zero naming the first altered or "
        "removed entry. Prints the head (SEQ:HASH) to keep outside the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="A head printed by an earlier run; fails if the chain no longer contains it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_audit_trail([_anchor(a) for a in options["anchor"]])
        if result.broken is not None:
            raise CommandError(
                f"Audit trail broken at entry {result.broken.seq}: {result.broken.reason}."
            )
        self.stdout.write(
            f"Audit trail intact: {result.entries} entries verified. "
            f"Head {result.head_seq}:{result.head_hash}"
        )
