from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentorlab.programmes.retention import retention_apply, retention_candidates


class Command(BaseCommand):
    help = (
        "Anonymise participants of programmes whose retention period has passed "
        "(safe to run from cron, on several machines, as often as you like)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be anonymised; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            candidates = retention_candidates()
            for c in candidates:
                names = ", ".join(p.name for p in c.programmes)
                self.stdout.write(f"{c.user.pk}\t{c.user.email}\t{c.user.full_name}\t{names}")
            self.stdout.write(f"{len(candidates)} would be anonymised (dry run: nothing changed)")
            return
        result = retention_apply()
        if result.skipped_busy:
            self.stdout.write("Another apply_retention run is in progress; nothing done.")
            return
        self.stdout.write(f"{len(result.anonymised)} anonymised")
