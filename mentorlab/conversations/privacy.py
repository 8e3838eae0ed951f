"""Conversations in the data download and in account erasure.

Export: every conversation the person takes part in now, with its messages (they were
party to all of them, as to a pair's shared notes; deleted messages appear as deleted,
without text), and every message they wrote, also in conversations they have left.

Erasure: the text of each of their messages is erased and the message marked deleted; the
message keeps its place, so the others' replies still read in order, under "Former
participant". Their read markers go. The others' messages stay: they belong to them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.accounts.privacy import person, plain

from .models import AnnouncementRecipient, Conversation, Message, ReadMarker
from .selectors import thread_for, thread_of_conversation


def _message(message: Message) -> dict[str, Any]:
    return {
        "author": person(message.author),
        "text": message.text,
        "created_at": plain(message.created_at),
        "edited_at": plain(message.edited_at),
        "deleted": message.is_deleted,
    }


def export(user: User) -> dict[str, Any]:
    candidates = Conversation.objects.filter(
        Q(mentorship__mentor=user)
        | Q(mentorship__members__actor=user)
        | Q(peer_group__memberships__user=user)
        | Q(messages__author=user)
    ).distinct()
    conversations = []
    for conversation in candidates.order_by("pk"):
        kind, owner_id = thread_of_conversation(conversation)
        thread = thread_for(user, kind, owner_id)
        if thread is None:
            continue  # left it: only their own messages (below)
        conversations.append(
            {
                "kind": kind,
                "title": str(thread.title),
                "participants": [person(p) for p in thread.participants],
                "messages": [_message(m) for m in conversation.messages.select_related("author")],
            }
        )
    own = Message.objects.filter(author=user).select_related("author").order_by("pk")
    received = [
        {
            "programme": r.announcement.programme.name,
            "subject": r.announcement.subject,
            "text": r.announcement.body,
            "sent_at": plain(r.announcement.sent_at),
        }
        for r in AnnouncementRecipient.objects.filter(user=user)
        .select_related("announcement__programme")
        .order_by("announcement__sent_at", "pk")
    ]
    if not conversations and not own.exists() and not received:
        return {}
    return {
        "conversations": conversations,
        "messages_you_wrote": [_message(m) for m in own],
        "announcements_received": received,
    }


def erase(user: User) -> None:
    Message.objects.filter(author=user, deleted_at__isnull=True).update(
        text="", deleted_at=timezone.now()
    )
    ReadMarker.objects.filter(user=user).delete()
