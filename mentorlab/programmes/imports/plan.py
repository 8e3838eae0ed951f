"""Checking a spreadsheet row by row before anything is written.

`import_plan` reads every row into the same plain data the application page produces and
runs the page's own checks on it (`application_fill`), so a row is refused for exactly the
reasons the page would refuse it, plus what only a file can get wrong: a missing column, a
duplicate row, a value that is not one of the choices, a person already in the other role.
The plan holds, per row, what will happen (create, update, unchanged) or its problems."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User

from ..choices import Role
from ..models import (
    ActorApplication,
    CustomQuestion,
    MentorApplication,
    Programme,
    QuestionKind,
    Topic,
)
from ..services import ActorApplicationData, MentorApplicationData, application_fill
from . import fields as f
from .reading import Table

Application = ActorApplication | MentorApplication
ApplicationDataT = ActorApplicationData | MentorApplicationData

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be imported. Row 1 is the header row; `column` is the
    file's header, or the field's name when the file has no column for it."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)d, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class RowPlan:
    row: int
    email: str = ""
    name: str = ""
    role: str = ""
    action: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Set on a clean row: the filled (unsaved) application, its topics and its person.
    application: Application | None = None
    topics: list[Topic] = field(default_factory=list)
    user: User | None = None

    @property
    def action_label(self) -> str:
        if self.problems or not self.action:
            return _("Problem")
        return {CREATE: _("Create"), UPDATE: _("Update"), UNCHANGED: _("Unchanged")}[self.action]

    @property
    def display_name(self) -> str:
        """The name the file gives, or the account's for a known person without one."""
        return self.name or (self.user.full_name if self.user else "")

    @property
    def role_label(self) -> str:
        return str(_("Student")) if self.role == Role.ACTOR else str(_("Mentor"))


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    file_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [*self.file_problems, *(p for r in self.rows for p in r.problems)]

    @property
    def is_clean(self) -> bool:
        return not self.file_problems and all(not r.problems for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.problems)

    def report(self) -> list[str]:
        """The per-row report, one line each, for the command line."""
        lines = [str(p) for p in self.file_problems]
        for row in self.rows:
            if row.problems:
                lines.extend(str(p) for p in row.problems)
            else:
                lines.append(
                    _("Row %(row)d: %(action)s %(email)s (%(role)s)")
                    % {
                        "row": row.row,
                        "action": row.action_label.lower(),
                        "email": row.email,
                        "role": row.role_label.lower(),
                    }
                )
        lines.append(self.summary())
        return lines

    def summary(self) -> str:
        return _(
            "%(create)d to create, %(update)d to update, %(unchanged)d unchanged, "
            "%(problems)d problem(s)."
        ) % {
            "create": self.count(CREATE),
            "update": self.count(UPDATE),
            "unchanged": self.count(UNCHANGED),
            "problems": len(self.problems),
        }


def _missing_column() -> str:
    return _("The file has no column for this, and it is needed.")


# The very words the form fields use (Django translates them), as the service does.
def _required() -> str:
    return str(forms.Field.default_error_messages["required"])


def _not_a_whole_number() -> str:
    return str(forms.IntegerField.default_error_messages["invalid"])


