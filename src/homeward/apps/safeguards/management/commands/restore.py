from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.safeguards.backups import BackupError, restore
from homeward.core.sealed_stream import SealedStreamError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `homeward backup` into the configured database, which must "
        "be empty (a new database), then verify the audit trail it brought."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        try:
            restore(source)
        except (BackupError, SealedStreamError, OSError) as exc:
            raise CommandError(f"{source}: {exc}. Nothing was restored.") from exc
        result = verify_audit_trail()
        if result.broken is not None:
            raise CommandError(
                f"{source} restored, but its audit trail is broken at entry "
                f"{result.broken.seq}: {result.broken.reason}."
            )
        self.stdout.write(
            f"Restored {source}. Audit trail intact: {result.entries} entries verified. "
            f"Head {result.head_seq}:{result.head_hash}"
        )
