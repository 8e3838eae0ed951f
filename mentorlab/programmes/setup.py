"""Setting a programme up from the site: create one, copy last year's, edit its settings,
questions and topics, and (site staff) say who coordinates it. Services in the house style:
keyword-only, plain data in, permission checked here, one transaction each.

Who may create a programme: site staff, and anyone who coordinates a programme already.
The person who creates (or copies) a programme becomes its coordinator; a copy is made only
from a programme one coordinates. Everything else about who coordinates what is site staff's
to change, and each change is an audit entry.

The rules about dates live in one place, `Programme.clean` and its constraints: every
service here runs `full_clean`, and the forms only turn text into values."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record
from mentorlab.core.content_columns import content_columns

from .access import require_coordinator
from .models import ActorApplication, CustomQuestion, MentorApplication, Programme, Topic
from .services import programme_prepare

logger = logging.getLogger(__name__)

DATE_FIELDS: tuple[str, ...] = (
    "mentor_signup_opens",
    "mentor_signup_closes",
    "actor_applications_open",
    "actor_applications_close",
    "matching_date",
    "kickoff_date",
    "halfway_date",
    "closing_date",
    "end_date",
)
# What a coordinator sets on the set-up page besides the texts and the dates. The address
# (slug) is chosen once, when the programme is made: links in sent e-mails must keep working.
RULE_FIELDS: tuple[str, ...] = (
    "track",
    "max_mentor_capacity",
    "recommended_meetings",
    "actor_preferences_enabled",
    "suggestions_show_offer",
    "rematch_after_early_end",
    "is_public",
    "contact_email",
    "retention_months",
    "phase_override",
)
QUESTION_RULES: tuple[str, ...] = ("audience", "kind", "required")


def settings_fields() -> tuple[str, ...]:
    """What the set-up page edits: the texts (in each language, when the model keeps one
    column per language), the dates and the rules."""
    return (*content_columns(Programme, ("name", "description")), *DATE_FIELDS, *RULE_FIELDS)


def question_fields() -> tuple[str, ...]:
    return (*content_columns(CustomQuestion, ("label", "help_text", "choices")), *QUESTION_RULES)


def topic_fields() -> tuple[str, ...]:
    return content_columns(Topic, ("name",))


def may_create_programme(user: Any) -> bool:
    """Site staff, and coordinators of any programme (they copy their own)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        bool(user.is_staff or user.is_superuser)
        or Programme.objects.filter(coordinators=user).exists()
    )


def require_staff(user: Any) -> None:
    if not (getattr(user, "is_authenticated", False) and (user.is_staff or user.is_superuser)):
        raise PermissionDenied


def first_date(values: Any) -> dt.date:
    """The day a cycle starts: the earlier of its two application windows' openings.
    `values` is a programme or a mapping of its fields."""
    if isinstance(values, Mapping):
        return min(values["mentor_signup_opens"], values["actor_applications_open"])
    return min(values.mentor_signup_opens, values.actor_applications_open)


@dataclass(frozen=True)
class ProgrammeCopy:
    """What the set-up providers of other apps get when a programme is a copy: the source
    and how far its dates move. Dates and times move by whole days in local time, so an
    event at 17:00 stays at 17:00 across a change to or from summer time."""

    source: Programme
    days: int
    by: User

    def shift_date(self, value: dt.date) -> dt.date:
        return value + dt.timedelta(days=self.days)

    def shift(self, value: dt.datetime) -> dt.datetime:
        local = timezone.localtime(value)
        moved = local.replace(tzinfo=None) + dt.timedelta(days=self.days)
        return timezone.make_aware(moved, local.tzinfo)


def shifted_settings(source: Programme, new_first_date: dt.date) -> dict[str, Any]:
    """The source's settings with every date moved by the same number of days, so that the
    cycle starts on `new_first_date`; the name and address are suggestions for the copy."""
    days = (new_first_date - first_date(source)).days
    values = {name: getattr(source, name) for name in settings_fields()}
    for name in DATE_FIELDS:
        values[name] = values[name] + dt.timedelta(days=days)
    years = new_first_date.year - first_date(source).year
    for name in content_columns(Programme, ("name",)):
        if values[name]:
            values[name] = _name_for_copy(values[name], years)
    main_name = values[content_columns(Programme, ("name",))[0]]
    values["slug"] = _free_slug(slugify(main_name) or source.slug)
    values["phase_override"] = ""  # the copy follows its own dates
    return values


