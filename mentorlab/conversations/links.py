"""The conversation's link, with the unread count, on the mentorship workspace and on a
peer group's page (registered in `apps.py` with the registries those apps own)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentorlab.core.links import PageLink

from .selectors import GROUP, MENTORSHIP, unread_count


def _link(user: Any, kind: str, field: str, owner_id: int) -> PageLink:
    count = unread_count(user, field=field, owner_id=owner_id)
    return PageLink(
        label=_("Messages"),
        url=reverse("conversations:thread", args=[kind, owner_id]) + "#latest",
        count=count,
        count_label=ngettext("unread message", "unread messages", count),
    )


def mentorship_link(mentorship: Any, user: Any) -> PageLink | None:
    # The workspace is shown only to its participants: the link goes with it.
    return _link(user, MENTORSHIP, "mentorship", mentorship.pk)


def group_link(group: Any, user: Any) -> PageLink | None:
    """Members of a published group only; the coordinators who also see the group's page
    do not read its conversation."""
    if not group.is_published or not group.memberships.filter(user=user).exists():
        return None
    return _link(user, GROUP, "peer_group", group.pk)
