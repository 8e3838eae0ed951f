"""Demo conversations in "mentoring-2026": the demo pair's lively thread (with one message
the demo student has not read yet, so the unread badge shows), a few words in other live
pairs, and a peer group that chats. Safe to run again: it does nothing once any exists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.events.models import PeerGroup
from mentorlab.mentorships.models import LIVE_STATES, Mentorship
from mentorlab.mentorships.services import mentorship_record_contact
from mentorlab.programmes.models import Programme

from .models import Conversation, Message, ReadMarker

ACTOR = "actor@demo.mentorlab.fi"
MENTOR = "mentor@demo.mentorlab.fi"

DEMO_PAIR = [
    # (from the mentor?, hours ago, text)
    (False, 30 * 24, "Hi! Thanks for the meeting today. Here is the company list I promised."),
    (True, 30 * 24 - 2, "Great list. Look at the energy companies' graduate programmes too."),
    (False, 6 * 24, "I booked two prototype conversations, one at a consultancy next week."),
    (
        True,
        6 * 24 - 1,
        "Excellent! Before the consultancy, read their latest report: "
        "https://www.example.org/annual-report — it gives you good questions.",
    ),
    (False, 26, "Could we move our next meeting by an hour? I have a lecture until four."),
    (True, 3, "Five o'clock works for me. See you then!"),
]
OTHER_PAIRS = [
    (False, 48, "Hello! Looking forward to our first meeting."),
    (True, 46, "Me too. Shall we meet at the campus café?"),
]
GROUP = [
    "Hi everyone! Shall we meet before the next group session?",
    "Thursday after four works for me.",
    "Same here. I can book a room in the library.",
]


def _ago(hours: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)


def _write(conversation: Conversation, author: User, text: str, at: dt.datetime) -> Message:
    message = Message.objects.create(
        conversation=conversation, author=author, text=text, created_at=at
    )
    Conversation.objects.filter(pk=conversation.pk).update(changed_at=at)
    return message


def _read_all(conversation: Conversation, people: list[User], *, except_: Any = None) -> None:
    """Everyone has read everything (and been told), except the last message for `except_`."""
    messages = list(conversation.messages.order_by("pk"))
    for person in people:
        seen = [m for m in messages if not (person == except_ and m is messages[-1])]
        up_to = seen[-1].pk if seen else 0
        ReadMarker.objects.update_or_create(
            conversation=conversation,
            user=person,
            defaults={"last_read_id": up_to, "mailed_up_to": messages[-1].pk},
        )


def seed(stdout: Any) -> None:
    programme = Programme.objects.filter(slug="mentoring-2026").first()
    if programme is None or Conversation.objects.filter(mentorship__programme=programme).exists():
        return
    actor = User.objects.filter(email=ACTOR).first()
    mentor = User.objects.filter(email=MENTOR).first()
    live = (
        Mentorship.objects.filter(programme=programme, state__in=LIVE_STATES)
        .select_related("mentor")
        .prefetch_related("members__actor")
        .order_by("pk")
    )
    count = 0
    for mentorship in live:
        students = [m.actor for m in mentorship.members.all()]
        is_demo = mentorship.mentor == mentor and actor in students
        script = DEMO_PAIR if is_demo else OTHER_PAIRS
        if not is_demo and mentorship.pk % 3:
            continue  # a third of the other pairs talk here; the rest have not started
        conversation = Conversation.objects.create(mentorship=mentorship)
        for i, (by_mentor, hours, text) in enumerate(script):
            author = mentorship.mentor if by_mentor else students[i % len(students)]
            _write(conversation, author, text, _ago(hours))
        mentorship_record_contact(mentorship_id=mentorship.pk, at=_ago(script[-1][1]))
        people = [mentorship.mentor, *students]
        _read_all(conversation, people, except_=actor if is_demo else None)
        count += 1
    group = (
        PeerGroup.objects.filter(programme=programme, is_published=True, memberships__user=actor)
        .prefetch_related("memberships__user")
        .first()
    ) or PeerGroup.objects.filter(programme=programme, is_published=True).first()
    if group is not None:
        members = [m.user for m in group.memberships.all()]
        if members:
            conversation = Conversation.objects.create(peer_group=group)
            for i, text in enumerate(GROUP):
                _write(conversation, members[i % len(members)], text, _ago(50 - 3 * i))
            _read_all(conversation, members)
            count += 1
    stdout.write(f"  {count} conversations in {programme.name}")
