"""The ``oneteam`` console command.

The pure engines (``schedule``, ``similar``) run without Django or a database;
every other sub-command is handed to Django's management commands, so
``oneteam migrate``, ``oneteam demo`` and ``oneteam run`` all work.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"

    if command == "schedule":
        from oneteam.scheduler.cli import main as schedule_main

        return schedule_main(argv[1:])
    if command == "similar":
        from oneteam.similarity.cli import main as similar_main

        return similar_main(argv[1:])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneteam.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["oneteam", *argv])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
