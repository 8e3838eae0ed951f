"""A conversation belongs to one mentorship or one peer group; its participants are that
mentorship's mentor and students, or the group's members, read live from those apps (a
student who leaves a group stops reading the moment they leave). Nobody else reads it:
not the coordinators, who see only when the pair was last in touch."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorlab.events.models import PeerGroup
from mentorlab.mentorships.models import Mentorship
from mentorlab.programmes.models import Programme

MAX_MESSAGE_LENGTH = 5000


class Conversation(models.Model):
    """Created with its first message, so that opening an empty conversation writes nothing."""

    mentorship = models.OneToOneField(
        Mentorship,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conversation",
        verbose_name=_("mentorship"),
    )
    peer_group = models.OneToOneField(
        PeerGroup,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conversation",
        verbose_name=_("peer group"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Moves on every post, edit and delete: the page's poll compares it and gets "nothing
    # new" (204) without reading any message.
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(mentorship__isnull=False) & Q(peer_group__isnull=True))
                | (Q(mentorship__isnull=True) & Q(peer_group__isnull=False)),
                name="conversation_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{_('Conversation')} {self.pk}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_messages"
    )
    text = models.TextField(_("message"), max_length=MAX_MESSAGE_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # A deleted message keeps its place ("message deleted") but not its text.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("pk",)
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["conversation", "id"], name="message_conversation_id")]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.text[:40]}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ReadMarker(models.Model):
    """How far one participant has read, and how far the unread-message mail has told
    them: the reminder mails once per batch of unread messages, never twice."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="markers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_markers"
    )
    last_read_id = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)
    mailed_up_to = models.PositiveBigIntegerField(default=0)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_marker_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.conversation_id}: {self.last_read_id}"


# --- announcements ------------------------------------------------------------------------
ANNOUNCEMENT_SUBJECT_LENGTH = 150
ANNOUNCEMENT_BODY_LENGTH = 10_000


class Audience(models.TextChoices):
    BOTH = "both", _("Students and mentors")
    ACTORS = "actors", _("Students")
    MENTORS = "mentors", _("Mentors")


class PairState(models.TextChoices):
    ANY = "", _("Everyone, matched or not")
    MATCHED = "matched", _("In a running mentorship")
    UNMATCHED = "unmatched", _("Not in a running mentorship")
    NO_AGREEMENT = "no_agreement", _("Pairs without a confirmed agreement")
    NO_MEETING = "no_meeting", _("Pairs that have not met yet")
    ATTENTION = "attention", _("Pairs that need attention")


class Announcement(models.Model):
    """A coordinator's message to a programme's students, mentors or both (narrowed by track
    or by the state of their mentorship). Who it went to is kept in `recipients`, as it was
    when it was sent: the archive shows each person what was addressed to them."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    subject = models.CharField(_("subject"), max_length=ANNOUNCEMENT_SUBJECT_LENGTH)
    body = models.TextField(_("text"), max_length=ANNOUNCEMENT_BODY_LENGTH)
    audience = models.CharField(_("to"), max_length=8, choices=Audience.choices)
    track = models.CharField(_("track"), max_length=10, blank=True)
    pair_state = models.CharField(
        _("mentorship"), max_length=14, blank=True, choices=PairState.choices
    )
    # The compose form's one-time key: a second click on "Send" finds the first announcement
    # instead of sending it again.
    token = models.UUIDField(unique=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ("-sent_at", "-pk")
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.subject


class AnnouncementRecipient(models.Model):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcements_received"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="announcement_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} → {self.user_id}"
