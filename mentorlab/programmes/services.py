"""Writes for programmes and applications. Views call these; nothing else writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record
from mentorlab.core.registry import Registry

from . import emails
from .access import require_coordinator
from .choices import INDUSTRIES, LANGUAGES, SCHOOLS, ApplicationStatus, Role, Track
from .models import (
    ActorApplication,
    CustomQuestion,
    MentorApplication,
    Programme,
    QuestionKind,
    Topic,
)

if TYPE_CHECKING:
    from .setup import ProgrammeCopy

Application = ActorApplication | MentorApplication

# What the apps above set up for a new programme (the surveys' promised benefits, …), and
# what they copy into a copy of a programme (its benefit statements, surveys, events). Each
# provider is called as `provider(programme=…, copy=ProgrammeCopy | None)` and must be
# idempotent; apps register in `AppConfig.ready`. Programmes cannot import the apps above
# it, so this is how a copy takes their parts along.
programme_setup_providers: Registry = Registry("programme set-up")


def programme_prepare(*, programme: Programme, copy: ProgrammeCopy | None = None) -> None:
    """Give a newly created programme what the other apps start it with, or, for a copy
    (`copy` says of what and how far the dates move), what they copy from the source.
    Called wherever a programme is created (the admin, the demo, the set-up pages), in that
    write's transaction, so that no page has to create anything while it is only read."""
    with transaction.atomic():
        for provider in programme_setup_providers:
            provider(programme=programme, copy=copy)


Answer = str | list[str] | None


@dataclass(frozen=True, kw_only=True)
class ApplicationData:
    """What an applicant fills in, whatever their role. `answers` holds the answers to the
    programme's own questions, by question id (text, or a list for a multiple choice)."""

    languages: Sequence[str]
    city: str = ""
    remote_ok: bool = True
    privacy_consent: bool = False
    topics: Sequence[Topic] = ()
    answers: Mapping[int, Answer] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ActorApplicationData(ApplicationData):
    degree_level: str
    field_of_study: str
    school: str
    study_year: int
    goals: str
    industries: Sequence[str] = ()
    conflict_employer: str = ""


@dataclass(frozen=True, kw_only=True)
class MentorApplicationData(ApplicationData):
    degree: str
    degree_field: str
    graduation_year: int
    current_role: str
    industry: str
    offer: str
    employer: str = ""
    levels: str = Track.BOTH
    capacity: int = 1


def _check_can_apply(*, programme: Programme, user: User, role: str) -> None:
    if not programme.window_is_open(role):
        opens, closes = programme.window_dates(role)
        raise ValidationError(
            _("Applications for this role are open from %(opens)s to %(closes)s.")
            % {"opens": date_format(opens), "closes": date_format(closes)}
        )
    other = MentorApplication if role == Role.ACTOR else ActorApplication
    if other.objects.filter(programme=programme, user=user).exists():
        raise ValidationError(_("You have already applied to this programme in the other role."))
    if programme.is_coordinator(user):
        raise ValidationError(_("Coordinators of a programme cannot apply to it."))


def application_save(
    *, programme: Programme, user: User, data: ActorApplicationData | MentorApplicationData
) -> Application:
    """Create or update the user's application to `programme` in the role the data is for.

    Raises ValidationError (and saves nothing) when the window is closed, the user already
    applied, or a value breaks the programme's rules; errors about one field name it."""
    role = Role.ACTOR if isinstance(data, ActorApplicationData) else Role.MENTOR
    model = ActorApplication if role == Role.ACTOR else MentorApplication
    with transaction.atomic():
        application: Application | None = (
            model.objects.select_for_update().filter(programme=programme, user=user).first()
        )
        creating = application is None
        if application is None:
            _check_can_apply(programme=programme, user=user, role=role)
            application = model(programme=programme, user=user)
        elif not application.is_editable:
            raise ValidationError(
                _("The application window has closed; this can no longer be changed.")
            )
        application_fill(application=application, programme=programme, data=data)
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as exc:
            raise ValidationError(_("You have already applied to this programme.")) from exc
        application.topics.set(data.topics)
        if creating:
            emails.application_received(application)
    return application


