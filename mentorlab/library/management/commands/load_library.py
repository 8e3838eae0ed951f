from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentorlab.library.services import library_load
from mentorlab.library.starter import StarterError


class Command(BaseCommand):
    help = (
        "Load the starter set of library articles. Safe to run again: it adds what is "
        "missing and updates pages whose files changed, but keeps anything a coordinator "
        "has edited or written, and never deletes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory", type=Path, help="Load from this folder instead of the shipped set."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite coordinators' edits of starter pages with the files.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = library_load(directory=options["directory"], force=options["force"])
        except StarterError as exc:
            raise CommandError(str(exc)) from exc
        for label, items in (
            ("created", report.created),
            ("updated", report.updated),
            ("kept (edited by a coordinator)", report.kept),
        ):
            if items:
                self.stdout.write(f"{label}: {', '.join(items)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.kept)} kept."
            )
        )
