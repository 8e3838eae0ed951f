"""Events, peer groups and the networking directory.

Export: the person's registrations (with their own dietary or accessibility note), peer
group memberships, their own board posts and their directory cards.

Erasure:
- a seat or waitlist place for an event that has not started is cancelled through
  `registration_cancel` (so the next person on the waitlist moves up) and then deleted;
- registrations for past events stay for the attendance figures, but their note is
  wiped (it may say something about health);
- peer group memberships, directory cards and the person's board posts are deleted. Posts
  stand alone (nobody's post hangs off another), so the group loses nothing of its own."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.accounts.privacy import plain, serialize

from .models import BoardPost, DirectoryEntry, PeerGroupMember, Registration, RegistrationStatus
from .services import registration_cancel


def export(user: User) -> dict[str, Any]:
    registrations = Registration.objects.filter(user=user).select_related("event__programme")
    return {
        "event_registrations": [
            serialize(
                r,
                exclude=("user", "event", "reminded_at"),
                event=r.event.title,
                programme=r.event.programme.name,
                event_starts_at=r.event.starts_at,
            )
            for r in registrations.order_by("event__starts_at", "pk")
        ],
        "peer_groups": [
            {"group": m.group.name, "theme": m.group.theme, "programme": m.programme.name}
            for m in PeerGroupMember.objects.filter(user=user).select_related("group", "programme")
        ],
        "board_posts": [
            {"group": p.group.name, "text": p.body, "created_at": plain(p.created_at)}
            for p in BoardPost.objects.filter(author=user).select_related("group")
        ],
        "directory_entries": [
            serialize(
                entry,
                exclude=("user", "programme"),
                programme=entry.programme.name,
                topics=[t.name for t in entry.topics.all()],
            )
            for entry in DirectoryEntry.objects.filter(user=user).select_related("programme")
        ],
    }


def erase(user: User) -> None:
    now = timezone.now()
    upcoming = Registration.objects.filter(user=user, event__starts_at__gt=now)
    for registration in upcoming.exclude(status=RegistrationStatus.CANCELLED):
        registration_cancel(registration=registration, by=user)
    upcoming.delete()
    Registration.objects.filter(user=user).update(note="")
    PeerGroupMember.objects.filter(user=user).delete()
    BoardPost.objects.filter(author=user).delete()
    DirectoryEntry.objects.filter(user=user).delete()
