from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorlab.programmes.models import Programme


class MentorshipState(models.TextChoices):
    INTRODUCED = "introduced", _("Introduced")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


LIVE_STATES = (MentorshipState.INTRODUCED, MentorshipState.ACTIVE)


class MentorshipQuerySet(models.QuerySet["Mentorship"]):
    def live(self) -> MentorshipQuerySet:
        """Mentorships still running: introduced or active (not completed, not ended)."""
        return self.filter(state__in=LIVE_STATES)


class MentorshipActorQuerySet(models.QuerySet["MentorshipActor"]):
    def live(self) -> MentorshipActorQuerySet:
        """Memberships of mentorships still running (introduced or active)."""
        return self.filter(mentorship__state__in=LIVE_STATES)

    def matched(self) -> MentorshipActorQuerySet:
        """Memberships that keep the student matched in the programme: live ones and closed
        ones alike, except an early-ended mentorship's when the programme freed its students
        for a new match. The database allows one such membership per student and programme."""
        return self.filter(live=True)


class Mentorship(models.Model):
    """A mentor with one actor, or with a small group of 2–3 actors (doctoral track)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="mentorships", verbose_name=_("programme")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentorships_as_mentor",
        verbose_name=_("mentor"),
    )
    actors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="MentorshipActor",
        related_name="mentorships_as_actor",
        verbose_name=_("actors"),
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=MentorshipState.choices,
        default=MentorshipState.INTRODUCED,
    )
    introduced_at = models.DateTimeField(_("introduced"), auto_now_add=True)
    agreed_at = models.DateTimeField(_("agreement confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending early"), blank=True)
    # When the participants last talked (a message or a meeting held): coordinators see the
    # date, never what was said. Written only through `services.mentorship_record_contact`.
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ("-introduced_at",)
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")

    def __str__(self) -> str:
        names = ", ".join(str(a) for a in self.actors.all())
        return f"{self.mentor} – {names}"

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES

    @property
    def is_group(self) -> bool:
        return self.members.count() > 1

    def is_actor(self, user: Any) -> bool:
        return any(m.actor_id == getattr(user, "pk", None) for m in self.members.all())

    def is_mentor(self, user: Any) -> bool:
        return self.mentor_id == getattr(user, "pk", None)

    def is_participant(self, user: Any) -> bool:
        return self.is_mentor(user) or self.is_actor(user)


class MentorshipActor(models.Model):
    """One actor in a mentorship. `programme` is copied here so that the database itself
    guarantees an actor has at most one live mentorship per programme."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="members")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorship_memberships"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    live = models.BooleanField(default=True)

    objects = MentorshipActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship member")
        verbose_name_plural = _("mentorship members")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "actor"],
                condition=Q(live=True),
                name="one_live_mentorship_per_actor",
            ),
            models.UniqueConstraint(
                fields=["mentorship", "actor"], name="actor_once_per_mentorship"
            ),
        ]

    def __str__(self) -> str:
        return str(self.actor)


# --- agreement ----------------------------------------------------------------------------
class MeetingMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("Mixed")


