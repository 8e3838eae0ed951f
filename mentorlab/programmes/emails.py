"""One function per e-mail about applications, queued in the caller's transaction (nothing is
sent for a change that was rolled back). Replies go to the programme's contact address."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mentorlab.notifications.mail import Later, MailSpec, send_later, send_templated

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


def applications_received(applications: Sequence[ActorApplication | MentorApplication]) -> None:
    """`application_received` for many at once (an import of thousands of rows): written in
    one statement and rendered by the worker, so the import's transaction stays short."""
    from .models import MentorApplication

    send_later(
        *(
            Later(
                to=application.user,
                template="programmes/email/application_received",
                render_with=application_received_spec,
                render_args={"application_id": application.pk, "is_mentor": int(is_mentor)},
                programme_id=application.programme_id,
                key=f"programmes/application_received:{int(is_mentor)}:{application.pk}",
            )
            for application in applications
            for is_mentor in [isinstance(application, MentorApplication)]
        )
    )


def application_received_spec(*, application_id: int, is_mentor: int) -> MailSpec | None:
    """The "application received" mail for one imported application, as the worker renders it."""
    from .models import ActorApplication, MentorApplication

    model = MentorApplication if is_mentor else ActorApplication
    application = (
        model.objects.select_related("user", "programme").filter(pk=application_id).first()
    )
    if application is None:
        return None
    return MailSpec(
        to=application.user,
        template="programmes/email/application_received",
        context={"application": application, "programme": application.programme},
        reply_to=application.programme.reply_to(),
    )


def application_decided(application: ActorApplication | MentorApplication) -> None:
    send_templated(
        to=application.user,
        template="programmes/email/application_decided",
        context={"application": application, "programme": application.programme},
        reply_to=application.programme.reply_to(),
        programme_id=application.programme_id,
    )
