"""What a column can hold, how its cells are read, and the suggested mapping.

A field key names what a column holds. Where Mentorlab's applications export puts a
student's and a mentor's value in one column ("Field", "Industry", "Degree level or
mentors"), one key holds both and each row's role decides which application field it fills.
Choice cells accept the code or the label in English, Finnish or Swedish, because the export
writes labels in the coordinator's language."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.accounts.models import User
from mentorlab.core.translated import CONTENT_LANGUAGES

from ..choices import INDUSTRIES, LANGUAGES, SCHOOLS, DegreeLevel, MentorLevels, Role
from ..models import ActorApplication, CustomQuestion, MentorApplication

SITE_LANGUAGES = ("en", "fi", "sv")
IGNORE = ""  # the key of a column that is not imported
T = TypeVar("T")
LIST_SEPARATORS = re.compile(r"[;,\n]")

Choices = Sequence[tuple[str, object]]


@dataclass(frozen=True)
class Field:
    """One thing a column can hold. `actor` and `mentor` name the application attribute it
    fills for each role ("" when the role has none; the person's own fields have none)."""

    key: str
    actor: str = ""
    mentor: str = ""
    kind: str = "text"  # text | int | bool | choice | choices | topics | role | email
    choices: Choices = ()
    mentor_choices: Choices = ()

    def attribute(self, role: str) -> str:
        return self.actor if role == Role.ACTOR else self.mentor

    def applies_to(self, role: str) -> bool:
        return self.key in PERSON_KEYS or bool(self.attribute(role))

    def choices_for(self, role: str) -> Choices:
        return self.mentor_choices if role == Role.MENTOR and self.mentor_choices else self.choices

    @property
    def label(self) -> str:
        return field_label(self.key)


PERSON_KEYS = ("full_name", "email", "role")

FIELDS: dict[str, Field] = {
    f.key: f
    for f in [
        Field("full_name"),
        Field("email", kind="email"),
        Field("role", kind="role"),
        Field(
            "level",
            actor="degree_level",
            mentor="levels",
            kind="choice",
            choices=DegreeLevel.choices,
            mentor_choices=MentorLevels.choices,
        ),
        Field("field", actor="field_of_study", mentor="degree_field"),
        Field("languages", "languages", "languages", kind="choices", choices=LANGUAGES),
        Field("topics", "topics", "topics", kind="topics"),
        Field("city", "city", "city"),
        Field("remote_ok", "remote_ok", "remote_ok", kind="bool"),
        Field(
            "industry",
            actor="industries",
            mentor="industry",
            kind="choices",
            choices=INDUSTRIES,
        ),
        Field("school", actor="school", kind="choice", choices=SCHOOLS),
        Field("study_year", actor="study_year", kind="int"),
        Field("goals", actor="goals"),
        Field("conflict_employer", actor="conflict_employer"),
        Field("degree", mentor="degree"),
        Field("graduation_year", mentor="graduation_year", kind="int"),
        Field("current_role", mentor="current_role"),
        Field("employer", mentor="employer"),
        Field("capacity", mentor="capacity", kind="int"),
        Field("offer", mentor="offer"),
    ]
}


def _verbose(model: type[models.Model], name: str) -> str:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return str(capfirst(model_field.verbose_name))


def field_label(key: str, role: str = "") -> str:
    """The field's name as the mapping page shows it, in the current language; for one
    role, the name that role's application form uses."""
    if key == "full_name":
        return _verbose(User, "full_name")
    if key == "email":
        return _verbose(User, "email")
    if key == "role":
        return str(_("Role"))
    field = FIELDS[key]
    if role == Role.ACTOR and field.actor:
        return _verbose(ActorApplication, field.actor)
    if role == Role.MENTOR and field.mentor:
        return _verbose(MentorApplication, field.mentor)
    if field.actor and field.mentor and field.actor != field.mentor:
        return "%s / %s" % (  # noqa: UP031 - two translated labels side by side
            _verbose(ActorApplication, field.actor),
            _verbose(MentorApplication, field.mentor),
        )
    if field.actor:
        return _verbose(ActorApplication, field.actor)
    return _verbose(MentorApplication, field.mentor)


def question_key(question: CustomQuestion) -> str:
    return f"q_{question.pk}"


def field_choices(questions: Iterable[CustomQuestion]) -> list[tuple[str, str]]:
    """Every key a column can be mapped to, with its label, for the mapping page."""
    return [
        (IGNORE, str(_("Do not import"))),
        *((key, field_label(key)) for key in FIELDS if key != "role"),
        ("role", field_label("role")),
        *((question_key(q), q.label) for q in questions),
    ]


# --- recognising headers and cells ---------------------------------------------------------

# Header words each field is known by, besides its label: the applications export's headers
# (the same msgids, so they match in every language the export is rendered in) and common
# words from other registers. Columns the export has but an import must not write (the
# status, which goes through the review and its e-mails, and the date sent) map to IGNORE.
HEADER_WORDS: dict[str, list[object]] = {
    "full_name": [gettext_lazy("Name"), "full name", "name"],
    "email": [gettext_lazy("E-mail"), "email", "e-mail address", "email address", "mail"],
    "role": [gettext_lazy("Role")],
    "level": [gettext_lazy("Degree level or mentors"), gettext_lazy("Degree level")],
    "field": [
        gettext_lazy("Field"),
        gettext_lazy("Field of study"),
        "programme of study",
        "major",
    ],
    "languages": [gettext_lazy("Languages")],
    "topics": [gettext_lazy("Topics"), gettext_lazy("Expertise")],
    "city": [gettext_lazy("City")],
    "industry": [gettext_lazy("Industry")],
    "employer": [gettext_lazy("Employer")],
    "capacity": [gettext_lazy("Capacity")],
    IGNORE: [gettext_lazy("Status"), gettext_lazy("Sent")],
}


def normalise(text: str) -> str:
    """Compare header and cell words whatever their case, spacing or apostrophe."""
    text = text.replace("\u2019", "'").casefold()
    return " ".join(text.split())


@cache
def _header_index(language: str) -> dict[str, str]:
    index: dict[str, str] = {}
    with translation.override(language):
        for key in FIELDS:
            index.setdefault(normalise(field_label(key)), key)
            index.setdefault(normalise(key.replace("_", " ")), key)
        for key, words in HEADER_WORDS.items():
            for word in words:
                index.setdefault(normalise(str(word)), key)
    return index


def suggest_mapping(headers: Sequence[str], questions: Iterable[CustomQuestion]) -> dict[str, str]:
    """The key each header most likely holds (by the field names and the export's headers in
    every site language, and the programme's questions by their text); IGNORE for the rest.
    A key is suggested for its first column only."""
    by_question = {normalise(q.label): question_key(q) for q in questions}
    suggestion: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        word = normalise(header)
        key = by_question.get(word, IGNORE)
        if key == IGNORE:
            for language in SITE_LANGUAGES:
                key = _header_index(language).get(word, IGNORE)
                if key != IGNORE:
                    break
        if key in taken:
            key = IGNORE
        if key != IGNORE:
            taken.add(key)
        suggestion[header] = key
    return suggestion


# By the identity of the (module-level) choice list: hashing its lazy labels would translate
# them on every cell.
_choice_indexes: dict[int, dict[str, str]] = {}


def _choice_index(choices: Choices) -> dict[str, str]:
    index = _choice_indexes.get(id(choices))
    if index is None:
        index = _choice_indexes[id(choices)] = _build_choice_index(choices)
    return index


def _build_choice_index(choices: Choices) -> dict[str, str]:
    index = {normalise(code): code for code, _label in choices}
    for language in SITE_LANGUAGES:
        with translation.override(language):
            for code, label in choices:
                index.setdefault(normalise(str(label)), code)
    return index


def choice_code(value: str, choices: Choices) -> str | None:
    """The code for a cell holding a choice's code or its label in any site language."""
    return _choice_index(choices).get(normalise(value))


def choice_codes(value: str, choices: Choices) -> tuple[list[str], str | None]:
    """The codes a cell lists, and the first part that is not a choice."""
    return split_known(value, _choice_index(choices))


@cache
def _role_index() -> dict[str, str]:
    index: dict[str, str] = {"actor": Role.ACTOR, "student": Role.ACTOR, "mentor": Role.MENTOR}
    for language in SITE_LANGUAGES:
        with translation.override(language):
            for word, role in [
                (_("Student"), Role.ACTOR),
                (_("Students"), Role.ACTOR),
                (Role.ACTOR.label, Role.ACTOR),
                (_("Mentor"), Role.MENTOR),
                (_("Mentors"), Role.MENTOR),
            ]:
                index.setdefault(normalise(str(word)), role)
    return index


def role_code(value: str) -> str | None:
    return _role_index().get(normalise(value))


@cache
def _yes_no() -> dict[str, bool]:
    index = {"1": True, "0": False, "true": True, "false": False, "x": True}
    for language in SITE_LANGUAGES:
        with translation.override(language):
            index.setdefault(normalise(_("yes")), True)
            index.setdefault(normalise(_("no")), False)
    index.setdefault("yes", True)
    index.setdefault("no", False)
    return index


def yes_no(value: str) -> bool | None:
    return _yes_no().get(normalise(value))


def split_known(value: str, known: Mapping[str, T]) -> tuple[list[T], str | None]:
    """The known items a cell lists, and the first part that is none of them. Parts are
    joined again where a name itself holds a comma ("Design, media and culture")."""
    parts = split_list(value)
    found: list[T] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            item = known.get(normalise(", ".join(parts[start:end])))
            if item is not None:
                found.append(item)
                start = end
                break
        else:
            return found, parts[start]
    return found, None


def split_list(value: str) -> list[str]:
    """A cell listing several values: the export joins them with ", "; people also use ";"."""
    return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]


def multiple_choice(value: str, question: CustomQuestion) -> list[str]:
    """A multiple-choice answer. A choice may itself hold a comma, so known choices are
    matched whole before the cell is split."""
    known = known_choices(question)
    found, unknown = split_known(value, known)
    # An unknown part is passed on as written, for the page's own check to name it.
    return found if unknown is None else [*found, unknown]


def known_choices(question: CustomQuestion) -> dict[str, str]:
    """Each choice as written in any language, normalised, to the key the answer stores."""
    known = {}
    for language in CONTENT_LANGUAGES:
        with translation.override(language):
            known.update({normalise(label): key for key, label in question.choice_options})
    known.update({normalise(key): key for key in question.choice_list})
    return known


def single_choice(value: str, question: CustomQuestion) -> str:
    known = known_choices(question)
    return known.get(normalise(value), value)
