"""In-app notifications about events (and their e-mail, as each person chose)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentorlab.notifications.kinds import NotificationKind
from mentorlab.notifications.services import Mail, notify

if TYPE_CHECKING:
    from .models import Registration

PROMOTED = NotificationKind("event_promoted", _("A seat from the waitlist"))
KINDS = (PROMOTED,)


def registration_promoted(registration: Registration) -> None:
    """The person moved up from the waitlist: the app's own e-mail, as they chose."""
    event = registration.event
    notify(
        user=registration.user,
        kind=PROMOTED.name,
        message=_("A seat became free: you are now registered for “%(event)s”."),
        params={"event": event.title},
        url=reverse("events:detail", args=[event.pk]),
        programme_id=event.programme_id,
        mail=Mail(
            template="events/email/registration_promoted",
            context={"event": event, "registration": registration},
            reply_to=event.programme.reply_to(),
        ),
    )
