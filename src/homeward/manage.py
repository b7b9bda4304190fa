"""The `homeward` console script: Django's manage.py with the project's own commands."""

from __future__ import annotations

import os
import sys

LINKAGE_COMMANDS = ("link", "dedupe")


def main(argv: list[str] | None = None) -> None:
    argv = list(argv if argv is not None else sys.argv)
    if len(argv) > 1 and argv[1] in LINKAGE_COMMANDS:
        # The identity-resolution commands work on files alone: no settings, no database.
        from homeward.linkage_cli import main as linkage_main

        sys.exit(linkage_main(argv[1:], exit_process=True))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeward.project.settings.dev")
    from django.core.management import execute_from_command_line

    # Our commands are spelled with hyphens (`homeward verify-audit`); Django's modules
    # cannot be, so translate the command name.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
