"""The unread-message mail: a participant who has not read a message for `UNREAD_AFTER`
gets one mail for that batch of messages (see `emails.py` for what it says and why it
carries no text). Their `ReadMarker.mailed_up_to` records the newest message the mail
covered, so running this again mails nobody twice; only messages written after it make a
new batch. Locked per marker with SKIP LOCKED, so two schedulers never both send."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max

from . import emails
from .models import Message, ReadMarker
from .selectors import Thread, messages_waiting, thread_by_owner, thread_of_conversation

UNREAD_AFTER = dt.timedelta(minutes=30)
# Do not dig up old conversations (e.g. when reminders are switched on late).
WINDOW = dt.timedelta(days=7)


def send_due(now: dt.datetime) -> int:
    sent = 0
    for conversation in messages_waiting(now - WINDOW, now - UNREAD_AFTER):
        kind, owner_id = thread_of_conversation(conversation)
        # Who takes part is read live: someone who left the group is not mailed.
        thread = thread_by_owner(kind, owner_id)
        if thread is None:
            continue
        for person in thread.participants:
            if person.is_active and _remind(conversation.pk, person, thread, now):
                sent += 1
    return sent


def _remind(conversation_id: int, person: Any, thread: Thread, now: dt.datetime) -> bool:
    with transaction.atomic():
        ReadMarker.objects.get_or_create(conversation_id=conversation_id, user=person)
        marker = (
            ReadMarker.objects.select_for_update(skip_locked=True)
            .filter(conversation_id=conversation_id, user=person)
            .first()
        )
        if marker is None:
            return False  # another scheduler is on it
        seen = max(marker.last_read_id, marker.mailed_up_to)
        unread = Message.objects.filter(
            conversation_id=conversation_id, pk__gt=seen, deleted_at__isnull=True
        ).exclude(author=person)
        if not unread.filter(created_at__lte=now - UNREAD_AFTER).exists():
            return False
        newest = unread.aggregate(newest=Max("pk"))["newest"]
        senders = sorted({str(m.author) for m in unread.select_related("author")})
        marker.mailed_up_to = newest
        marker.mailed_at = now
        marker.save(update_fields=["mailed_up_to", "mailed_at"])
        # Queued in this transaction: the outbox sends it after the commit.
        emails.unread_messages(
            to=person,
            kind=thread.kind,
            owner_id=thread.owner_id,
            title=str(thread.title),
            senders=senders,
            count=unread.count(),
            reply_to=[p.email for p in thread.participants if p.pk != person.pk],
            programme_id=thread.owner.programme_id,
        )
    return True
