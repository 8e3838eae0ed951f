"""Every kind of mail Mentorlab sends, read as a mail client reads it (Python's e-mail parser
with the strict default policy): a reply reaches the right people — the programme's contact
address (or its coordinators) for programme mail, the other participants for pair mail — and
both the text and the HTML part carry the link to the site.

One row per mail template; a new kind of mail without a row here fails
`test_every_mail_template_has_a_row`."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes
from email.policy import default
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from mentorlab.conversations import reminders as conversation_reminders
from mentorlab.conversations import services as conversations
from mentorlab.conversations.announcements import Choice, announcement_send
from mentorlab.events import emails as event_emails
from mentorlab.events import notices as event_notices
from mentorlab.events import services as events
from mentorlab.mentorships import emails as pair_emails
from mentorlab.mentorships import notices as pair_notices
from mentorlab.mentorships import services as mentorships
from mentorlab.mentorships.models import Goal, Visibility
from mentorlab.mentorships.nudges import pairs_nudge
from mentorlab.mentorships.privacy import _participant_left_group
from mentorlab.notifications.models import OutboxMail
from mentorlab.notifications.outbox import message_id
from mentorlab.notifications.services import digests_send, preference_set
from mentorlab.programmes import emails as programme_emails
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import ActorApplication
from mentorlab.surveys import emails as survey_emails
from mentorlab.surveys.models import HelpRequest, Invitation
from tests.events.factories import EventFactory
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "mentorlab" / "templates"
CONTACT = "mentoring@uni.example"


@dataclass
class World:
    programme: Any
    coordinator: Any
    actor: Any
    other_actor: Any
    mentor: Any
    other_mentor: Any
    pair: Any

    def soon(self, days: int = 3) -> dt.datetime:
        return timezone.now().replace(microsecond=0) + dt.timedelta(days=days)


@pytest.fixture
def world(programme, coordinator, actor, other_actor, mentor, other_mentor):
    programme.contact_email = CONTACT
    programme.save()
    pair = mentorships.mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    return World(programme, coordinator, actor, other_actor, mentor, other_mentor, pair)


def _meeting(w: World) -> Any:
    return mentorships.meeting_schedule(
        mentorship=w.pair,
        by=w.actor,
        start=w.soon(),
        end=w.soon() + dt.timedelta(hours=1),
        mode="online",
    )


def _registration(w: World) -> Any:
    return events.event_register(event=EventFactory(programme=w.programme), user=w.actor)


def _participant_left(w: World) -> None:
    group = mentorships.mentorship_create(
        programme=w.programme,
        mentor=w.other_mentor,
        actors=[w.other_actor],
    )
    _participant_left_group(group)


def _unread(w: World) -> None:
    conversations.message_post(by=w.actor, kind="mentorship", owner_id=w.pair.pk, text="Hello!")
    conversation_reminders.send_due(timezone.now() + dt.timedelta(hours=1))


def _digest(w: World) -> None:
    preference_set(user=w.actor, kind="goal_comment", delivery="daily")
    goal = Goal.objects.create(
        mentorship=w.pair, owner=w.actor, title="Network", visibility=Visibility.SHARED
    )
    pair_notices.goal_commented(goal, by=w.mentor)
    digests_send()


def _goal_comment(w: World) -> None:
    goal = Goal.objects.create(
        mentorship=w.pair, owner=w.actor, title="Network", visibility=Visibility.SHARED
    )
    mentorships.goal_comment_add(goal=goal, by=w.mentor, text="Good one")


def _application(w: World) -> Any:
    return ActorApplication.objects.get(programme=w.programme, user=w.actor)


def _decided(w: World) -> None:
    application = _application(w)
    application.status = ApplicationStatus.DECLINED
    programme_emails.application_decided(application)


def _survey(w: World) -> Any:
    return make_survey(w.programme, w.coordinator, kind="baseline")


def _help(w: World) -> None:
    survey = _survey(w)
    mail.outbox.clear()
    help_request = HelpRequest.objects.create(survey=survey, user=w.actor)
    survey_emails.help_requested(help_request, w.coordinator)


def _survey_reminder(w: World) -> None:
    survey = _survey(w)
    mail.outbox.clear()
    survey_emails.survey_reminder(Invitation.objects.get(survey=survey, user=w.actor))


def programme_contact(w: World, to: Any) -> list[str]:
    return [CONTACT]


def other_participants(w: World, to: Any) -> list[str]:
    return sorted({w.actor.email, w.mentor.email} - {to.email})


def pair(w: World, to: Any) -> list[str]:
    return sorted([w.actor.email, w.mentor.email])


@dataclass
class Row:
    trigger: Callable[[World], Any]
    reply_to: Callable[[World, Any], list[str]]
    why: str = ""


ROWS: dict[str, Row] = {
    "conversations/email/announcement": Row(
        lambda w: announcement_send(
            programme=w.programme,
            by=w.coordinator,
            subject="Kick-off moved",
            body="See you on **Friday**.",
            choice=Choice(audience="both"),
            token=uuid.uuid4(),
        ),
        programme_contact,
    ),
    "mentorships/email/nudge": Row(
        lambda w: pairs_nudge(
            programme=w.programme,
            mentorship_ids=[w.pair.pk],
            text="Time to meet?",
            by=w.coordinator,
        ),
        programme_contact,
    ),
    "accounts/email/participant_left": Row(
        _participant_left,
        lambda w, to: sorted([w.other_mentor.email, w.other_actor.email]),
        "to the coordinators: a reply reaches the group that stays",
    ),
    "conversations/email/unread": Row(_unread, other_participants),
    "events/email/event_cancelled": Row(
        lambda w: event_emails.event_cancelled(_registration(w)), programme_contact
    ),
    "events/email/event_changed": Row(
        lambda w: event_emails.event_changed(_registration(w)), programme_contact
    ),
    "events/email/event_reminder": Row(
        lambda w: event_emails.event_reminder(_registration(w)), programme_contact
    ),
    "events/email/registered": Row(_registration, programme_contact),
    "events/email/registration_promoted": Row(
        lambda w: event_notices.registration_promoted(_registration(w)), programme_contact
    ),
    "mentorships/email/closed": Row(
        lambda w: pair_emails.mentorship_closed(w.pair), pair, "to the coordinators"
    ),
    "mentorships/email/closed_by_coordinator": Row(
        lambda w: pair_emails.mentorship_closed_by_coordinator(w.pair, by=w.coordinator),
        lambda w, to: [w.coordinator.email],
        "the coordinator who closed it",
    ),
    "mentorships/email/introduced": Row(
        lambda w: pair_emails.mentorship_introduced(w.pair), other_participants
    ),
    "mentorships/email/meeting_invitation": Row(_meeting, other_participants),
    "mentorships/email/meeting_log_reminder": Row(
        lambda w: pair_emails.meeting_log_reminder(_meeting_quiet(w), w.actor), other_participants
    ),
    "mentorships/email/meeting_reminder": Row(
        lambda w: pair_emails.meeting_reminder(_meeting_quiet(w), w.actor), other_participants
    ),
    "notifications/email/digest": Row(
        _digest, lambda w, to: [], "news from several programmes: nobody in particular"
    ),
    "notifications/email/notification": Row(_goal_comment, other_participants),
    "programmes/email/application_decided": Row(_decided, programme_contact),
    "programmes/email/application_received": Row(
        lambda w: programme_emails.application_received(_application(w)), programme_contact
    ),
    "surveys/email/help_requested": Row(
        _help, lambda w, to: [w.actor.email], "to a coordinator: reaches who asked for help"
    ),
    "surveys/email/invitation": Row(_survey, programme_contact),
    "surveys/email/reminder": Row(_survey_reminder, programme_contact),
}


def _meeting_quiet(w: World) -> Any:
    meeting = _meeting(w)
    mail.outbox.clear()
    return meeting


def test_every_mail_template_has_a_row():
    on_disk = {
        str(path.relative_to(TEMPLATES)).removesuffix("_subject.txt")
        for path in TEMPLATES.glob("*/email/*_subject.txt")
    }
    assert on_disk == set(ROWS)


@pytest.mark.parametrize("kind", sorted(ROWS))
def test_mail_replies_reach_the_right_people_and_both_parts_link_the_site(world, kind):
    row = ROWS[kind]
    mail.outbox.clear()
    row.trigger(world)
    ids = {message_id(row) for row in OutboxMail.objects.filter(kind=kind)}
    assert ids, f"{kind}: nothing queued"
    messages = [m for m in mail.outbox if m.extra_headers.get("Message-ID") in ids]
    assert messages, f"{kind}: nothing sent"
    people = (world.actor, world.other_actor, world.mentor, world.other_mentor, world.coordinator)
    users = {u.email: u for u in people}
    for message in messages:
        parsed = message_from_bytes(message.message().as_bytes(), policy=default)
        to = users[parsed["To"]]
        replies = sorted(a for _name, a in getaddresses(parsed.get_all("Reply-To", [])))
        assert replies == sorted(row.reply_to(world, to)), (kind, parsed["To"], row.why)
        text = parsed.get_body(("plain",)).get_content()
        html = parsed.get_body(("html",)).get_content()
        assert f"{settings.SITE_URL}/" in text, kind
        assert f'href="{settings.SITE_URL}' in html, kind
