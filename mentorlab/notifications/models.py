"""The outbox: every e-mail Mentorlab sends, written in the transaction that caused it.

A row is the finished message (rendered in the recipient's language when it was queued), so a
worker can send it later without the objects it talks about, and a coordinator can see what is
waiting or failed. The programme is a plain indexed integer, not a foreign key: notifications
sits below programmes in the layers and must not import it.
"""

from __future__ import annotations

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
