"""One function per e-mail Mentorlab sends. Callers schedule them with
`transaction.on_commit` so that nothing is sent for a change that was rolled back."""

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
    )


def application_decided(application: ActorApplication | MentorApplication) -> None:
    send_templated(
        to=application.user,
        template="programmes/email/application_decided",
        context={"application": application, "programme": application.programme},
    )
