from __future__ import annotations

import calendar
import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from mentorlab.core.translated import (
    blank_to_null,
    choice_count_errors,
    choice_keys,
    choice_options,
)

from .choices import (
    INDUSTRIES,
    ApplicationStatus,
    DegreeLevel,
    MentorLevels,
    Role,
    Track,
)

logger = logging.getLogger(__name__)


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    RECRUITING = "recruiting", _("Applications open")
    MATCHING = "matching", _("Matching")
    MENTORING = "mentoring", _("Mentoring")
    HALFWAY = "halfway", _("Halfway check-in")
    CLOSING = "closing", _("Closing")
    ENDED = "ended", _("Ended")


class Programme(models.Model):
    """One cycle of the programme, e.g. "Mentoring 2027", with all of its dates."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.BOTH)
    # Cycles of one programme ("Mentoring 2025–26", "Mentoring 2026–27") share a series key;
    # the dashboard's across-cycles page compares them. Empty: a programme of its own.
    series = models.SlugField(
        _("series"),
        max_length=60,
        blank=True,
        default="",
        help_text=_(
            "A short name that the yearly cycles of the same programme share, for example "
            '"mentoring". The dashboard compares the cycles of a series.'
        ),
    )
    description = models.TextField(_("description"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_programmes",
        blank=True,
        verbose_name=_("coordinators"),
    )
    mentor_signup_opens = models.DateField(_("mentor sign-up opens"))
    mentor_signup_closes = models.DateField(_("mentor sign-up closes"))
    actor_applications_open = models.DateField(_("student applications open"))
    actor_applications_close = models.DateField(_("student applications close"))
    matching_date = models.DateField(_("matches published by"))
    kickoff_date = models.DateField(_("kick-off"))
    halfway_date = models.DateField(_("halfway check-in"))
    closing_date = models.DateField(_("closing event"))
    end_date = models.DateField(_("programme ends"))
    phase_override = models.CharField(
        _("phase override"),
        max_length=12,
        choices=Phase.choices,
        blank=True,
        help_text=_("Leave empty to follow the dates."),
    )
    max_mentor_capacity = models.PositiveSmallIntegerField(
        _("most students one mentor may take"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    recommended_meetings = models.PositiveSmallIntegerField(
        _("recommended number of meetings"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    actor_preferences_enabled = models.BooleanField(
        _("students rank suggested mentors"),
        default=False,
        help_text=_(
            "After applications close, accepted students see suggestions and rank up to three."
        ),
    )
    suggestions_show_offer = models.BooleanField(
        _("students see what mentors wrote they can offer when ranking"), default=True
    )
    rematch_after_early_end = models.BooleanField(
        _("a student whose mentorship ends early may be matched again"), default=False
    )
    is_public = models.BooleanField(_("shown on the public home page"), default=True)
    contact_email = models.EmailField(
        _("contact address"),
        blank=True,
        help_text=_(
            "Replies to the programme's e-mails go here. Leave empty to send them to the "
            "coordinators."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("months participants' data is kept after the programme ends"),
        default=24,
        validators=[
            MinValueValidator(1, _("Keep the data for at least one month.")),
            MaxValueValidator(240),
        ],
        help_text=_("After this, participants who take part in no later programme are anonymised."),
    )
    quiet_weeks = models.PositiveSmallIntegerField(
        _("weeks without a message or meeting before a pair is nudged"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
        help_text=_(
            "A live pair that has neither written nor met for this long is flagged for you and "
            "gets one friendly automatic reminder."
        ),
    )
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        verbose_name=_("copied from"),
        help_text=_("The earlier cycle this programme was set up from, if any."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The manager django-modeltranslation would swap in anyway (see translation.py), declared
    # so that mypy knows its type; likewise on every model with translated fields.
    objects = MultilingualManager["Programme"]()

    class Meta:
        ordering = ("-kickoff_date", "name")
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(mentor_signup_opens__lte=models.F("mentor_signup_closes")),
                name="programme_mentor_window_order",
            ),
            models.CheckConstraint(
                condition=Q(actor_applications_open__lte=models.F("actor_applications_close")),
                name="programme_actor_window_order",
            ),
            models.CheckConstraint(
                condition=Q(kickoff_date__lte=models.F("halfway_date"))
                & Q(halfway_date__lte=models.F("closing_date"))
                & Q(closing_date__lte=models.F("end_date")),
                name="programme_cycle_order",
            ),
            models.CheckConstraint(
                condition=Q(retention_months__gte=1), name="programme_retention_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.retention_months is not None and self.retention_months < 1:
            # The field's validator refuses it; the data-protection officer wants to see
            # that someone tried to keep data for no time (or a negative time) at all.
            logger.warning(
                "Refused retention period of %s months for programme %r",
                self.retention_months,
                self.slug,
            )
        errors: dict[str, Any] = {}

        def after(later: str, earlier: str, message: Any) -> None:
            a, b = getattr(self, later), getattr(self, earlier)
            if a and b and a < b:
                errors.setdefault(later, []).append(message)

        after(
            "mentor_signup_closes",
            "mentor_signup_opens",
            _("Sign-up cannot close before it opens."),
        )
        after(
            "actor_applications_close",
            "actor_applications_open",
            _("Applications cannot close before they open."),
        )
        after(
            "matching_date",
            "actor_applications_close",
            _("Matching comes after applications close."),
        )
        after("kickoff_date", "matching_date", _("The kick-off comes after matching."))
        after("halfway_date", "kickoff_date", _("The halfway check-in comes after the kick-off."))
        after(
            "closing_date", "halfway_date", _("The closing event comes after the halfway check-in.")
        )
        after("end_date", "closing_date", _("The programme cannot end before its closing event."))
        if errors:
            raise ValidationError(errors)

    # --- dates and phases -------------------------------------------------------------
    @property
    def retention_ends(self) -> dt.date:
        """The day from which its participants' data is no longer kept (unless they take
        part in a programme whose period still runs): end date + retention_months."""
        months = self.end_date.month - 1 + self.retention_months
        year, month = self.end_date.year + months // 12, months % 12 + 1
        day = min(self.end_date.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)

    @staticmethod
    def today() -> dt.date:
        return timezone.localdate()

    def mentor_signup_is_open(self, on: dt.date | None = None) -> bool:
        day = on or self.today()
        return self.mentor_signup_opens <= day <= self.mentor_signup_closes

    def actor_applications_are_open(self, on: dt.date | None = None) -> bool:
        day = on or self.today()
        return self.actor_applications_open <= day <= self.actor_applications_close

    def window_is_open(self, role: str, on: dt.date | None = None) -> bool:
        if role == Role.MENTOR:
            return self.mentor_signup_is_open(on)
        return self.actor_applications_are_open(on)

    def window_dates(self, role: str) -> tuple[dt.date, dt.date]:
        if role == Role.MENTOR:
            return self.mentor_signup_opens, self.mentor_signup_closes
        return self.actor_applications_open, self.actor_applications_close

    def phase_on(self, day: dt.date) -> Phase:
        first_open = min(self.mentor_signup_opens, self.actor_applications_open)
        last_close = max(self.mentor_signup_closes, self.actor_applications_close)
        if day < first_open:
            return Phase.UPCOMING
        if day <= last_close:
            return Phase.RECRUITING
        if day < self.kickoff_date:
            return Phase.MATCHING
        if day < self.halfway_date:
            return Phase.MENTORING
        if day < self.closing_date:
            return Phase.HALFWAY
        if day <= self.end_date:
            return Phase.CLOSING
        return Phase.ENDED

    @property
    def phase(self) -> Phase:
        if self.phase_override:
            return Phase(self.phase_override)
        return self.phase_on(self.today())

    def timeline(self) -> list[tuple[str, dt.date, dt.date | None]]:
        """The cycle's milestones in order, for the public page and the dashboards."""
        return [
            (str(_("Mentor sign-up")), self.mentor_signup_opens, self.mentor_signup_closes),
            (
                str(_("Student applications")),
                self.actor_applications_open,
                self.actor_applications_close,
            ),
            (str(_("Matches published")), self.matching_date, None),
            (str(_("Kick-off")), self.kickoff_date, None),
            (str(_("Halfway check-in")), self.halfway_date, None),
            (str(_("Closing event")), self.closing_date, None),
            (str(_("Programme ends")), self.end_date, None),
        ]

    def accepts_level(self, level: str) -> bool:
        return self.track == Track.BOTH or self.track == level

    def reply_to(self) -> list[str]:
        """Where a reply to the programme's e-mail goes: its contact address, or else the
        coordinators' addresses."""
        if self.contact_email:
            return [self.contact_email]
        return list(
            self.coordinators.filter(is_active=True).order_by("pk").values_list("email", flat=True)
        )

    def is_coordinator(self, user: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return self.coordinators.filter(pk=user.pk).exists()


class Topic(models.Model):
    """A discussion topic from the coordinators' list for one programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = MultilingualManager["Topic"]()

    class Meta:
        ordering = ("order", "name")
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="topic_unique_per_programme")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        blank_to_null(self, ("name",))
        super().save(*args, **kwargs)

    def clean(self) -> None:
        blank_to_null(self, ("name",))


class QuestionKind(models.TextChoices):
    SHORT = "short", _("Short text")
    LONG = "long", _("Long text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class QuestionAudience(models.TextChoices):
    ACTORS = "actor", _("Students")
    MENTORS = "mentor", _("Mentors")
    BOTH = "both", _("Both")


class CustomQuestion(models.Model):
    """An extra question a coordinator adds to one programme's application forms."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="questions")
    audience = models.CharField(
        _("asked of"), max_length=8, choices=QuestionAudience.choices, default=QuestionAudience.BOTH
    )
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = MultilingualManager["CustomQuestion"]()

    class Meta:
        ordering = ("order", "pk")
        verbose_name = _("custom question")
        verbose_name_plural = _("custom questions")

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        """The stored values of the choices (language-independent keys, see core/translated)."""
        return choice_keys(self)

    @property
    def choice_options(self) -> list[tuple[str, str]]:
        """(stored value, label in the reader's language) for each choice."""
        return choice_options(self)

    def clean(self) -> None:
        if self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("A choice question needs at least two choices.")})
        if errors := choice_count_errors(self):
            raise ValidationError(errors)

    def asked_of(self, role: str) -> bool:
        return self.audience in (QuestionAudience.BOTH, role)


