"""Reminder e-mails for open surveys: once per invitation, a few days before the survey
closes, to invitees who have not sent their answers — never hard on the heels of the
invitation itself: a survey that closes within three days of opening would otherwise get its
"closes soon" reminder in the same minute as the invitation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce

from . import emails
from .models import Invitation, SurveyState

REMIND_BEFORE_CLOSING = dt.timedelta(days=3)
# A reminder waits at least this long after the invitation went out; a survey that closes
# sooner than that after inviting someone gets no reminder for them at all.
REMIND_AFTER_INVITATION = dt.timedelta(days=1)


def due_invitations(now: dt.datetime) -> list[Invitation]:
    return list(
        Invitation.objects.alias(invited_at=Coalesce("sent_at", "created_at"))
        .filter(
            reminded_at__isnull=True,
            invited_at__lte=now - REMIND_AFTER_INVITATION,
            survey__state=SurveyState.OPEN,
            survey__opens_at__lte=now,
            survey__closes_at__gt=now,
            survey__closes_at__lte=now + REMIND_BEFORE_CLOSING,
        )
        .filter(Q(response__isnull=True) | Q(response__submitted_at__isnull=True))
        .select_related("survey__programme", "user")
    )


def send_due(now: dt.datetime) -> int:
    """Send the reminders that are due. Each invitation is claimed with a conditional
    update before its e-mail goes out, so running this twice (or in two workers at once)
    never sends a reminder twice."""
    sent = 0
    for invitation in due_invitations(now):
        with transaction.atomic():
            claimed = Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                invitation.reminded_at = now
                emails.survey_reminder(invitation)
                sent += 1
    return sent
