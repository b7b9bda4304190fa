from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from homeward.apps.audit import services as audit
from homeward.apps.common.encrypted import reencrypt_all
from homeward.core import key_files


class Command(BaseCommand):
    help = (
        "Add a new data key as the last line of the data key file (made 0600 if missing) "
        "and encrypt every stored secret again under it (ADR 40). Restart Homeward's "
        "processes afterwards; keep the older keys while backups made under them are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, help="The key file (default: HOMEWARD_DATA_KEY_FILE)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path, known = key_files.to_rotate(
                options["file"], settings.HOMEWARD_DATA_KEY_FILE, "HOMEWARD_DATA_KEY_FILE"
            )
        except key_files.KeyFileError as exc:
            raise CommandError(str(exc)) from exc
        missing = {key_id for key_id, _ in settings.HOMEWARD_DATA_KEYS} - {k for k, _ in known}
        if missing:
            raise CommandError(
                f"{path} lacks keys in use ({', '.join(sorted(missing))}): it is not this "
                "installation's data key file."
            )
        key_id = key_files.append_new(path)
        settings.HOMEWARD_DATA_KEYS = key_files.read(path)  # this process encrypts with it
        counts = reencrypt_all()
        with transaction.atomic():
            audit.record(
                actor=None,
                action="data.key_rotated",
                object_type="data_key",
                object_id=key_id,
                after={"key_id": key_id, "values": counts},
            )
        self.stdout.write(
            f"New data key {key_id} added to {path}; {sum(counts.values())} stored secrets "
            "encrypted again under it. Restart Homeward's processes."
        )
