"""Demo notifications for the demo student and mentor, so the bell shows a count and the
notifications page has something to open. Safe to run again: nothing once they have some."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorlab.accounts.models import User
from mentorlab.core.translated import value_in
from mentorlab.mentorships.models import Mentorship
from mentorlab.notifications.models import Notification
from mentorlab.notifications.services import render_text

ACTOR = "actor@demo.mentorlab.fi"
MENTOR = "mentor@demo.mentorlab.fi"


def seed(stdout: Any) -> None:
    people = {u.email: u for u in User.objects.filter(email__in=[ACTOR, MENTOR])}
    actor, mentor = people.get(ACTOR), people.get(MENTOR)
    if actor is None or mentor is None or Notification.objects.filter(user=actor).exists():
        return
    count = seed_pair(actor, mentor, goal="Career options")
    stdout.write(f"Notifications: {count} for the demo student and mentor")


def seed_pair(actor: User, mentor: User, *, goal: str) -> int:
    """The pair's notifications, each in its recipient's language (as notify() writes them).
    `goal` is the title of the student's goal the mentor is told about."""
    mentorship = Mentorship.objects.filter(mentor=mentor, members__actor=actor).first()
    if mentorship is None:
        return 0
    detail = reverse("mentorships:detail", args=[mentorship.pk])
    now = timezone.now()
    items: list[tuple[Any, ...]] = [
        (
            actor,
            "match",
            _("Your match in %(programme)s is ready: meet them in your shared space."),
            {
                # In the student's own language when the programme has its name written
                # there (the Finnish pair is seeded after the demo content is translated).
                "programme": value_in(mentorship.programme, "name", actor.language)
                or mentorship.programme.name
            },
            detail,
            30 * 24,
            True,
        ),
        (
            actor,
            "meeting",
            _("%(name)s changed the meeting on %(when)s."),
            {
                "name": mentor.display_name,
                "when": timezone.localtime(now + dt.timedelta(days=2)).replace(
                    hour=17, minute=0, second=0, microsecond=0
                ),
            },
            detail,
            3,
            False,
        ),
        (
            actor,
            "conversation_unread",
            _("%(name)s sent you a message."),
            {"name": mentor.display_name},
            f"/conversations/mentorship/{mentorship.pk}/#latest",
            3,
            False,
        ),
        (
            mentor,
            "goal_comment",
            _("%(name)s commented on the goal “%(goal)s”."),
            {"name": actor.display_name, "goal": goal},
            detail,
            26,
            False,
        ),
    ]
    Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=kind,
            text=render_text(user, message, params),
            url=url,
            programme_id=mentorship.programme_id,
            created_at=now - dt.timedelta(hours=hours),
            read_at=now if read else None,
        )
        for user, kind, message, params, url, hours, read in items
    )
    return len(items)