def import_plan(
    *,
    programme: Programme,
    table: Table,
    columns: Mapping[str, str],
    role: str = "",
) -> ImportPlan:
    """Check every row of `table` read with `columns` ({header: field key}) for `programme`.
    `role` is the role of every row when the file has no Role column. Writes nothing."""
    questions = list(programme.questions.all())
    by_question = {f.question_key(q): q for q in questions}
    mapped = {h: k for h, k in columns.items() if k and (k in f.FIELDS or k in by_question)}
    plan = ImportPlan(rows=[])
    seen_headers: set[str] = set()
    for header in table.headers:
        if header in seen_headers and header in mapped:
            plan.file_problems.append(
                Problem(1, header, _("Two columns have this name; rename one."))
            )
        seen_headers.add(header)
    # column index per key; the mapping form refuses a key mapped twice.
    index: dict[str, int] = {}
    for position, header in enumerate(table.headers):
        key = mapped.get(header)
        if key and key not in index:
            index[key] = position
    header_of = {key: table.headers[i] for key, i in index.items()}
    if "email" not in index:
        plan.file_problems.append(Problem(1, f.field_label("email"), _missing_column()))
    if "role" not in index and role not in (Role.ACTOR, Role.MENTOR):
        plan.file_problems.append(
            Problem(
                1,
                f.field_label("role"),
                _("Say whether the file holds students or mentors, or map its Role column."),
            )
        )
    if plan.file_problems:
        return plan

    context = _Context.load(programme, table, index["email"], questions)
    seen_emails: dict[str, int] = {}
    for number, cells in table.numbered():
        if not any(cells):
            continue
        row = RowPlan(row=number)
        plan.rows.append(row)

        def cell(key: str, cells: list[str] = cells) -> str:
            return cells[index[key]] if key in index else ""

        def problem(key: str, message: str, row: RowPlan = row) -> None:
            column = header_of.get(key) or (
                by_question[key].label if key in by_question else f.field_label(key, row.role)
            )
            row.problems.append(Problem(row.row, column, message))

        row.email = cell("email").strip().lower()
        row.name = cell("full_name").strip()
        if not row.email:
            problem("email", _required())
        else:
            try:
                validate_email(row.email)
            except ValidationError as exc:
                problem("email", " ".join(exc.messages))
            if row.email in seen_emails:
                problem(
                    "email",
                    _("The same e-mail address is already on row %(row)d.")
                    % {"row": seen_emails[row.email]},
                )
            else:
                seen_emails[row.email] = number
        row.role = role
        if "role" in index:
            row.role = f.role_code(cell("role")) or ""
            if not row.role:
                problem("role", _("Write Student or Mentor."))
        if not row.role:
            continue  # every other check depends on the role
        # The row's other cells are checked even when its e-mail is wrong, so that the
        # report names every problem of the row at once.
        user = context.users.get(row.email) if not row.problems else None
        row.user = user
        other = Role.MENTOR if row.role == Role.ACTOR else Role.ACTOR
        if row.email in context.applications[other]:
            problem(
                "email",
                _("This person has already applied to this programme as a mentor.")
                if other == Role.MENTOR
                else _("This person has already applied to this programme as a student."),
            )
        if row.email in context.coordinators:
            problem("email", _("Coordinators of a programme cannot apply to it."))
        existing = context.applications[row.role].get(row.email)
        if existing is None and not row.name and user is None:
            problem("full_name", _missing_column() if "full_name" not in index else _required())
        _plan_application(row, existing, cell, problem, index, programme, context)
    return plan


@dataclass
class _Context:
    """What every row needs, read once for the whole file."""

    users: dict[str, User]
    applications: dict[str, dict[str, Application]]
    coordinators: set[str]
    topics: dict[str, Topic]
    questions: list[CustomQuestion]
    by_question: dict[str, CustomQuestion]

    @classmethod
    def load(
        cls, programme: Programme, table: Table, email_at: int, questions: list[CustomQuestion]
    ) -> _Context:
        emails = {row[email_at].strip().lower() for row in table.rows if row[email_at].strip()}
        users: dict[str, User] = {}
        wanted = sorted(emails)
        # In chunks: SQLite limits the parameters of one query.
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for user in User.objects.annotate(email_key=Lower("email")).filter(email_key__in=chunk):
                users[user.email.lower()] = user
        applications: dict[str, dict[str, Application]] = {}
        for role, model in ((Role.ACTOR, ActorApplication), (Role.MENTOR, MentorApplication)):
            found: Iterable[Application] = (
                model.objects.filter(programme=programme)
                .select_related("user")
                .prefetch_related("topics")
            )
            applications[role] = {
                a.user.email.lower(): a for a in found if a.user.email.lower() in emails
            }
        return cls(
            users=users,
            applications=applications,
            coordinators={u.email.lower() for u in programme.coordinators.all()},
            topics={f.normalise(t.name): t for t in programme.topics.all()},
            questions=questions,
            by_question={f.question_key(q): q for q in questions},
        )


def _data_from(application: Application | None, role: str) -> dict[str, object]:
    """The application's current values as the data the page would send; an empty start
    for a new one (a missing required value then fails like an empty field on the page)."""
    data_class = ActorApplicationData if role == Role.ACTOR else MentorApplicationData
    values: dict[str, object] = {}
    for item in dataclasses.fields(data_class):
        if application is None:
            continue
        if item.name == "topics":
            values["topics"] = list(application.topics.all())
        elif item.name == "answers":
            values["answers"] = {
                int(k): v for k, v in (application.answers or {}).items() if k.isdigit()
            }
        else:
            values[item.name] = getattr(application, item.name)
    if application is None:
        blank: dict[str, object] = {
            "languages": [],
            "degree_level": "",
            "field_of_study": "",
            "school": "",
            "study_year": 0,
            "goals": "",
            "degree": "",
            "degree_field": "",
            "graduation_year": 0,
            "current_role": "",
            "industry": "",
            "offer": "",
        }
        names = {item.name for item in dataclasses.fields(data_class)}
        values = {k: v for k, v in blank.items() if k in names}
    return values


