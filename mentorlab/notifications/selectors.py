"""Reads of a person's notifications and preferences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .kinds import NotificationKind, optional_kinds
from .models import Notification, NotificationPreference


def unread_count(*, user: Any) -> int:
    """One COUNT on the (user, read_at) index: the bell asks this on every page."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).only(
        "kind", "text", "url", "created_at", "read_at"
    )


@dataclass
class Choice:
    kind: NotificationKind
    delivery: str


def preferences_for(*, user: Any) -> list[Choice]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [Choice(kind, chosen.get(kind.name, kind.default)) for kind in optional_kinds()]
