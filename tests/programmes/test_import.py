"""Importing applicants from a spreadsheet: the report names every problem by row and
column and changes nothing; a clean file imports all-or-nothing and updates on a second run."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from mentorlab.accounts.models import User
from mentorlab.programmes.imports.fields import suggest_mapping
from mentorlab.programmes.imports.reading import read_table
from mentorlab.programmes.imports.services import applicants_import
from mentorlab.programmes.models import ActorApplication, MentorApplication

pytestmark = pytest.mark.django_db

MENTOR_HEADER = [
    "Name",
    "E-mail",
    "Degree",
    "Field",
    "Graduation year",
    "Current role",
    "Industry",
    "Capacity",
    "Languages",
    "Topics",
    "What you can offer",
]


def mentor_row(name: str, email: str, **changes: str) -> list[str]:
    row = {
        "Name": name,
        "E-mail": email,
        "Degree": "M.Sc.",
        "Field": "Physics",
        "Graduation year": "2005",
        "Current role": "Director",
        "Industry": "Energy and cleantech",
        "Capacity": "2",
        "Languages": "Finnish, English",
        "Topics": "Leadership; Startups",
        "What you can offer": "Twenty years in energy.",
    }
    row.update(changes)
    return [row[h] for h in MENTOR_HEADER]


def as_csv(header: list[str], rows: list[list[str]], delimiter: str = ",") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def run(programme, content: bytes, role: str = "mentor", send_mail: bool = True):
    table = read_table(content)
    columns = suggest_mapping(table.headers, programme.questions.all())
    return applicants_import(
        programme=programme, by=None, table=table, columns=columns, role=role, send_mail=send_mail
    )


BAD_ROWS = [
    mentor_row("Ada", "ada@example.org"),
    mentor_row("Bo", "not-an-address"),
    mentor_row("Ada again", "ADA@example.org"),
    mentor_row("Cy", "cy@example.org", Topics="Knitting", Languages="Klingon"),
    mentor_row("Di", "di@example.org", Capacity="9"),
    mentor_row("Aino", "actor@example.org"),
]


def test_a_bad_file_changes_nothing_and_names_every_problem_by_row_and_column(programme, actor):
    before = User.objects.count()
    plan = run(programme, as_csv(MENTOR_HEADER, BAD_ROWS))
    assert not plan.is_clean
    found = {(p.row, p.column) for p in plan.problems}
    assert found == {
        (3, "E-mail"),
        (4, "E-mail"),
        (5, "Topics"),
        (5, "Languages"),
        (6, "Capacity"),
        (7, "E-mail"),
    }
    messages = [str(p) for p in plan.problems]
    assert "Row 4, column “E-mail”: The same e-mail address is already on row 2." in messages
    assert any("Knitting" in m and "Row 5" in m for m in messages)
    assert any("Klingon" in m for m in messages)
    assert any("Choose between 1 and 3 students." in m for m in messages)
    assert any("already applied to this programme as a student" in m for m in messages)
    assert User.objects.count() == before
    assert not MentorApplication.objects.filter(user__email="ada@example.org").exists()


def test_the_fixed_file_imports_and_importing_again_updates(
    programme, django_capture_on_commit_callbacks
):
    rows = [mentor_row("Ada Lovelace", "Ada@Example.org"), mentor_row("Cy", "cy@example.org")]
    with django_capture_on_commit_callbacks(execute=True):
        plan = run(programme, as_csv(MENTOR_HEADER, rows))
    assert plan.is_clean, plan.report()
    assert plan.count("create") == 2
    ada = MentorApplication.objects.get(programme=programme, user__email="ada@example.org")
    assert ada.user.full_name == "Ada Lovelace"
    assert ada.capacity == 2
    assert ada.languages == ["fi", "en"]
    assert sorted(t.name for t in ada.topics.all()) == ["Leadership", "Startups"]
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "cy@example.org"]

    mail.outbox.clear()
    rows[0] = mentor_row("Ada Lovelace", "ada@example.org", Capacity="3")
    with django_capture_on_commit_callbacks(execute=True):
        again = run(programme, as_csv(MENTOR_HEADER, rows))
    assert (again.count("update"), again.count("unchanged"), again.count("create")) == (1, 1, 0)
    assert MentorApplication.objects.filter(programme=programme).count() == 2
    assert User.objects.filter(email="ada@example.org").count() == 1
    ada.refresh_from_db()
    assert ada.capacity == 3
    assert mail.outbox == []


def test_the_coordinator_may_import_without_mails(programme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan = run(
            programme,
            as_csv(MENTOR_HEADER, [mentor_row("Ada", "ada@example.org")]),
            send_mail=False,
        )
    assert plan.is_clean
    assert mail.outbox == []


def test_a_new_applicant_needs_the_columns_the_page_requires(programme):
    header = ["Name", "E-mail", "Languages"]
    plan = run(programme, as_csv(header, [["Ada", "ada@example.org", "en"]]))
    columns = {p.column for p in plan.problems}
    assert {"Degree", "Field of your degree", "Graduation year", "Current role"} <= columns
    assert all(
        p.message == "The file has no column for this, and it is needed." for p in plan.problems
    )


def test_a_file_without_e_mail_or_role_is_refused_at_the_header(programme):
    plan = run(programme, as_csv(["Name"], [["Ada"]]), role="")
    assert [str(p) for p in plan.problems] == [
        "Row 1, column “E-mail address”: The file has no column for this, and it is needed.",
        "Row 1, column “Role”: Say whether the file holds students or mentors, or map its "
        "Role column.",
    ]


def test_semicolons_and_a_windows_encoding_are_read(programme):
    content = as_csv(MENTOR_HEADER, [mentor_row("Åsa Öberg", "asa@example.org")], ";")
    plan = run(programme, content.decode().encode("cp1252"))
    assert plan.is_clean, plan.report()
    assert User.objects.get(email="asa@example.org").full_name == "Åsa Öberg"


def test_finnish_headers_and_labels_are_understood(programme):
    header = [
        "Nimi",
        "Sähköposti",
        "Rooli",
        "Tutkintotaso tai mentoroitavat",
        "Ala",
        "Kielet",
        "Aiheet",
    ]
    table = read_table(as_csv(header, [["Ada", "ada@example.org", "Opiskelija", "", "", "", ""]]))
    columns = suggest_mapping(table.headers, [])
    assert columns == {
        "Nimi": "full_name",
        "Sähköposti": "email",
        "Rooli": "role",
        "Tutkintotaso tai mentoroitavat": "level",
        "Ala": "field",
        "Kielet": "languages",
        "Aiheet": "topics",
    }


def test_dry_run_command_reports_every_row_and_exits_1_on_problems(programme, capsys, tmp_path):
    path = tmp_path / "mentors.csv"
    path.write_bytes(as_csv(MENTOR_HEADER, BAD_ROWS))
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_applicants", programme.slug, str(path), "--role", "mentor", "--dry-run"
        )
    assert raised.value.returncode == 1
    out = capsys.readouterr().out
    assert "Row 2: create ada@example.org (mentor)" in out
    assert "Row 3, column “E-mail”: Enter a valid email address." in out
    assert (
        not MentorApplication.objects.filter(programme=programme)
        .exclude(user__email__in=[])
        .filter(user__email="ada@example.org")
        .exists()
    )


def test_command_imports_a_clean_file_and_exits_0(programme, capsys, tmp_path):
    path = tmp_path / "mentors.csv"
    path.write_bytes(as_csv(MENTOR_HEADER, [mentor_row("Ada", "ada@example.org")]))
    call_command("import_applicants", programme.slug, str(path), "--role", "mentor", "--dry-run")
    assert not MentorApplication.objects.filter(user__email="ada@example.org").exists()
    call_command("import_applicants", programme.slug, str(path), "--role", "mentor", "--no-mail")
    assert MentorApplication.objects.filter(user__email="ada@example.org").exists()
    assert "Imported." in capsys.readouterr().out


def test_command_needs_a_role_when_the_file_has_no_role_column(programme, tmp_path):
    path = tmp_path / "mentors.csv"
    path.write_bytes(as_csv(MENTOR_HEADER, [mentor_row("Ada", "ada@example.org")]))
    with pytest.raises(CommandError):
        call_command("import_applicants", programme.slug, str(path))
    assert not MentorApplication.objects.exists()


def test_students_import_with_the_page_rules(programme):
    header = [
        "Name",
        "E-mail",
        "Degree level",
        "Field of study",
        "School",
        "Year of study",
        "What you want from mentoring",
        "Languages",
    ]
    rows = [
        ["Ann", "ann@example.org", "Master's", "Chemistry", "CHEM", "2", "To learn.", "en"],
        ["Ben", "ben@example.org", "Bachelor's", "Chemistry", "XYZ", "two", "To learn.", "en"],
    ]
    plan = run(programme, as_csv(header, rows), role="actor")
    assert {(p.row, p.column) for p in plan.problems} == {
        (3, "Degree level"),
        (3, "School"),
        (3, "Year of study"),
    }
    assert not ActorApplication.objects.filter(user__email="ann@example.org").exists()


def test_a_row_with_a_wrong_e_mail_still_has_its_other_cells_checked(programme):
    rows = [mentor_row("Bo", "bo-at-example.org", Capacity="7", Languages="Elvish")]
    plan = run(programme, as_csv(MENTOR_HEADER, rows))
    assert {(p.row, p.column) for p in plan.problems} == {
        (2, "E-mail"),
        (2, "Capacity"),
        (2, "Languages"),
    }