def _name_for_copy(name: str, years: int) -> str:
    """ "Mentoring 2026–27" a year later is "Mentoring 2027–28"."""
    if years == 0:
        return _("%(name)s (copy)") % {"name": name}

    def bump(match: re.Match[str]) -> str:
        year = str(int(match.group(1)) + years)
        tail = match.group(3)
        if tail:
            tail = f"{int(tail) + years:02d}"[-2:]
        return year + (match.group(2) or "") + (tail or "")

    return re.sub(r"\b((?:19|20)\d\d)(?:([–/-])(\d\d)\b)?", bump, name)


def _free_slug(slug: str) -> str:
    slug = slug[:55]
    candidate, n = slug, 2
    while Programme.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _refused(what: str, by: Any, exc: ValidationError, **context: Any) -> None:
    """Set-up that breaks a rule changes nothing; the attempt goes to the log, where an
    administrator can see who tried what (the audit trail holds only what happened)."""
    fields = sorted(exc.message_dict) if hasattr(exc, "error_dict") else []
    logger.warning(
        "Refused %s by user %s (%s): %s",
        what,
        getattr(by, "pk", None),
        ", ".join(f"{k}={v}" for k, v in context.items()),
        "; ".join(f"{f}: {' '.join(exc.message_dict[f])}" for f in fields)
        or " ".join(exc.messages),
    )


def _build(values: Mapping[str, Any], *, slug: str) -> Programme:
    programme = Programme(slug=slug)
    for name in settings_fields():
        if name in values:
            setattr(programme, name, values[name])
    programme.full_clean()
    return programme


def _insert(programme: Programme) -> None:
    """Save a new programme; an address taken a moment ago by someone else is refused on
    its field like one taken long ago (full_clean cannot see a concurrent insert)."""
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"slug": programme.unique_error_message(Programme, ("slug",))}
        ) from exc


def programme_create(*, by: User, values: Mapping[str, Any]) -> Programme:
    """A new programme from `values` (`settings_fields()` and "slug"); `by` becomes its
    coordinator. Raises ValidationError naming the fields, and creates nothing, when a
    value breaks a rule."""
    if not may_create_programme(by):
        raise PermissionDenied
    try:
        with transaction.atomic():
            programme = _build(values, slug=str(values.get("slug", "")))
            _insert(programme)
            programme.coordinators.add(by)
            programme_prepare(programme=programme)
            audit_record(
                action=Action.PROGRAMME_CREATED,
                by=by,
                target=programme,
                programme=programme,
                details={"coordinator": by.email},
            )
    except ValidationError as exc:
        _refused("new programme", by, exc, slug=values.get("slug"))
        raise
    return programme


