"""The outbox: every e-mail Mentorlab sends, written in the transaction that caused it.

A row is the finished message (rendered in the recipient's language when it was queued), so a
worker can send it later without the objects it talks about, and a coordinator can see what is
waiting or failed. The programme is a plain indexed integer, not a foreign key: notifications
sits below programmes in the layers and must not import it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMail(models.Model):
    key = models.CharField(
        _("idempotency key"),
        max_length=200,
        unique=True,
        help_text=_("The same key is never queued twice, so a retried task cannot send twice."),
    )
    batch = models.CharField(max_length=32, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=120, db_index=True)
    to_email = models.EmailField(_("recipient address"))
    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    programme_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    # An iCalendar invitation (METHOD:REQUEST or CANCEL) sent as a text/calendar alternative
    # and as an invite.ics attachment, so calendar apps add, move or remove the entry.
    calendar = models.TextField(blank=True)
    # A mail queued by a bulk action is rendered by the worker: the dotted path of a function
    # that takes these ids and returns what to render (see `mail.send_later`).
    render_with = models.CharField(max_length=200, blank=True)
    render_args = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=MailState.choices, default=MailState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            # The sweep and the workers look for due queued mail; the coordinator's page
            # counts a programme's mail by state.
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["programme_id", "state"], name="outbox_programme_state"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email} ({self.state})"


class Notification(models.Model):
    """One thing that happened for one person, shown in the app (the bell and the
    notifications page) and mailed at once, in a digest or not at all, as they chose.

    The text is rendered in the recipient's language when the notification is made, so the
    page needs no query per notification to say what happened."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    programme_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Waiting for the daily or weekly digest ("" when not); digested_at is set once it went.
    digest = models.CharField(max_length=8, blank=True, default="")
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell counts a person's unread notifications on every page.
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_newest"),
            # send_digests looks for what waits for a digest.
            models.Index(
                fields=["digest", "user"],
                name="notification_digest_due",
                condition=models.Q(digested_at__isnull=True) & ~models.Q(digest=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}: {self.text}"


class NotificationPreference(models.Model):
    """How a person hears about one optional kind; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(_("delivery"), max_length=8)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
