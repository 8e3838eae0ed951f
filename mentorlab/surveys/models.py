"""Surveys sent to a programme's actors or mentors, their items, invitations and answers.

Privacy shape: a Response hangs off its Invitation (which names the person) only so that
the respondent can come back and edit it, and so that baseline and final answers can be
paired internally. Reports and exports of an anonymous survey never follow that link to a
person; see `report.py` and `exports.py`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from mentorlab.core.translated import choice_count_errors, choice_keys, choice_labels
from mentorlab.core.translated import choice_options as translated_choice_options
from mentorlab.programmes.models import Programme

from .stats import MIN_REPORTED_GROUP


class Audience(models.TextChoices):
    ACTORS = "actor", _("Students (actors)")
    MENTORS = "mentor", _("Mentors")


class SurveyKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    HALFWAY = "halfway", _("Halfway check-in")
    FINAL = "final", _("Final")
    PULSE = "pulse", _("After-meeting pulse")


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ItemKind(models.TextChoices):
    LIKERT = "likert", _("Agreement, 1–5")
    SCALE = "scale10", _("Scale 0–10")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


NUMERIC_KINDS = (ItemKind.LIKERT, ItemKind.SCALE)
LIKERT_LABELS = (
    _("Strongly disagree"),
    _("Disagree"),
    _("Neither agree nor disagree"),
    _("Agree"),
    _("Strongly agree"),
)
TEXT_MAX = 4000


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ProgrammeBenefit(models.Model):
    """A promised benefit as one programme words it. Built-in statements are copied in
    (see `benefits.py`) and coordinators may reword them; the `key` stays fixed so that
    baseline and final items measuring the same benefit can be paired."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="survey_benefits"
    )
    audience = models.CharField(_("asked of"), max_length=8, choices=Audience.choices)
    key = models.SlugField(_("benefit key"), max_length=40)
    statement = models.CharField(_("statement"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("asked in new surveys"), default=True)

    objects = MultilingualManager["ProgrammeBenefit"]()

    class Meta:
        ordering = ("audience", "order", "pk")
        verbose_name = _("promised benefit")
        verbose_name_plural = _("promised benefits")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "audience", "key"], name="benefit_key_unique_per_programme"
            )
        ]

    def __str__(self) -> str:
        return self.statement


class ScoringRule(models.TextChoices):
    MEAN = "mean", _("Mean of the items")
    SUM = "sum", _("Sum of the items")


