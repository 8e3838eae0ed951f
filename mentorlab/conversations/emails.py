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

from mentorlab.notifications.mail import send_templated

# The kind of notification, for the per-kind mail preferences that come later.
UNREAD_KIND = "conversation_unread"


def wants_unread_mail(user: Any) -> bool:
    """The single place that decides whether `user` wants this mail. Today everyone does;
    the notification preferences plug in here (`UNREAD_KIND`), and an in-app only choice
    returns False. `send_templated` already skips erased and inactive accounts."""
    return True


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
    send_templated(
        to=to,
        template="conversations/email/unread",
        context={
            "title": title,
            "senders": senders,
            "count": count,
            "is_group": kind == "group",
            "path": reverse("conversations:thread", args=[kind, owner_id]) + "#latest",
        },
        reply_to=reply_to,
        programme_id=programme_id,
    )
    return True