def programme_copy(*, source: Programme, by: User, values: Mapping[str, Any]) -> Programme:
    """A new programme like `source`, with the settings in `values` (its dates normally
    those of `shifted_settings`, perhaps edited). The copy takes the source's topics, custom
    questions, and what the other apps register (benefit statements, surveys as drafts,
    events as drafts), moved by as many days as the first date moved. It takes no people:
    no applications, mentorships, answers or registrations; `by` is its one coordinator.
    All or nothing: a value that breaks a rule raises ValidationError naming the field,
    nothing is created, and the refusal is logged."""
    require_coordinator(source, by)
    try:
        with transaction.atomic():
            programme = _build(values, slug=str(values.get("slug", "")))
            programme.copied_from = source
            # The next cycle of the same series (compared on the dashboard), same nudge rhythm.
            programme.series, programme.quiet_weeks = source.series, source.quiet_weeks
            _insert(programme)
            programme.coordinators.add(by)
            copy = ProgrammeCopy(
                source=source, days=(first_date(programme) - first_date(source)).days, by=by
            )
            Topic.objects.bulk_create(
                Topic(
                    programme=programme,
                    order=topic.order,
                    **{name: getattr(topic, name) for name in topic_fields()},
                )
                for topic in source.topics.all()
            )
            CustomQuestion.objects.bulk_create(
                CustomQuestion(
                    programme=programme,
                    order=question.order,
                    **{name: getattr(question, name) for name in question_fields()},
                )
                for question in source.questions.all()
            )
            programme_prepare(programme=programme, copy=copy)
            audit_record(
                action=Action.PROGRAMME_COPIED,
                by=by,
                target=programme,
                programme=programme,
                details={
                    "source": source.slug,
                    "source_id": source.pk,
                    "days": copy.days,
                    "coordinator": by.email,
                },
            )
    except ValidationError as exc:
        _refused("copy of programme", by, exc, source=source.slug, slug=values.get("slug"))
        raise
    return programme


def programme_update(*, programme: Programme, by: User, values: Mapping[str, Any]) -> Programme:
    """Change the programme's settings (any of `settings_fields()`). All or nothing."""
    require_coordinator(programme, by)
    try:
        with transaction.atomic():
            programme = Programme.objects.select_for_update().get(pk=programme.pk)
            for name in settings_fields():
                if name in values:
                    setattr(programme, name, values[name])
            programme.full_clean()
            programme.save()
    except ValidationError as exc:
        _refused("programme settings", by, exc, slug=programme.slug)
        raise
    return programme


# --- custom questions ---------------------------------------------------------------


def _answered(question: CustomQuestion) -> int:
    """How many applications hold an answer to the question."""
    key = str(question.pk)
    count = 0
    for model in (ActorApplication, MentorApplication):
        for answers in model.objects.filter(
            programme_id=question.programme_id, answers__has_key=key
        ).values_list("answers", flat=True):
            if answers.get(key) not in (None, "", []):
                count += 1
    return count


def question_save(
    *,
    programme: Programme,
    by: User,
    values: Mapping[str, Any],
    question: CustomQuestion | None = None,
) -> CustomQuestion:
    """Add a question at the end (no `question`) or change one. A choice question needs at
    least two choices (`CustomQuestion.clean`)."""
    require_coordinator(programme, by)
    with transaction.atomic():
        if question is None:
            last = programme.questions.order_by("-order").values_list("order", flat=True).first()
            question = CustomQuestion(programme=programme, order=(last or 0) + 1)
        elif question.programme_id != programme.pk:
            raise PermissionDenied
        else:
            question = CustomQuestion.objects.select_for_update().get(pk=question.pk)
        for name in question_fields():
            if name in values:
                value = values[name]
                setattr(question, name, value.strip() if isinstance(value, str) else value)
        for name in content_columns(CustomQuestion, ("choices",)):
            lines = (getattr(question, name) or "").splitlines()
            setattr(question, name, "\n".join(line.strip() for line in lines if line.strip()))
        question.full_clean()
        question.save()
    return question


def question_delete(*, question: CustomQuestion, by: User) -> None:
    """Remove a question nobody has answered yet; answers are never thrown away."""
    require_coordinator(question.programme, by)
    with transaction.atomic():
        answered = _answered(question)
        if answered:
            raise ValidationError(
                _(
                    "%(count)d application(s) already answer “%(label)s”, so it cannot be "
                    "deleted: their answers would be lost. Make it optional or reword it instead."
                )
                % {"count": answered, "label": question.label}
            )
        question.delete()


