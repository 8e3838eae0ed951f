"""Writes for surveys. Views, the demo and reminders call these; nothing else writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.core.translated import (
    CONTENT_LANGUAGES,
    DEFAULT_LANGUAGE,
    copied_values,
    field_name,
    in_each_language,
    translated_values,
    value_in,
)
from mentorlab.programmes.access import require_coordinator
from mentorlab.programmes.choices import ApplicationStatus, MentorLevels
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme

from . import emails, notices, selectors
from .benefits import BUILT_IN_BENEFITS, EXTRA_ITEMS, KINDS_WITH_BENEFITS
from .models import (
    Answer,
    Audience,
    HelpRequest,
    Invitation,
    Item,
    ItemKind,
    ProgrammeBenefit,
    Response,
    Survey,
    SurveyState,
)
from .stats import MIN_REPORTED_GROUP


class IncompleteResponse(ValidationError):
    """Raised after the answers were kept as a draft, when required ones are missing."""


def item_field_name(item: Item) -> str:
    return f"item_{item.pk}"


HELP_CONSENT_FIELD = "help_consent"
QUOTE_CONSENT_FIELD = "may_quote"


# --- promised benefits --------------------------------------------------------------


def benefits_ensure(*, programme: Programme) -> list[ProgrammeBenefit]:
    """Copy the built-in benefit statements into the programme once; later rewording by
    coordinators is kept. Returns all of the programme's benefits."""
    with transaction.atomic():
        existing = set(
            ProgrammeBenefit.objects.filter(programme=programme).values_list("audience", "key")
        )
        new = [
            ProgrammeBenefit(
                programme=programme,
                audience=audience,
                key=key,
                order=order,
                # The built-in wording in every language the catalogue has it in.
                **translated_values("statement", statement),
            )
            for audience, benefits in BUILT_IN_BENEFITS.items()
            for order, (key, statement) in enumerate(benefits)
            if (audience, key) not in existing
        ]
        ProgrammeBenefit.objects.bulk_create(new, ignore_conflicts=True)
    return list(ProgrammeBenefit.objects.filter(programme=programme))


def benefit_update(
    *, benefit: ProgrammeBenefit, by: User, statement: str, active: bool
) -> ProgrammeBenefit:
    """Reword a benefit for the programme's future surveys (surveys already made keep
    their wording, so that answers stay true to the question that was asked)."""
    require_coordinator(benefit.programme, by)
    benefit.statement = statement.strip()
    benefit.active = active
    benefit.full_clean()
    benefit.save(update_fields=["statement", "active"])
    return benefit


# --- surveys ------------------------------------------------------------------------


def survey_create(
    *,
    programme: Programme,
    by: User,
    audience: str,
    kind: str,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    intro: str = "",
    anonymous: bool = True,
    min_group_size: int = MIN_REPORTED_GROUP,
) -> Survey:
    """A draft survey with the starting items for its kind: the programme's benefit
    statements for a baseline or final survey, then the kind's own questions."""
    require_coordinator(programme, by)
    with transaction.atomic():
        survey = Survey(
            programme=programme,
            audience=audience,
            kind=kind,
            title=title,
            intro=intro,
            opens_at=opens_at,
            closes_at=closes_at,
            anonymous=anonymous,
            min_group_size=min_group_size,
        )
        survey.full_clean()
        survey.save()
        items: list[Item] = []
        if kind in KINDS_WITH_BENEFITS:
            benefits_ensure(programme=programme)
            for benefit in ProgrammeBenefit.objects.filter(
                programme=programme, audience=audience, active=True
            ):
                items.append(
                    Item(
                        kind=ItemKind.LIKERT,
                        benefit=benefit.key,
                        **copied_values(benefit, "statement", "text"),
                    )
                )
        for spec in EXTRA_ITEMS.get(kind, []):
            items.append(
                Item(
                    kind=spec.kind,
                    required=spec.required,
                    # The help answer is a choice's key: its English wording.
                    help_answer=in_each_language(spec.help_answer)[DEFAULT_LANGUAGE],
                    benefit=spec.benefit,
                    **translated_values("text", spec.text),
                    **translated_values("help_text", spec.help_text),
                    **{
                        f"choices_{lang}": "\n".join(lines)
                        for lang, lines in _lines_in_each_language(spec.choices).items()
                    },
                )
            )
        for order, item in enumerate(items, start=1):
            item.survey = survey
            item.order = order
        Item.objects.bulk_create(items)
    return survey


