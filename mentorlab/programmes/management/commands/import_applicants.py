"""manage.py import_applicants PROGRAMME_SLUG FILE [--role actor|mentor] [--mapping NAME]
[--dry-run] [--no-mail]: the coordinator's spreadsheet import for scripts.

Prints the same per-row report as the preview page. Exits 0 when the file was imported (or,
with --dry-run, when it is clean) and 1 with nothing changed otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from mentorlab.programmes.imports.fields import suggest_mapping
from mentorlab.programmes.imports.plan import import_plan
from mentorlab.programmes.imports.reading import UnreadableFile, read_table
from mentorlab.programmes.imports.services import applicants_import
from mentorlab.programmes.models import ImportMapping, Programme


class Command(BaseCommand):
    help = "Import students or mentors into a programme from a CSV or Excel (.xlsx) file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="the programme's short name (slug)")
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument(
            "--role",
            choices=["actor", "mentor"],
            default="",
            help="whom the file holds; needed only when it has no Role column",
        )
        parser.add_argument("--mapping", help="a mapping saved on the import page, by name")
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument(
            "--no-mail", action="store_true", help="do not e-mail the new applicants"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(_("No programme has the short name %s.") % options["programme"])
        try:
            table = read_table(Path(options["file"]).read_bytes())
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from exc
        role = options["role"]
        if options["mapping"]:
            saved = ImportMapping.objects.filter(
                programme=programme, name=options["mapping"]
            ).first()
            if saved is None:
                raise CommandError(
                    _("This programme has no mapping called %s.") % options["mapping"]
                )
            columns = dict(saved.columns)
            role = role or saved.role
        else:
            columns = suggest_mapping(table.headers, programme.questions.all())
        if options["dry_run"]:
            plan = import_plan(programme=programme, table=table, columns=columns, role=role)
        else:
            plan = applicants_import(
                programme=programme,
                by=None,
                table=table,
                columns=columns,
                role=role,
                send_mail=not options["no_mail"],
            )
        for line in plan.report():
            self.stdout.write(line)
        if not plan.is_clean:
            raise CommandError(_("Nothing was imported: the file has problems."))
        if not options["dry_run"]:
            self.stdout.write(self.style.SUCCESS(_("Imported.")))