class ApplicationBase(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    languages = models.JSONField(_("languages"), default=list)
    city = models.CharField(_("city"), max_length=80, blank=True)
    remote_ok = models.BooleanField(_("remote meetings suit me"), default=True)
    answers = models.JSONField(_("answers to extra questions"), default=dict, blank=True)
    privacy_consent = models.BooleanField(_("consent to the privacy notice"), default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coordinator_note = models.TextField(_("coordinator's note"), blank=True)

    role: str

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.user} – {self.programme}"

    @property
    def is_editable(self) -> bool:
        return (
            self.programme.window_is_open(self.role) and self.status != ApplicationStatus.WITHDRAWN
        )


class ActorApplication(ApplicationBase):
    role = Role.ACTOR
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="actor_applications",
        verbose_name=_("programme"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="actor_applications"
    )
    degree_level = models.CharField(_("degree level"), max_length=10, choices=DegreeLevel.choices)
    field_of_study = models.CharField(_("field of study"), max_length=120)
    school = models.CharField(_("school"), max_length=10)
    study_year = models.PositiveSmallIntegerField(
        _("year of study"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    goals = models.TextField(_("what you want from mentoring"), max_length=4000)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    industries = models.JSONField(_("industries of interest"), default=list, blank=True)
    conflict_employer = models.CharField(
        _("employer you must not be matched with"),
        max_length=120,
        blank=True,
        help_text=_("For example, a company you work for or are negotiating with."),
    )

    class Meta:
        verbose_name = _("student application")
        verbose_name_plural = _("student applications")
        ordering = ("-submitted_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], name="one_actor_application_per_programme"
            )
        ]


class MentorApplication(ApplicationBase):
    role = Role.MENTOR
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="mentor_applications",
        verbose_name=_("programme"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_applications"
    )
    degree = models.CharField(_("degree"), max_length=120)
    degree_field = models.CharField(_("field of your degree"), max_length=120)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    current_role = models.CharField(_("current role"), max_length=120)
    employer = models.CharField(_("employer"), max_length=120, blank=True)
    industry = models.CharField(_("industry"), max_length=20, choices=INDUSTRIES)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="+", verbose_name=_("expertise")
    )
    levels = models.CharField(
        _("I can mentor"), max_length=10, choices=MentorLevels.choices, default=MentorLevels.BOTH
    )
    capacity = models.PositiveSmallIntegerField(
        _("how many students you can take"), default=1, validators=[MinValueValidator(1)]
    )
    offer = models.TextField(_("what you can offer"), max_length=4000)

    class Meta:
        verbose_name = _("mentor application")
        verbose_name_plural = _("mentor applications")
        ordering = ("-submitted_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], name="one_mentor_application_per_programme"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="mentor_capacity_positive"),
        ]

    def takes_level(self, level: str) -> bool:
        return self.levels == MentorLevels.BOTH or self.levels == level

    @property
    def level_set(self) -> set[str]:
        if self.levels == MentorLevels.BOTH:
            return {DegreeLevel.MASTERS, DegreeLevel.DOCTORAL}
        return {self.levels}


class ImportRole(models.TextChoices):
    """Whom a spreadsheet holds: students, mentors, or each row says in its Role column."""

    FROM_FILE = "", _("As the Role column says")
    ACTOR = "actor", _("Students")
    MENTOR = "mentor", _("Mentors")


class ImportMapping(models.Model):
    """A coordinator's saved answer to "which column holds what", reused for the next file
    from the same source (the alumni register, the student survey)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="import_mappings"
    )
    name = models.CharField(_("name"), max_length=80)
    role = models.CharField(
        _("the file holds"), max_length=8, choices=ImportRole.choices, blank=True
    )
    # {column header as in the file: field key}; a header not listed is not imported.
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="import_mapping_unique_per_programme"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ImportUpload(models.Model):
    """An uploaded spreadsheet kept between its preview and the confirmation, so that what
    is imported is byte for byte what was previewed (the hash proves it). Only the
    coordinator who uploaded it may use it; it is deleted once imported, and old ones are
    cleared whenever the same coordinator uploads again."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="import_uploads"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_uploads"
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("uploaded import file")
        verbose_name_plural = _("uploaded import files")

    def __str__(self) -> str:
        return self.filename