def _lines_in_each_language(texts: tuple[Any, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {lang: [] for lang in CONTENT_LANGUAGES}
    for text in texts:
        for lang, value in in_each_language(text).items():
            found[lang].append(value)
    return found


def _invitees(survey: Survey) -> list[tuple[User, str]]:
    """(person, track) for everyone the survey is for: the programme's accepted actors or
    mentors. A mentor's track is known only if they mentor one level."""
    if survey.audience == Audience.ACTORS:
        actors = ActorApplication.objects.filter(
            programme=survey.programme, status=ApplicationStatus.ACCEPTED
        ).select_related("user")
        return [(a.user, a.degree_level) for a in actors]
    mentors = MentorApplication.objects.filter(
        programme=survey.programme, status=ApplicationStatus.ACCEPTED
    ).select_related("user")
    return [(m.user, "" if m.levels == MentorLevels.BOTH else m.levels) for m in mentors]


def survey_invite(*, survey: Survey, now: dt.datetime | None = None) -> int:
    """Invite everyone in the audience who has no invitation yet and e-mail them their
    personal link. Safe to run again (for people accepted later)."""
    now = now or timezone.now()
    with transaction.atomic():
        invited = set(survey.invitations.values_list("user_id", flat=True))
        created = 0
        for user, track in _invitees(survey):
            if user.pk in invited:
                continue
            invitation = Invitation.objects.create(
                survey=survey, user=user, track=track, sent_at=now
            )
            notices.survey_invitation(invitation)
            created += 1
    return created


def survey_open(*, survey: Survey, by: User, now: dt.datetime | None = None) -> int:
    """Open a draft survey and send the invitations. Returns how many were sent."""
    require_coordinator(survey.programme, by)
    now = now or timezone.now()
    if survey.state != SurveyState.DRAFT:
        raise ValidationError(_("Only a draft survey can be opened."))
    if not survey.items.exists():
        raise ValidationError(_("This survey has no questions yet. Add at least one first."))
    if survey.closes_at <= now:
        raise ValidationError(
            {"closes_at": _("The closing time has already passed. Set a later one first.")}
        )
    with transaction.atomic():
        survey.state = SurveyState.OPEN
        survey.save(update_fields=["state"])
        return survey_invite(survey=survey, now=now)


def survey_close(*, survey: Survey, by: User) -> None:
    require_coordinator(survey.programme, by)
    if survey.state != SurveyState.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    survey.state = SurveyState.CLOSED
    survey.save(update_fields=["state"])


# --- questions (items) ---------------------------------------------------------------


class ItemsLocked(ValidationError):
    """The survey is open or closed: its questions are fixed because answers depend on them."""


CHOICE_KINDS = (ItemKind.SINGLE, ItemKind.MULTIPLE)


def _locked_survey(survey: Survey, by: User) -> Survey:
    """The survey row locked for the rest of the transaction, so that opening it and
    editing its questions cannot interleave; ItemsLocked unless it is still a draft."""
    require_coordinator(survey.programme, by)
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    if current.state != SurveyState.DRAFT:
        raise ItemsLocked(
            _(
                "This survey is %(state)s, so its questions can no longer be changed: the "
                "answers depend on them. Make a new survey to ask different questions."
            )
            % {"state": current.get_state_display().lower()}
        )
    return current


def benefit_keys(survey: Survey) -> list[tuple[str, str]]:
    """(key, statement) of the promised benefits a question in this survey may measure."""
    return list(
        ProgrammeBenefit.objects.filter(
            programme=survey.programme, audience=survey.audience
        ).values_list("key", "statement")
    )


def _fill_item(
    item: Item,
    *,
    kind: str,
    text: str,
    help_text: str,
    choices: str,
    required: bool,
    benefit: str,
    help_answer: str,
    translations: Mapping[str, str] | None = None,
) -> None:
    """Set the fields and validate them; ValidationError names each faulty field.

    `text`, `help_text` and `choices` are the English; `translations` holds the Finnish and
    Swedish versions as `{"text_fi": ...}` ("" shows readers the English). Without
    `translations` the other languages are left as they are."""

    def tidy(name: str, value: str) -> str:
        if name.startswith("choices"):
            return "\n".join(line.strip() for line in value.splitlines() if line.strip())
        return value.strip()

    item.kind = kind
    for name, value in (("text", text), ("help_text", help_text), ("choices", choices)):
        setattr(item, field_name(name, DEFAULT_LANGUAGE), tidy(name, value))
    for name, value in (translations or {}).items():
        base = name.rsplit("_", 1)[0]
        if base in ("text", "help_text", "choices") and name != field_name(base, DEFAULT_LANGUAGE):
            setattr(item, name, tidy(name, value or ""))
    item.required = required
    item.benefit = benefit.strip()
    item.help_answer = help_answer.strip()

    errors: dict[str, list[str]] = {}
    if not value_in(item, "text", DEFAULT_LANGUAGE):
        errors["text"] = [_("Write the question as respondents will read it.")]
    if any(value_in(item, "choices", lang) for lang in CONTENT_LANGUAGES) and kind in (
        ItemKind.SCALE,
        ItemKind.TEXT,
    ):
        errors["choices"] = [
            _("A 0–10 or free-text question has no choices. Empty this box or change the type.")
        ]
    if kind in CHOICE_KINDS:
        choice_list = item.choice_list
        if len(choice_list) < 2:
            errors["choices"] = [_("A choice question needs at least two choices, one per line.")]
        elif len(set(choice_list)) != len(choice_list):
            errors["choices"] = [_("Each choice must be different.")]
    if item.benefit:
        allowed = {key for key, _statement in benefit_keys(item.survey)}
        if item.benefit not in allowed and item.benefit != _saved_benefit(item):
            errors["benefit"] = [_("Choose one of the programme's promised benefits.")]
        elif (
            Item.objects.filter(survey=item.survey, benefit=item.benefit)
            .exclude(pk=item.pk)
            .exists()
        ):
            errors["benefit"] = [
                _("Another question in this survey already measures this benefit.")
            ]
    try:
        # The model's own rules: lengths, five Likert labels, benefit only on a rating,
        # help answer among the choices. The messages above, more specific, win.
        item.full_clean(exclude=["survey", "order"], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _saved_benefit(item: Item) -> str:
    if item.pk is None:
        return ""
    return Item.objects.filter(pk=item.pk).values_list("benefit", flat=True).first() or ""


def item_add(
    *,
    survey: Survey,
    by: User,
    kind: str,
    text: str,
    help_text: str = "",
    choices: str = "",
    required: bool = False,
    benefit: str = "",
    help_answer: str = "",
    translations: Mapping[str, str] | None = None,
) -> Item:
    """Add a question at the end of a draft survey (`translations`: see `_fill_item`)."""
    with transaction.atomic():
        survey = _locked_survey(survey, by)
        item = Item(survey=survey)
        _fill_item(
            item,
            kind=kind,
            text=text,
            help_text=help_text,
            choices=choices,
            required=required,
            benefit=benefit,
            help_answer=help_answer,
            translations=translations,
        )
        last = survey.items.order_by("-order").values_list("order", flat=True).first()
        item.order = (last or 0) + 1
        item.save()
    return item


def item_update(
    *,
    item: Item,
    by: User,
    kind: str,
    text: str,
    help_text: str = "",
    choices: str = "",
    required: bool = False,
    benefit: str = "",
    help_answer: str = "",
    translations: Mapping[str, str] | None = None,
) -> Item:
    """Change a question of a draft survey; nothing is saved when any field is wrong."""
    with transaction.atomic():
        _locked_survey(item.survey, by)
        _fill_item(
            item,
            kind=kind,
            text=text,
            help_text=help_text,
            choices=choices,
            required=required,
            benefit=benefit,
            help_answer=help_answer,
            translations=translations,
        )
        item.save()
    return item


def item_remove(*, item: Item, by: User) -> None:
    with transaction.atomic():
        _locked_survey(item.survey, by)
        item.delete()


def item_move(*, item: Item, by: User, direction: Literal["up", "down"]) -> bool:
    """Swap the question with its neighbour. Renumbers the whole survey 1..n so that
    equal `order` values (from the admin) cannot make a move do nothing. Returns False
    when the question is already first (up) or last (down)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a question up or down."))
    with transaction.atomic():
        survey = _locked_survey(item.survey, by)
        items = list(survey.items.select_for_update().order_by("order", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(items):
            return False
        items[index], items[target] = items[target], items[index]
        changed = []
        for order, other in enumerate(items, start=1):
            if other.order != order:
                other.order = order
                changed.append(other)
        Item.objects.bulk_update(changed, ["order"])
        item.order = next(other.order for other in items if other.pk == item.pk)
    return True


# --- responses ----------------------------------------------------------------------


def _sync_help_request(survey: Survey, user: User, asks_help: bool) -> None:
    if not asks_help:
        HelpRequest.objects.filter(survey=survey, user=user, resolved_at__isnull=True).delete()
        return
    help_request, created = HelpRequest.objects.get_or_create(survey=survey, user=user)
    if created:
        help_request.mentorships.set(selectors.live_mentorships(survey.programme, user))
        for coordinator in survey.programme.coordinators.all():
            emails.help_requested(help_request, coordinator)


def response_save(
    *,
    invitation: Invitation,
    user: User,
    answers: Mapping[int, Any],
    submit: bool,
    help_consent: bool = False,
    may_quote: bool = False,
    now: dt.datetime | None = None,
) -> Response:
    """Save the invitee's answers (keyed by item id) as a draft, or send them.

    Any answer that is not possible for its question (e.g. a 7 on a 1–5 scale) rejects
    the whole save with a message on that question, and nothing is stored. When sending
    with required questions unanswered, the answers are kept as a draft and
    IncompleteResponse names the missing questions. A sent response can be changed until
    the survey closes. `may_quote` is the respondent's consent to have their written
    answers quoted without a name in reports; saving again without it withdraws it."""
    if invitation.user_id != user.pk:
        raise PermissionDenied
    now = now or timezone.now()
    survey = invitation.survey
    items = list(survey.items.all())
    blocker = selectors.answering_blocker(survey, items, now)
    if blocker is not None:
        raise ValidationError(blocker)

    errors: dict[str, list[str]] = {}
    cleaned: dict[int, Any] = {}
    for item in items:
        try:
            cleaned[item.pk] = item.clean_value(answers.get(item.pk))
        except ValidationError as exc:
            errors[item_field_name(item)] = exc.messages
    asks_help = any(item.help_answer and cleaned.get(item.pk) == item.help_answer for item in items)
    if asks_help and survey.anonymous and not help_consent:
        errors[HELP_CONSENT_FIELD] = [
            _(
                "A request for help cannot stay anonymous. Tick this box so that a coordinator "
                "may see your name and contact you, or choose another answer."
            )
        ]
    if errors:
        raise ValidationError(errors)

    missing = {
        item_field_name(item): [_("Please answer this question before sending.")]
        for item in items
        if item.required and cleaned[item.pk] is None
    }
    existing = Response.objects.filter(invitation=invitation).first()
    if missing and existing is not None and existing.is_submitted:
        # A sent response must stay complete; nothing is changed.
        raise ValidationError(missing)

    try:
        with transaction.atomic():
            # Lock the invitation so two tabs saving at once do not both create a response.
            Invitation.objects.select_for_update().get(pk=invitation.pk)
            response, _created = Response.objects.get_or_create(
                invitation=invitation, defaults={"survey": survey}
            )
            by_item = {a.item_id: a for a in response.answers.all()}
            for item in items:
                value = cleaned[item.pk]
                answer = by_item.get(item.pk)
                if value is None:
                    if answer is not None:
                        answer.delete()
                    continue
                answer = answer or Answer(response=response, item=item)
                answer.number = value if item.is_numeric else None
                answer.selected = value if item.kind == ItemKind.MULTIPLE else []
                answer.text = value if isinstance(value, str) else ""
                answer.save()
            if submit and not missing and response.submitted_at is None:
                response.submitted_at = now
            response.may_quote = may_quote
            response.save()
            if response.is_submitted:
                _sync_help_request(survey, user, asks_help)
    except IntegrityError as exc:  # pragma: no cover - a race the lock above prevents
        raise ValidationError(_("Your answers were saved in another window. Reload.")) from exc
    if submit and missing:
        raise IncompleteResponse(missing)
    return response


def help_request_resolve(*, help_request: HelpRequest, by: User) -> None:
    require_coordinator(help_request.survey.programme, by)
    if help_request.resolved_at is not None:
        return
    help_request.resolved_at = timezone.now()
    help_request.resolved_by = by
    help_request.save(update_fields=["resolved_at", "resolved_by"])
