from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from homeward.apps.audit.verification import verify_audit_trail


class Command(BaseCommand):
    help = (
        "Walk the audit trail's hash chain; exit non-zero naming the first altered or "
        "removed entry."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count, broken = verify_audit_trail()
        if broken is not None:
            raise CommandError(f"Audit trail broken at entry {broken.seq}: {broken.reason}.")
        self.stdout.write(f"Audit trail intact: {count} entries verified.")