def question_move(*, question: CustomQuestion, by: User, direction: Literal["up", "down"]) -> bool:
    """Swap the question with its neighbour; renumbers all 1..n, so that equal `order`
    values cannot make a move do nothing. False when it is already first (or last)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a question up or down."))
    programme = question.programme
    require_coordinator(programme, by)
    with transaction.atomic():
        questions = list(programme.questions.select_for_update().order_by("order", "pk"))
        index = next(i for i, other in enumerate(questions) if other.pk == question.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(questions):
            return False
        questions[index], questions[target] = questions[target], questions[index]
        for order, other in enumerate(questions, start=1):
            other.order = order
        CustomQuestion.objects.bulk_update(questions, ["order"])
    return True


# --- topics -------------------------------------------------------------------------


def _topic_values(programme: Programme, values: Mapping[str, Any], topic: Topic | None) -> dict:
    """The topic's names, tidied, each checked to be new in its language in the programme
    (ignoring case: "Leadership" and "leadership" would be the same topic to applicants)."""
    names = {name: " ".join(str(values.get(name) or "").split()) for name in topic_fields()}
    first = topic_fields()[0]
    if not names[first]:
        raise ValidationError({first: _("Give the topic a name.")})
    others = programme.topics.all() if topic is None else programme.topics.exclude(pk=topic.pk)
    for name, value in names.items():
        if value and others.filter(**{f"{name}__iexact": value}).exists():
            raise ValidationError(
                {name: _("This programme already has the topic “%(name)s”.") % {"name": value}}
            )
    return names


def topic_add(*, programme: Programme, by: User, values: Mapping[str, Any]) -> Topic:
    """A topic at the end of the programme's list; `values` holds its name (per language,
    see `topic_fields()`)."""
    require_coordinator(programme, by)
    with transaction.atomic():
        # One writer per programme at a time, so two people cannot add the same name.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        names = _topic_values(programme, values, None)
        last = programme.topics.order_by("-order").values_list("order", flat=True).first()
        topic = Topic(programme=programme, order=(last or 0) + 1, **names)
        topic.full_clean()
        topic.save()
    return topic


def topic_rename(*, topic: Topic, by: User, values: Mapping[str, Any]) -> Topic:
    programme = topic.programme
    require_coordinator(programme, by)
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        names = _topic_values(programme, values, topic)
        for name, value in names.items():
            setattr(topic, name, value)
        topic.full_clean()
        topic.save(update_fields=list(names))
    return topic


def topic_delete(*, topic: Topic, by: User) -> None:
    """Remove a topic no applicant has chosen; a chosen one is renamed instead, so that
    nobody's application silently loses what they picked."""
    require_coordinator(topic.programme, by)
    with transaction.atomic():
        chosen = (
            ActorApplication.topics.through.objects.filter(topic=topic).count()
            + MentorApplication.topics.through.objects.filter(topic=topic).count()
        )
        if chosen:
            raise ValidationError(
                _(
                    "%(count)d application(s) chose “%(name)s”, so it cannot be deleted. "
                    "Rename it instead."
                )
                % {"count": chosen, "name": topic.name}
            )
        topic.delete()


# --- coordinators (site staff) ------------------------------------------------------


def coordinator_add(*, programme: Programme, by: User, email: str) -> User:
    """Make the person with this address (an existing, active account) a coordinator."""
    require_staff(by)
    address = email.strip()
    user = User.objects.filter(email__iexact=address, is_active=True).first()
    if user is None:
        raise ValidationError(
            {"email": _("No active account has the address %(email)s.") % {"email": address}}
        )
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        if programme.coordinators.filter(pk=user.pk).exists():
            raise ValidationError(
                {"email": _("%(name)s already coordinates this programme.") % {"name": user}}
            )
        programme.coordinators.add(user)
        audit_record(action=Action.COORDINATOR_ADDED, by=by, target=user, programme=programme)
    return user


def coordinator_remove(*, programme: Programme, by: User, user: User) -> None:
    """Take the person off the programme's coordinators; the last one stays (a programme
    nobody coordinates has nobody to run it or answer its participants)."""
    require_staff(by)
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        if not programme.coordinators.filter(pk=user.pk).exists():
            raise ValidationError(_("That person does not coordinate this programme."))
        if programme.coordinators.count() == 1:
            raise ValidationError(
                _("A programme needs at least one coordinator. Add the new one first.")
            )
        programme.coordinators.remove(user)
        audit_record(action=Action.COORDINATOR_REMOVED, by=by, target=user, programme=programme)