class Scale(models.Model):
    """A scored instrument a programme may put in its surveys: items grouped into subscales,
    some reverse-scored (low + high - answer), scored per respondent by `rule`. Built-in
    scales are Mentorlab's own (`scales.py`); others are imported from a file the programme
    supplies. Survey items carry a link to the ScaleItem they ask, so baseline and final
    answers to the same scale pair up."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="survey_scales")
    key = models.SlugField(_("scale key"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    rule = models.CharField(
        _("scoring rule"), max_length=8, choices=ScoringRule.choices, default=ScoringRule.MEAN
    )
    item_kind = models.CharField(
        _("answered on"),
        max_length=10,
        choices=[
            (ItemKind.LIKERT.value, ItemKind.LIKERT.label),
            (ItemKind.SCALE.value, ItemKind.SCALE.label),
        ],
        default=ItemKind.LIKERT,
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    built_in = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MultilingualManager["Scale"]()

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("scored scale")
        verbose_name_plural = _("scored scales")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "key"], name="scale_key_unique_per_programme"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def bounds(self) -> tuple[int, int]:
        return (1, 5) if self.item_kind == ItemKind.LIKERT else (0, 10)


class Subscale(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="subscales")
    key = models.SlugField(_("subscale key"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = MultilingualManager["Subscale"]()

    class Meta:
        ordering = ("order", "pk")
        verbose_name = _("subscale")
        verbose_name_plural = _("subscales")
        constraints = [
            models.UniqueConstraint(fields=["scale", "key"], name="subscale_key_unique_per_scale")
        ]

    def __str__(self) -> str:
        return self.name


class ScaleItem(models.Model):
    subscale = models.ForeignKey(Subscale, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("statement"), max_length=300)
    reverse = models.BooleanField(
        _("reverse-scored"),
        default=False,
        help_text=_(
            "Agreeing means less of what the scale measures: scored as low + high - answer."
        ),
    )

    objects = MultilingualManager["ScaleItem"]()

    class Meta:
        ordering = ("subscale__order", "order", "pk")
        verbose_name = _("scale item")
        verbose_name_plural = _("scale items")

    def __str__(self) -> str:
        return self.text


class Survey(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("programme")
    )
    audience = models.CharField(_("sent to"), max_length=8, choices=Audience.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=SurveyKind.choices)
    title = models.CharField(_("title"), max_length=150)
    intro = models.TextField(_("introduction"), blank=True, max_length=3000)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    anonymous = models.BooleanField(
        _("anonymous to coordinators"),
        default=True,
        help_text=_("Coordinators see only totals, never an answer tied to a person."),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=MIN_REPORTED_GROUP,
        validators=[MinValueValidator(2)],
        help_text=_("Below this many answers no breakdown and no free-text answers are shown."),
    )
    state = models.CharField(
        _("state"), max_length=8, choices=SurveyState.choices, default=SurveyState.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MultilingualManager["Survey"]()

    class Meta:
        ordering = ("-opens_at", "pk")
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="survey_opens_before_close"
            ),
            models.CheckConstraint(
                condition=Q(min_group_size__gte=2), name="survey_min_group_at_least_two"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A survey must close after it opens.")})

    def accepts_answers(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.state == SurveyState.OPEN and self.opens_at <= now < self.closes_at

    def is_closed(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.state == SurveyState.CLOSED or (
            self.state == SurveyState.OPEN and now >= self.closes_at
        )


class Item(models.Model):
    """One question. `benefit` links items in different surveys that measure the same
    promised benefit; `help_answer` is the choice that means "please contact me"."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("One per line. For an agreement item, five lines replace the usual labels."),
    )
    required = models.BooleanField(_("required"), default=False)
    benefit = models.SlugField(_("benefit key"), max_length=40, blank=True)
    help_answer = models.CharField(
        _("answer that asks for help"),
        max_length=200,
        blank=True,
        help_text=_("If a respondent picks this choice, their mentorship is flagged."),
    )
    scale_item = models.ForeignKey(
        ScaleItem,
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="survey_items",
        verbose_name=_("scale item"),
    )

    objects = MultilingualManager["Item"]()

    class Meta:
        ordering = ("order", "pk")
        verbose_name = _("survey item")
        verbose_name_plural = _("survey items")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "benefit"],
                condition=~Q(benefit=""),
                name="benefit_once_per_survey",
            ),
            models.UniqueConstraint(
                fields=["survey", "scale_item"],
                condition=Q(scale_item__isnull=False),
                name="scale_item_once_per_survey",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        """The stored values of the choices (language-independent keys, see core/translated)."""
        return choice_keys(self)

    @property
    def choice_options(self) -> list[tuple[str, str]]:
        """(stored value, label in the reader's language) for each choice."""
        return translated_choice_options(self)

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def scale(self) -> tuple[int, int]:
        return (1, 5) if self.kind == ItemKind.LIKERT else (0, 10)

    def options(self) -> list[tuple[Any, str]]:
        """(value, label) pairs for the answer options, in order."""
        if self.kind == ItemKind.LIKERT:
            own = choice_labels(self)
            labels = own if len(own) == 5 else LIKERT_LABELS
            return [(i + 1, f"{i + 1} – {label}") for i, label in enumerate(labels)]
        if self.kind == ItemKind.SCALE:
            return [(i, str(i)) for i in range(11)]
        if self.kind in (ItemKind.SINGLE, ItemKind.MULTIPLE):
            return list(self.choice_options)
        return []

    def clean(self) -> None:
        if self.kind in (ItemKind.SINGLE, ItemKind.MULTIPLE) and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("A choice question needs at least two choices.")})
        if self.kind == ItemKind.LIKERT and self.choice_list and len(self.choice_list) != 5:
            raise ValidationError(
                {
                    "choices": _(
                        "An agreement question takes exactly five labels, one per line from "
                        "1 to 5 (you gave %(n)d), or none for the usual labels."
                    )
                    % {"n": len(self.choice_list)}
                }
            )
        if self.benefit and not self.is_numeric:
            raise ValidationError(
                {"benefit": _("Only agreement or 0–10 items can measure a benefit.")}
            )
        if self.help_answer and (
            self.kind != ItemKind.SINGLE or self.help_answer not in self.choice_list
        ):
            raise ValidationError(
                {"help_answer": _("The help answer must be one of this item's choices.")}
            )
        if errors := choice_count_errors(self):
            raise ValidationError(errors)

    def clean_value(self, raw: Any) -> Any:
        """The stored form of an answer, or None when unanswered; ValidationError with a
        human message when the answer is not possible for this item."""
        if raw is None or raw == "" or raw == []:
            return None
        if self.is_numeric:
            low, high = self.scale
            message = _("Choose a whole number from %(low)d to %(high)d.") % {
                "low": low,
                "high": high,
            }
            try:
                number = int(str(raw).strip())
            except (TypeError, ValueError):
                raise ValidationError(message) from None
            if not low <= number <= high:
                raise ValidationError(message)
            return number
        if self.kind == ItemKind.SINGLE:
            if str(raw) not in self.choice_list:
                raise ValidationError(_("Choose one of the listed answers."))
            return str(raw)
        if self.kind == ItemKind.MULTIPLE:
            values = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw])]
            unknown = [v for v in values if v not in self.choice_list]
            if unknown:
                raise ValidationError(_("Choose only from the listed answers."))
            return [c for c in self.choice_list if c in values]
        text = str(raw).strip()
        if len(text) > TEXT_MAX:
            raise ValidationError(
                _("Please keep this answer under %(max)d characters.") % {"max": TEXT_MAX}
            )
        return text or None


class Invitation(models.Model):
    """One person's personal link to one survey. The token is a second key: the link
    works only for its invitee, signed in, with this token."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    track = models.CharField(
        _("track"),
        max_length=10,
        blank=True,
        help_text=_("Master's or doctoral, noted when invited; used only for group figures."),
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_invitation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.user}"


class Response(models.Model):
    """One person's answers to one survey (the one-to-one invitation makes it one per
    person per survey). `submitted_at` is empty while it is a draft."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The respondent's own choice, asked on the answer form; only these written answers
    # may appear, without a name, as quotes in the programme's report for leadership.
    may_quote = models.BooleanField(
        _("may be quoted anonymously in reports"),
        default=False,
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    selected = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0, number__lte=10),
                name="answer_number_in_any_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} = {self.value}"

    @property
    def value(self) -> Any:
        if self.number is not None:
            return self.number
        if self.selected:
            return list(self.selected)
        return self.text or None


class HelpRequest(models.Model):
    """A halfway answer that asks the coordinator for help. It names the person (who
    agreed to that even in an anonymous survey) and flags their live mentorships."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="help_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_help_requests"
    )
    mentorships = models.ManyToManyField(
        "mentorships.Mentorship", blank=True, related_name="survey_help_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_help_request_per_survey")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.survey}"
