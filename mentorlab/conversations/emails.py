"""The one mail conversations send: "you have unread messages".

It says who wrote and links to the conversation; it never carries the text, not even a
short preview. A message is written for the people in the conversation, and the app
keeps the promises made about it: its author can delete it, erasure empties it, and
nobody else reads it. A copy in a mailbox (often forwarded to a work account or read on a
shared device, and kept on mail servers the programme does not control) could keep none of
those promises. The sender's name and a link are enough to bring the reader back."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentorlab.notifications.kinds import Delivery, NotificationKind, kind_get
from mentorlab.notifications.mail import send_templated
from mentorlab.notifications.services import delivery_for, unsubscribe_headers

# The kind of notification, for the per-kind mail preferences.
UNREAD_KIND = "conversation_unread"
MESSAGES = NotificationKind(UNREAD_KIND, _("New messages"))


def wants_unread_mail(user: Any) -> bool:
    """The single place that decides whether `user` wants this mail: only with "e-mail at
    once" (a digest lists the messages' notifications instead; "in the app only" gets no
    mail). `send_templated` already skips erased and inactive accounts."""
    return delivery_for(user=user, kind=kind_get(UNREAD_KIND)) == Delivery.NOW


def unread_messages(
    *,
    to: Any,
    kind: str,
    owner_id: int,
    title: str,
    senders: list[str],
    count: int,
    reply_to: list[str],
    programme_id: int | None,
) -> bool:
    """Tell `to` that `senders` wrote `count` messages they have not read (a reply reaches
    the other participants). Returns whether a mail was queued."""
    if not wants_unread_mail(to):
        return False
    unsubscribe, headers = unsubscribe_headers(user=to, kind=UNREAD_KIND)
    send_templated(
        to=to,
        template="conversations/email/unread",
        context={
            "title": title,
            "senders": senders,
            "count": count,
            "is_group": kind == "group",
            "path": reverse("conversations:thread", args=[kind, owner_id]) + "#latest",
            "unsubscribe_url": unsubscribe,
        },
        headers=headers,
        reply_to=reply_to,
        programme_id=programme_id,
    )
    return True
