"""Joint events, registrations (with a waitlist), peer-support groups with a board, and the
opt-in networking directory of one programme."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from mentorlab.core.translated import blank_to_null
from mentorlab.programmes.choices import INDUSTRIES
from mentorlab.programmes.models import Programme, Topic


class EventKind(models.TextChoices):
    BRIEFING = "briefing", _("Briefing")
    KICKOFF = "kickoff", _("Kick-off")
    GROUP_MENTORING = "group_mentoring", _("Group mentoring session")
    PEER_SUPPORT = "peer_support", _("Peer-support session")
    NETWORKING = "networking", _("Networking event")
    CLOSING = "closing", _("Closing event")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    ACTORS = "actors", _("Students")
    MENTORS = "mentors", _("Mentors")
    EVERYONE = "everyone", _("Everyone")
    GROUP = "group", _("One peer group")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class PeerGroup(models.Model):
    """A small group of students (4–6) around a shared theme. Members see it once published."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="peer_groups", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=80)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MultilingualManager["PeerGroup"]()

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="peer_group_name_unique_per_programme"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        blank_to_null(self, ("name",))
        super().save(*args, **kwargs)

    def clean(self) -> None:
        blank_to_null(self, ("name",))


class PeerGroupMember(models.Model):
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="memberships")
    # Repeated from the group so that the database can keep one group per person per programme.
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_memberships"
    )

    class Meta:
        ordering = ("user__full_name", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], name="one_peer_group_per_person_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.group}"


class BoardPost(models.Model):
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class Event(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="events", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(
        _("description"), blank=True, max_length=10000, help_text=_("Markdown is allowed.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    audience = models.CharField(
        _("for whom"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    peer_group = models.ForeignKey(
        PeerGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("peer group"),
        help_text=_("Only when the event is for one peer group."),
    )
    capacity = models.IntegerField(
        _("seats"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    registration_deadline = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to allow registration until the event starts."),
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder, hours before"),
        default=24,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("Registered people get an e-mail this many hours before. 0 sends none."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # Grows with every change a calendar must pick up (time, place, cancellation).
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MultilingualManager["Event"]()

    class Meta:
        ordering = ("starts_at", "pk")
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=(Q(audience="group") & Q(peer_group__isnull=False))
                | (~Q(audience="group") & Q(peer_group__isnull=True)),
                name="event_group_audience_has_group",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, list[object]] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors.setdefault("ends_at", []).append(_("The event must end after it starts."))
        if self.capacity is not None and self.capacity < 1:
            errors.setdefault("capacity", []).append(
                _("Seats must be at least 1; leave the field empty for no limit.")
            )
        if (
            self.registration_deadline
            and self.starts_at
            and self.registration_deadline > self.starts_at
        ):
            errors.setdefault("registration_deadline", []).append(
                _("Registration must close before the event starts.")
            )
        if self.audience == Audience.GROUP and not self.peer_group_id:
            errors.setdefault("peer_group", []).append(_("Choose the peer group."))
        if self.audience != Audience.GROUP and self.peer_group_id:
            errors.setdefault("peer_group", []).append(
                _("A peer group is chosen only when the event is for one peer group.")
            )
        if (
            self.peer_group_id
            and self.programme_id
            and self.peer_group is not None
            and self.peer_group.programme_id != self.programme_id
        ):
            errors.setdefault("peer_group", []).append(_("That group is in another programme."))
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def uid(self) -> str:
        return f"event-{self.pk}@mentorlab"


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    note = models.CharField(
        _("dietary or accessibility needs"),
        max_length=500,
        blank=True,
        help_text=_("Only the coordinators see this."),
    )
    # Waitlist order: when the person (re)joined.
    queued_at = models.DateTimeField()
    attended = models.BooleanField(_("attended"), default=False)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("queued_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event} ({self.status})"


class DirectoryEntry(models.Model):
    """One person's opt-in card in a programme's networking directory. Deleting it is the
    opt-out: the person disappears from the directory at once."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="directory_entries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_entries"
    )
    role = models.CharField(_("role"), max_length=12)
    field = models.CharField(
        _("field or profession"),
        max_length=120,
        blank=True,
        help_text=_("For example your study programme or your job title."),
    )
    industry = models.CharField(_("industry"), max_length=20, choices=INDUSTRIES, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    intro = models.TextField(_("short introduction"), max_length=600, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Shown to other participants only if you fill it in."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("user__full_name", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], name="one_directory_entry_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.programme}"
