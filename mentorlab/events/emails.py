"""One function per e-mail about events, queued in the caller's transaction. Replies go to
the programme's contact address (or its coordinators)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorlab.notifications.mail import send_templated

if TYPE_CHECKING:
    from .models import Registration


def event_cancelled(registration: Registration) -> None:
    send_templated(
        to=registration.user,
        template="events/email/event_cancelled",
        context={"event": registration.event, "registration": registration},
        reply_to=registration.event.programme.reply_to(),
        programme_id=registration.event.programme_id,
    )


def event_changed(registration: Registration) -> None:
    send_templated(
        to=registration.user,
        template="events/email/event_changed",
        context={"event": registration.event, "registration": registration},
        reply_to=registration.event.programme.reply_to(),
        programme_id=registration.event.programme_id,
    )


def event_reminder(registration: Registration) -> None:
    send_templated(
        to=registration.user,
        template="events/email/event_reminder",
        context={"event": registration.event, "registration": registration},
        reply_to=registration.event.programme.reply_to(),
        programme_id=registration.event.programme_id,
    )


def registered(registration: Registration) -> None:
    """A receipt for the person who registered: a seat, or a place on the waitlist."""
    send_templated(
        to=registration.user,
        template="events/email/registered",
        context={"event": registration.event, "registration": registration},
        reply_to=registration.event.programme.reply_to(),
        programme_id=registration.event.programme_id,
    )