# The application fields the page requires, per role: a new applicant needs a column for each.
@cache
def _required_keys(role: str) -> frozenset[str]:
    model = ActorApplication if role == Role.ACTOR else MentorApplication
    keys = {"languages"}
    for key, item in f.FIELDS.items():
        name = item.attribute(role)
        if not name or name in ("languages", "topics", "industries", "remote_ok", "levels"):
            continue
        model_field = model._meta.get_field(name)
        assert isinstance(model_field, models.Field)
        if not model_field.blank and not model_field.has_default():
            keys.add(key)
    return frozenset(keys)


def _plan_application(
    row: RowPlan,
    existing: Application | None,
    cell: Callable[[str], str],
    problem: Callable[[str, str], None],
    index: Mapping[str, int],
    programme: Programme,
    context: _Context,
) -> None:
    role = row.role
    reported: set[str] = set()

    def report(key: str, message: str) -> None:
        reported.add(key)
        problem(key, message)

    values = _data_from(existing, role)
    answers: dict[int, object] = dict(values.pop("answers", {}))  # type: ignore[call-overload]
    if existing is None:
        for key in sorted(_required_keys(role) - set(index)):
            report(key, _missing_column())
    for key in index:
        raw = cell(key).strip()
        if key in context.by_question:
            question = context.by_question[key]
            if not question.asked_of(role):
                continue
            if question.kind == QuestionKind.MULTIPLE:
                answers[question.pk] = f.multiple_choice(raw, question) if raw else []
            elif question.kind == QuestionKind.SINGLE:
                answers[question.pk] = f.single_choice(raw, question) if raw else ""
            else:
                answers[question.pk] = raw
            continue
        if key in f.PERSON_KEYS:
            continue
        item = f.FIELDS[key]
        name = item.attribute(role)
        if not name:
            if raw:
                report(
                    key,
                    _("Only mentors have this; leave it empty for students.")
                    if role == Role.ACTOR
                    else _("Only students have this; leave it empty for mentors."),
                )
            continue
        value = _parse(item, role, name, raw, context, partial(report, key))
        if value is not None:
            values[name] = value
    data_class = ActorApplicationData if role == Role.ACTOR else MentorApplicationData
    data = data_class(**values, answers=answers)  # type: ignore[arg-type]
    model = ActorApplication if role == Role.ACTOR else MentorApplication
    application = existing or model(programme=programme)
    before = _snapshot(application, existing.topics.all() if existing else [])
    try:
        application_fill(
            application=application,
            programme=programme,
            data=data,
            questions=context.questions,
            consent_required=False,
        )
    except ValidationError as exc:
        by_attribute = {item.attribute(role): key for key, item in f.FIELDS.items()}
        for name, messages in exc.message_dict.items():
            key = name if name in context.by_question else by_attribute.get(name, "")
            if key in reported:
                continue  # already said, more precisely, while reading the cell
            for message in messages:
                if not key:
                    row.problems.append(Problem(row.row, "", message))
                else:
                    problem(key, message if key in index else _missing_column())
    if row.problems:
        return
    row.application = application
    row.topics = list(data.topics)
    if existing is None:
        row.action = CREATE
    else:
        row.action = UNCHANGED if _snapshot(application, row.topics) == before else UPDATE


def _snapshot(application: Application, topics: Iterable[Topic]) -> tuple[object, ...]:
    names = [
        item.attname
        for item in application._meta.concrete_fields
        if item.name not in ("id", "submitted_at", "updated_at")
    ]
    return (
        tuple(getattr(application, n) for n in names),
        sorted(t.pk for t in topics),
    )


def _parse(
    item: f.Field,
    role: str,
    name: str,
    raw: str,
    context: _Context,
    say: Callable[[str], None],
) -> object:
    """The cell as the value the data takes, or None (after saying why) when it is not one."""
    if item.kind == "text":
        return raw
    if item.kind == "int":
        if not raw:
            say(_required())
            return None
        try:
            return int(float(raw)) if float(raw).is_integer() else int(raw)
        except ValueError:
            say(_not_a_whole_number())
            return None
    if item.kind == "bool":
        answer = f.yes_no(raw) if raw else None
        if answer is None:
            say(_("Write yes or no."))
        return answer
    if item.kind == "topics":
        topics, unknown = f.split_known(raw, context.topics)
        if unknown is not None:
            say(_("“%(value)s” is not one of this programme's topics.") % {"value": unknown})
            return None
        return topics
    choices = item.choices_for(role)
    if item.kind == "choices" and name != "industry":
        codes, unknown = f.choice_codes(raw, choices)
    else:
        code = f.choice_code(raw, choices) if raw else ""
        codes, unknown = ([code] if code else []), (raw if code is None else None)
    if unknown is not None:
        say(
            _("“%(value)s” is not one of the choices: %(choices)s.")
            % {"value": unknown, "choices": ", ".join(str(label) for _c, label in choices)}
        )
        return None
    if item.kind == "choices" and name != "industry":
        return codes
    return codes[0] if codes else ""
