"""One function per e-mail about applications, queued in the caller's transaction (nothing is
sent for a change that was rolled back). Replies go to the programme's contact address."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorlab.notifications.mail import send_templated

if TYPE_CHECKING:
    from .models import ActorApplication, MentorApplication


def application_received(application: ActorApplication | MentorApplication) -> None:
    send_templated(
        to=application.user,
        template="programmes/email/application_received",
        context={"application": application, "programme": application.programme},
        reply_to=application.programme.reply_to(),
        programme_id=application.programme_id,
    )


def application_decided(application: ActorApplication | MentorApplication) -> None:
    send_templated(
        to=application.user,
        template="programmes/email/application_decided",
        context={"application": application, "programme": application.programme},
        reply_to=application.programme.reply_to(),
        programme_id=application.programme_id,
    )
