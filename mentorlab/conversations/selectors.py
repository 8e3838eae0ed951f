"""Reads for conversations, with who may read what applied in one place (`thread_or_404`).

A page costs the same number of queries however long the conversation is: the history is
paged (`PAGE_SIZE` messages at a time) and each message comes with its author."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from mentorlab.events.models import PeerGroup
from mentorlab.mentorships.models import Mentorship

from .models import Conversation, Message, ReadMarker

PAGE_SIZE = 50
MENTORSHIP = "mentorship"
GROUP = "group"
KINDS = (MENTORSHIP, GROUP)


@dataclass
class Thread:
    """A conversation as one participant sees it. `conversation` is None until the first
    message: opening a conversation never writes."""

    kind: str
    owner: Mentorship | PeerGroup
    participants: list[Any]
    conversation: Conversation | None
    can_post: bool
    title: str
    back_url: str

    @property
    def owner_id(self) -> int:
        return self.owner.pk

    def url(self, name: str = "thread") -> str:
        return reverse(f"conversations:{name}", args=[self.kind, self.owner.pk])


def _mentorship_thread(pk: int) -> Thread | None:
    mentorship = (
        Mentorship.objects.filter(pk=pk)
        .select_related("programme", "mentor", "conversation")
        .prefetch_related("members__actor")
        .first()
    )
    if mentorship is None:
        return None
    actors = [m.actor for m in mentorship.members.all()]
    return Thread(
        kind=MENTORSHIP,
        owner=mentorship,
        participants=[mentorship.mentor, *actors],
        conversation=getattr(mentorship, "conversation", None),
        can_post=mentorship.is_live,
        title=_("Mentorship in %(programme)s") % {"programme": mentorship.programme.name},
        back_url=reverse("mentorships:detail", args=[mentorship.pk]),
    )


def _group_thread(pk: int) -> Thread | None:
    # Only a published group has a conversation: a draft's members do not know of it yet.
    group = (
        PeerGroup.objects.filter(pk=pk, is_published=True)
        .select_related("programme", "conversation")
        .prefetch_related("memberships__user")
        .first()
    )
    if group is None:
        return None
    return Thread(
        kind=GROUP,
        owner=group,
        participants=[m.user for m in group.memberships.all()],
        conversation=getattr(group, "conversation", None),
        can_post=True,
        title=group.name,
        back_url=reverse("events:group", args=[group.pk]),
    )


def thread_by_owner(kind: str, pk: int) -> Thread | None:
    """The thread of a mentorship or a published peer group, with no access check: for
    the services and the reminder, which check who takes part themselves."""
    if kind == MENTORSHIP:
        return _mentorship_thread(pk)
    if kind == GROUP:
        return _group_thread(pk)
    return None


def thread_for(user: Any, kind: str, pk: int) -> Thread | None:
    """The thread if `user` takes part in it now, else None. Coordinators are not
    participants, not even of their own programme's pairs."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    thread = thread_by_owner(kind, pk)
    if thread is None or all(p.pk != user.pk for p in thread.participants):
        return None
    return thread


def thread_or_404(user: Any, kind: str, pk: int) -> Thread:
    thread = thread_for(user, kind, pk)
    if thread is None:
        raise Http404
    return thread


def thread_of_conversation(conversation: Conversation) -> tuple[str, int]:
    if conversation.mentorship_id is not None:
        return MENTORSHIP, conversation.mentorship_id
    assert conversation.peer_group_id is not None
    return GROUP, conversation.peer_group_id


def own_message_or_404(user: Any, pk: int) -> tuple[Message, Thread]:
    """A message its author may edit or delete, while they still take part in the
    conversation; 404 for everyone else, the other participants included."""
    message = (
        Message.objects.filter(pk=pk, author_id=getattr(user, "pk", None))
        .select_related("conversation")
        .first()
    )
    if message is None:
        raise Http404
    kind, owner_id = thread_of_conversation(message.conversation)
    return message, thread_or_404(user, kind, owner_id)


@dataclass
class Page:
    messages: list[Message]
    earlier_before: int | None  # show "earlier" with ?before=<id> when set
    first_unread_id: int | None  # where the "new" divider goes
    last_id: int
    is_latest: bool  # the newest page, the one that polls for more


def marker_for(conversation: Conversation | None, user: Any) -> ReadMarker | None:
    if conversation is None:
        return None
    return ReadMarker.objects.filter(conversation=conversation, user=user).first()


def history_page(thread: Thread, user: Any, *, before: int | None = None) -> Page:
    """`PAGE_SIZE` messages, oldest first, ending just before `before` (or at the newest).
    Two queries: the messages with their authors, and the reader's marker."""
    conversation = thread.conversation
    if conversation is None:
        return Page([], None, None, 0, before is None)
    qs = conversation.messages.select_related("author").order_by("-pk")
    if before is not None:
        qs = qs.filter(pk__lt=before)
    newest_first = list(qs[: PAGE_SIZE + 1])
    has_earlier = len(newest_first) > PAGE_SIZE
    messages = list(reversed(newest_first[:PAGE_SIZE]))
    marker = marker_for(conversation, user)
    last_read = marker.last_read_id if marker else 0
    first_unread = next(
        (m.pk for m in messages if m.pk > last_read and m.author_id != user.pk), None
    )
    return Page(
        messages=messages,
        earlier_before=messages[0].pk if has_earlier and messages else None,
        first_unread_id=first_unread,
        last_id=messages[-1].pk if messages else 0,
        is_latest=before is None,
    )


def unread_count(user: Any, *, field: str, owner_id: int) -> int:
    """Messages from others the user has not read in the conversation of a mentorship
    (`field="mentorship"`) or a peer group (`field="peer_group"`): one query."""
    last_read = ReadMarker.objects.filter(conversation=OuterRef("conversation"), user=user)
    return (
        Message.objects.filter(**{f"conversation__{field}_id": owner_id}, deleted_at__isnull=True)
        .exclude(author=user)
        .filter(pk__gt=Coalesce(Subquery(last_read.values("last_read_id")[:1]), Value(0)))
        .count()
    )


def stamp(conversation: Conversation | None) -> str:
    """What the poll compares to know whether anything changed."""
    return conversation.changed_at.isoformat() if conversation else "0"


def messages_waiting(since: dt.datetime, until: dt.datetime) -> QuerySet[Conversation]:
    """Conversations with a message written between `since` and `until` (for the
    reminder): only those can owe anyone an unread-message mail."""
    return Conversation.objects.filter(
        Q(messages__created_at__gte=since)
        & Q(messages__created_at__lte=until)
        & Q(messages__deleted_at__isnull=True)
    ).distinct()