class Agreement(models.Model):
    """The pair's mentoring agreement. Its text lives in numbered versions, every one kept;
    `confirmed_at` is set once every participant has confirmed the latest version."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="agreement"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{_('Agreement')} – {self.mentorship}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def latest(self) -> AgreementVersion | None:
        if self.pk is None:  # an empty draft shown before anything was written
            return None
        return self.versions.order_by("-number").first()


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    objectives = models.TextField(_("objectives"), max_length=4000)
    topics = models.TextField(_("topics we will discuss"), max_length=2000, blank=True)
    topics_out = models.TextField(_("topics we keep out"), max_length=2000, blank=True)
    confidentiality = models.TextField(_("confidentiality"), max_length=2000)
    frequency = models.CharField(_("how often we meet"), max_length=120)
    mode = models.CharField(
        _("how we meet"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.MIXED
    )
    duration_months = models.PositiveSmallIntegerField(
        _("planned duration (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    who_books = models.CharField(_("who books the meetings"), max_length=200)
    progress_recording = models.TextField(_("how we record progress"), max_length=2000)
    comment = models.TextField(_("comment on this version"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-number",)
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(duration_months__gte=1) & Q(duration_months__lte=24),
                name="agreement_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class AgreementConfirmation(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="confirmations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="confirm_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}"


# --- first meeting ------------------------------------------------------------------------
class FirstMeetingStep(models.TextChoices):
    GET_TO_KNOW = "know", _("Get to know each other")
    PROCESS = "process", _("Agree on the process and set objectives")
    AGREEMENT = "agreement", _("Complete the mentoring agreement")
    BOOK = "book", _("Book the next meetings")
    PREPARE = "prepare", _("Agree how to prepare for the next meeting")


class ChecklistTick(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="ticks")
    step = models.CharField(max_length=10, choices=FirstMeetingStep.choices)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "step"], name="tick_step_once")
        ]

    def __str__(self) -> str:
        return self.step


# --- goals --------------------------------------------------------------------------------
class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    SHARED = "shared", _("Shared with my mentoring partner(s)")
    COORDINATORS = "coordinators", _("Shared with my partner(s) and the coordinators")


class Goal(models.Model):
    """A goal owned by one participant: an actor's goal, or a mentor's own learning goal.
    Only its owner edits it; others see it only when it is shared."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("goal"), max_length=200)
    why = models.TextField(_("why it matters"), max_length=2000, blank=True)
    success = models.TextField(_("what success looks like"), max_length=2000, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    visibility = models.CharField(
        _("who can see it"), max_length=12, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    progress_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="goal_progress_0_100"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.visibility != Visibility.PRIVATE

    @property
    def is_learning_goal(self) -> bool:
        """A mentor's own goal (reciprocity)."""
        return self.owner_id == self.mentorship.mentor_id

    def visible_to(self, user: Any) -> bool:
        if self.owner_id == getattr(user, "pk", None):
            return True
        return self.is_shared and self.mentorship.is_participant(user)


class GoalComment(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.text[:40]


# --- meetings -----------------------------------------------------------------------------
class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    start = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    mode = models.CharField(
        _("how"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.ON_SITE
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    sequence = models.PositiveIntegerField(default=0)
    shared_notes = models.TextField(_("shared notes"), max_length=10000, blank=True)
    notes_updated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What the reminders sent, so that they never send twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    log_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("start", "pk")
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15) & Q(duration_minutes__lte=480),
                name="meeting_duration_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} @ {self.start:%Y-%m-%d %H:%M}"

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration_minutes)

    @property
    def location(self) -> str:
        return " · ".join(p for p in (self.place, self.video_link) if p)

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(_("topic"), max_length=200)
    link = models.CharField(_("link"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Reflection(models.Model):
    """A participant's private reflection on one meeting: only its author ever reads it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("private reflection"), max_length=10000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="one_reflection_per_author")
        ]

    def __str__(self) -> str:
        return f"{self.author} – {self.meeting_id}"


class ClosingReflection(models.Model):
    """What a participant takes away when the mentorship closes; private to its author."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="closing_reflections"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("closing reflection"), max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"], name="one_closing_reflection_per_author"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} – {self.mentorship_id}"


# --- nudges -------------------------------------------------------------------------------
NUDGE_MAX_LENGTH = 300  # the length of an in-app notification: the nudge is shown whole


class Nudge(models.Model):
    """A friendly reminder sent to a pair: automatic (`condition` says why; at most once per
    mentorship and condition, which the database enforces so that two `send_nudges` runs
    never both send it) or by a coordinator (no condition; `sent_by` and the text they
    wrote)."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="nudges")
    condition = models.CharField(_("why"), max_length=20, blank=True)
    text = models.TextField(_("message"), max_length=NUDGE_MAX_LENGTH, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ("-sent_at", "-pk")
        verbose_name = _("nudge")
        verbose_name_plural = _("nudges")
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "condition"],
                condition=~Q(condition=""),
                name="automatic_nudge_once_per_condition",
            )
        ]
        indexes = [models.Index(fields=["mentorship", "-sent_at"], name="nudge_latest")]

    def __str__(self) -> str:
        return f"{self.mentorship_id}: {self.condition or 'coordinator'} {self.sent_at:%Y-%m-%d}"