def application_fill(
    *,
    application: Application,
    programme: Programme,
    data: ActorApplicationData | MentorApplicationData,
    questions: Sequence[CustomQuestion] | None = None,
    consent_required: bool = True,
) -> None:
    """Copy the data onto the (unsaved) application and check every rule, the programme's
    own included; one ValidationError names all faulty fields. Saves nothing.

    The application page (through `application_save`) and the spreadsheet import both call
    this, so an imported row obeys exactly the rules of the page. `questions` lets a caller
    checking many rows read the programme's questions once. `consent_required` is False only
    for a coordinator's import: the person did not tick the box on our page, the university
    holds their data on its own basis, and an update keeps whatever they ticked themselves."""
    errors: dict[str, list[object]] = {}
    if not data.languages:
        errors["languages"] = [_required()]
    _check_choices(errors, "languages", data.languages, LANGUAGES)
    if consent_required and not data.privacy_consent:
        errors["privacy_consent"] = [_("You must agree to the privacy notice to apply.")]
    if any(topic.programme_id != programme.pk for topic in data.topics):
        errors["topics"] = [forms.ModelChoiceField.default_error_messages["invalid_choice"]]
    common = {
        "languages": list(data.languages),
        "city": data.city.strip(),
        "remote_ok": data.remote_ok,
        "privacy_consent": data.privacy_consent,
        "answers": _answers(
            errors,
            questions=programme.questions.all() if questions is None else questions,
            role=application.role,
            data=data,
        ),
    }
    if isinstance(data, ActorApplicationData):
        if not programme.accepts_level(data.degree_level):
            errors["degree_level"] = [_track_error(programme)]
        _check_choices(errors, "school", [data.school], SCHOOLS)
        _check_choices(errors, "industries", data.industries, INDUSTRIES)
        values: dict[str, object] = {
            "degree_level": data.degree_level,
            "field_of_study": data.field_of_study.strip(),
            "school": data.school,
            "study_year": data.study_year,
            "goals": data.goals.strip(),
            "industries": list(data.industries),
            "conflict_employer": data.conflict_employer.strip(),
        }
    else:
        if not 1 <= data.capacity <= programme.max_mentor_capacity:
            errors["capacity"] = [
                _("Choose between 1 and %(max)d students.") % {"max": programme.max_mentor_capacity}
            ]
        if programme.track != Track.BOTH and data.levels not in (Track.BOTH, programme.track):
            errors["levels"] = [_track_error(programme)]
        values = {
            "degree": data.degree.strip(),
            "degree_field": data.degree_field.strip(),
            "graduation_year": data.graduation_year,
            "current_role": data.current_role.strip(),
            "employer": data.employer.strip(),
            "industry": data.industry,
            "levels": data.levels,
            "capacity": data.capacity,
            "offer": data.offer.strip(),
        }
    for name, value in (common | values).items():
        setattr(application, name, value)
    try:
        # Uniqueness is left to the database, which answers races too (see the caller). The
        # other constraint, capacity at least 1, is checked above against the programme's
        # own limit; checking it again would cost a query per application (an import checks
        # thousands). The programme and the person are set by the caller, never typed in:
        # not checked here, which also lets an import check a row whose person has no
        # account yet.
        application.full_clean(
            exclude=[*errors, "programme", "user"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _answers(
    errors: dict[str, list[object]],
    *,
    questions: Iterable[CustomQuestion],
    role: str,
    data: ApplicationData,
) -> dict[str, Answer]:
    """The answers to the programme's own questions for this role, keyed as stored (question
    id as text). Errors are keyed by the form's field name for the question."""
    answers: dict[str, Answer] = {}
    for question in questions:
        if not question.asked_of(role):
            continue
        answer = data.answers.get(question.pk)
        name = f"q_{question.pk}"
        if question.required and not answer:
            errors[name] = [_required()]
        elif answer and question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            picked = answer if isinstance(answer, list) else [answer]
            unknown = [a for a in picked if a not in question.choice_list]
            if unknown or (question.kind == QuestionKind.SINGLE and isinstance(answer, list)):
                errors[name] = [_invalid_choice(str(unknown[0] if unknown else answer))]
        answers[str(question.pk)] = answer
    return answers


def _check_choices(
    errors: dict[str, list[object]],
    name: str,
    values: Iterable[str],
    choices: Sequence[tuple[str, object]],
) -> None:
    known = {code for code, _label in choices}
    unknown = [value for value in values if value not in known]
    if unknown:
        errors.setdefault(name, []).append(_invalid_choice(unknown[0]))


def _track_error(programme: Programme) -> str:
    return _("This programme is for %(track)s.") % {"track": programme.get_track_display()}


# The very words the form fields use, so every caller sees the message the page shows.
def _required() -> str:
    return str(forms.Field.default_error_messages["required"])


def _invalid_choice(value: str) -> str:
    return str(forms.ChoiceField.default_error_messages["invalid_choice"]) % {"value": value}


def application_withdraw(*, application: Application, user: User) -> None:
    if application.user_id != user.pk:
        raise PermissionDenied
    if application.status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED):
        raise ValidationError(_("This application is already closed."))
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])


def application_decide(
    *,
    programme: Programme,
    applications: Iterable[Application],
    status: str,
    by: User,
) -> int:
    """Accept, waitlist or decline applications, and tell each applicant. Returns how many
    changed; applications already in that status are left alone (and not e-mailed again)."""
    require_coordinator(programme, by)
    if status not in (
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.DECLINED,
    ):
        raise ValidationError(_("Unknown decision."))
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for application in applications:
            if application.programme_id != programme.pk:
                raise PermissionDenied
            if application.status in (status, ApplicationStatus.WITHDRAWN):
                continue
            old_status = application.status
            application.status = status
            application.decided_at = now
            application.decided_by = by
            application.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
            audit_record(
                action=Action.APPLICATION_DECIDED,
                by=by,
                target=application,
                programme=programme,
                details={"role": application.role, "old": old_status, "new": status},
            )
            emails.application_decided(application)
            changed += 1
    return changed
