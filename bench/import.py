"""Import benchmark: time to check and to import a clean spreadsheet of applicants (not a
test).

    .venv/bin/python bench/import.py                      # 1,000 and 10,000 rows, CSV
    .venv/bin/python bench/import.py --sizes 1000 --format xlsx

For each size, builds a scratch SQLite database in a temporary directory (never the
developer's database: DATABASE_URL is set here, before Django starts) with one programme
(Track both, capacity up to 3, five topics, one required multiple-choice question) and
writes a clean file of that many rows, half students and half mentors, in the applications
export's columns plus the ones a new applicant needs, with a Role column. Then times:
reading the file (tablib), the preview (`import_plan`, every row checked with the page's
rules), the import (`applicants_import`: new accounts and applications in one transaction,
without e-mail, which goes to the outbox anyway), and importing the same file again (every
row matched by e-mail, nothing created). Prints a Markdown table; "µs/row" is the import's
time per row, which stays flat if the import is linear.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADER = [
    "Name",
    "E-mail",
    "Role",
    "Degree level or mentors",
    "Field",
    "Employer",
    "Industry",
    "Capacity",
    "Languages",
    "City",
    "Topics",
    "School",
    "Year of study",
    "What you want from mentoring",
    "Degree",
    "Graduation year",
    "Current role",
    "What you can offer",
    "Which formats suit you?",
]
TOPICS = ["Career options", "Leadership", "Startups", "Research careers", "Working abroad"]


def make_file(rows: int, fmt: str) -> bytes:
    lines: list[list[object]] = []
    for i in range(rows):
        student = i % 2 == 0
        topics = ", ".join(TOPICS[(i + k) % len(TOPICS)] for k in range(2))
        common = [f"Person {i:05}", f"person{i}@example.org"]
        if student:
            lines.append(
                [
                    *common,
                    "Student",
                    "Master's" if i % 4 else "Doctoral",
                    "Computer Science",
                    "",
                    "Software and technology, Design, media and culture",
                    "",
                    "Finnish, English",
                    "Espoo",
                    topics,
                    "SCI",
                    1 + i % 5,
                    "To understand my career options.",
                    "",
                    "",
                    "",
                    "",
                    "One-to-one",
                ]
            )
        else:
            lines.append(
                [
                    *common,
                    "Mentor",
                    "Either",
                    "Physics",
                    "Fortum",
                    "Energy and cleantech",
                    1 + i % 3,
                    "English",
                    "Helsinki",
                    topics,
                    "",
                    "",
                    "",
                    "M.Sc. (Tech.)",
                    1990 + i % 30,
                    "Director",
                    "Twenty years in energy.",
                    "One-to-one; Small group",
                ]
            )
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(HEADER)
        for line in lines:
            sheet.append(line)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(lines)
    return text.getvalue().encode()


def run(size: int, fmt: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorlab.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.test.utils import setup_test_environment

        setup_test_environment(debug=False)
        call_command("migrate", verbosity=0)

        from mentorlab.programmes.imports.fields import suggest_mapping
        from mentorlab.programmes.imports.plan import import_plan
        from mentorlab.programmes.imports.reading import read_table
        from mentorlab.programmes.imports.services import applicants_import
        from mentorlab.programmes.models import CustomQuestion, QuestionKind
        from tests.factories import ProgrammeFactory

        programme = ProgrammeFactory(slug="bench-import", topics=TOPICS)
        CustomQuestion.objects.create(
            programme=programme,
            kind=QuestionKind.MULTIPLE,
            label="Which formats suit you?",
            choices="One-to-one\nSmall group\nOnline",
            required=True,
        )
        content = make_file(size, fmt)

        started = time.perf_counter()
        table = read_table(content)
        read_s = time.perf_counter() - started
        columns = suggest_mapping(table.headers, programme.questions.all())

        started = time.perf_counter()
        plan = import_plan(programme=programme, table=table, columns=columns)
        preview_s = time.perf_counter() - started
        assert plan.is_clean, plan.report()[:5]

        def timed_import() -> float:
            started = time.perf_counter()
            done = applicants_import(
                programme=programme,
                by=None,
                table=table,
                columns=columns,
                role="",
                send_mail=False,
            )
            assert done.is_clean
            return time.perf_counter() - started

        import_s = timed_import()
        again_s = timed_import()
        from mentorlab.programmes.models import ActorApplication, MentorApplication

        count = (
            ActorApplication.objects.filter(programme=programme).count()
            + MentorApplication.objects.filter(programme=programme).count()
        )
        assert count == size, count
        return (
            f"| {size} | {fmt} | {len(content) / 1e6:.2f} | {read_s:.2f} | {preview_s:.2f} "
            f"| {import_s:.2f} | {import_s / size * 1e6:.0f} | {again_s:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(run(args.one, args.format), flush=True)
        return
    print(
        "| rows | format | MB | read s | preview s | import s | µs/row | import again s |\n"
        "|---|---|---|---|---|---|---|---|",
        flush=True,
    )
    import subprocess

    # Each size in its own process: a fresh Django and database, nothing cached between.
    for size in args.sizes:
        subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--format", args.format], check=True
        )


if __name__ == "__main__":
    main()
