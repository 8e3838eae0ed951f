"""Kinds of in-app notification. Each app registers its kinds from its `AppConfig.ready`
(`notification_kinds.register(kind.name, kind)`), with a translated label and whether a person
may choose how (or whether) they hear about it by e-mail. Notifications sits low in the
layers, so it knows the kinds only through this registry."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mentorlab.core.registry import Registry


class Delivery(models.TextChoices):
    NOW = "now", _("E-mail at once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    APP = "app", _("In the app only")


DIGESTS = (Delivery.DAILY, Delivery.WEEKLY)


@dataclass(frozen=True)
class NotificationKind:
    name: str
    label: str | Promise
    # A required kind is always mailed at once; `why_required` is shown on the preferences
    # page so nobody wonders why it cannot be turned off.
    optional: bool = True
    default: str = Delivery.NOW
    why_required: str | Promise = ""


notification_kinds: Registry[NotificationKind] = Registry(
    "notification kinds", validate=lambda kind: isinstance(kind, NotificationKind)
)


def kind_get(name: str) -> NotificationKind:
    for registered, kind in notification_kinds.items():
        if registered == name:
            return kind
    # An unknown kind is a programming error (a typo or a missing registration).
    raise LookupError(f"notification kind {name!r} is not registered")


def optional_kinds() -> list[NotificationKind]:
    return [kind for kind in notification_kinds if kind.optional]


def required_kinds() -> list[NotificationKind]:
    return [kind for kind in notification_kinds if not kind.optional]
