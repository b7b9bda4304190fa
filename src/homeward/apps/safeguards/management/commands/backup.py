from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from homeward.apps.audit import services as audit
from homeward.apps.safeguards.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write an encrypted copy of the whole database to FILE (0600), while Homeward runs: "
        "SQLite through its online backup API, PostgreSQL through pg_dump. It is encrypted "
        "under the data key (HOMEWARD_DATA_KEY_FILE), which `homeward restore` needs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        with transaction.atomic():  # the backup holds its own record
            audit.record(
                actor=None,
                action="backup.made",
                object_type="backup",
                object_repr=target.name,
                after={"file": str(target)},
            )
        try:
            size = backup(target)
        except (BackupError, OSError) as exc:
            raise CommandError(f"{target}: {exc}") from exc
        self.stdout.write(f"Backup written to {target} ({size:,} bytes, encrypted).")
