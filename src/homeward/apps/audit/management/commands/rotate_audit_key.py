from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from homeward.apps.audit import services as audit
from homeward.core import key_files


class Command(BaseCommand):
    help = (
        "Add a new audit key as the last line of the key file (made 0600 if missing): new "
        "entries are signed with it once Homeward's processes are restarted; the older "
        "keys stay in the file to verify older entries (ADR 38)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            help="The key file (default: HOMEWARD_AUDIT_KEY_FILE).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path, _known = key_files.to_rotate(
                options["file"], settings.HOMEWARD_AUDIT_KEY_FILE, "HOMEWARD_AUDIT_KEY_FILE"
            )
        except key_files.KeyFileError as exc:
            raise CommandError(str(exc)) from exc
        key_id = key_files.append_new(path)
        with transaction.atomic():
            audit.record(
                actor=None,
                action="audit.key_added",
                object_type="audit",
                object_id=key_id,
                after={"key_id": key_id, "file": str(path)},
            )
        self.stdout.write(
            f"New audit key {key_id} added to {path}. Restart Homeward's processes to sign "
            "with it, and copy the file to where the database's backups are not kept."
        )
