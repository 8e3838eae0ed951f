"""Notifying a person: one in-app notification, and by e-mail at once, in a digest or not
at all, as the person chose for that kind. Apps call `notify` inside the transaction of the
change it reports, so a rolled-back change leaves neither a notification nor a mail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise

from .kinds import DIGESTS, Delivery, NotificationKind, kind_get
from .mail import Later, send_later, send_templated
from .models import Notification, NotificationPreference

# An unsubscribe link works for half a year; an older one shows the preferences page instead.
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=183)
WEEK = dt.timedelta(days=7)


@dataclass
class Mail:
    """The app's own e-mail for a notification (when the generic one would say too little)."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    reply_to: list[str] | None = None
    # An iCalendar invitation sent with the mail (see `core.calendar.build_calendar`).
    calendar: str = ""


def _salt(kind: str) -> str:
    # Salted per kind: a link that stops one kind can never be replayed for another.
    return f"mentorlab.notifications.unsubscribe:{kind}"


def unsubscribe_token(*, user: Any, kind: str) -> str:
    return signing.dumps(user.pk, salt=_salt(kind), compress=True)


def unsubscribe_url(*, user: Any, kind: str) -> str:
    token = unsubscribe_token(user=user, kind=kind)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[kind, token])


def unsubscribe_headers(*, user: Any, kind: str) -> tuple[str, dict[str, str]]:
    """The link for the mail's footer and the RFC 8058 headers: a mail client offers
    "unsubscribe" and POSTs "List-Unsubscribe=One-Click" to the link."""
    link = unsubscribe_url(user=user, kind=kind)
    return link, {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def unsubscribe_user_id(*, kind: str, token: str) -> int:
    """The account a link was made for; raises `signing.BadSignature` (or its subclass
    `SignatureExpired`) for a forged, altered or expired link."""
    return int(signing.loads(token, salt=_salt(kind), max_age=UNSUBSCRIBE_MAX_AGE))


def delivery_for(*, user: Any, kind: NotificationKind) -> str:
    if not kind.optional:
        return Delivery.NOW
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind.name)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or kind.default


def render_text(user: Any, message: str | Promise, params: Mapping[str, Any] | None) -> str:
    """The message in the recipient's language; a date or time among the params is written
    in that language's own format (Europe/Helsinki or the site's time zone)."""
    language = getattr(user, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        values = {key: _localised(value) for key, value in (params or {}).items()}
        text = str(message) % values if params else str(message)
    return text[:300]


def _localised(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    return value


def notify(
    *,
    user: Any,
    kind: str,
    message: str | Promise,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    programme_id: int | None = None,
    mail: Mail | None = None,
    reply_to: list[str] | None = None,
    email: bool = True,
    mailed_later_by_caller: bool = False,
) -> Notification | None:
    """Tell `user` that something happened: a notification in the app, and an e-mail as the
    person chose for `kind` (now, in the daily or weekly digest, or none).

    `message` is a lazily translated text with %(name)s `params`, rendered in the
    recipient's language. `url` is the site path of the thing. `mail` is the app's own
    e-mail; without it the e-mail says the text and links to the thing, and a reply goes to
    `reply_to` (the person who did it, for pair news). `email=False` when
    the caller sends a required e-mail of its own (the introduction): in the app only.
    `mailed_later_by_caller`: for "e-mail at once" the caller sends its own mail later
    (conversations mail a message only once it has stayed unread for a while); the
    digests still include the notification.
    Inactive or erased accounts get nothing."""
    if user is None or not getattr(user, "is_active", True):
        return None
    registered = kind_get(kind)
    text = render_text(user, message, params)
    delivery = delivery_for(user=user, kind=registered) if email else Delivery.APP
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        text=text,
        url=url,
        programme_id=programme_id,
        digest=delivery if delivery in DIGESTS else "",
    )
    if delivery == Delivery.NOW and not mailed_later_by_caller:
        _mail_now(notification, registered, mail or Mail("", reply_to=reply_to))
    return notification


def _mail_now(notification: Notification, kind: NotificationKind, mail: Mail) -> None:
    _send(
        user=notification.user,
        kind=kind,
        mail=mail,
        context={"notification": notification},
        programme_id=notification.programme_id,
        key=f"notification:{notification.pk}",
    )


def _send(
    *,
    user: Any,
    kind: NotificationKind,
    mail: Mail,
    context: Mapping[str, Any],
    programme_id: int | None,
    key: str,
) -> None:
    full: dict[str, Any] = {**context, "kind": kind}
    headers: dict[str, str] = {}
    if kind.optional:
        full["unsubscribe_url"], headers = unsubscribe_headers(user=user, kind=kind.name)
    full.update(mail.context)
    send_templated(
        to=user,
        template=mail.template or "notifications/email/notification",
        context=full,
        reply_to=mail.reply_to,
        programme_id=programme_id,
        key=key,
        headers=headers,
        calendar=mail.calendar,
    )


def mail_if_wanted(*, user: Any, kind: str, mail: Mail, programme_id: int | None, key: str) -> bool:
    """E-mail `user` about `kind` without an in-app notification (they did the thing
    themselves, e.g. booked the meeting, and want it in their own calendar), but only when
    they chose e-mail at once for that kind; with the kind's unsubscribe link and headers.
    `key` makes it idempotent. Returns whether a mail was queued."""
    if user is None or not getattr(user, "is_active", True):
        return False
    registered = kind_get(kind)
    if delivery_for(user=user, kind=registered) != Delivery.NOW:
        return False
    _send(user=user, kind=registered, mail=mail, context={}, programme_id=programme_id, key=key)
    return True


def notify_many(
    *,
    recipients: Iterable[tuple[Any, str]],
    kind: str,
    message: str | Promise,
    params: Mapping[str, Any] | None = None,
    programme_id: int | None = None,
) -> int:
    """In-app notifications for many (person, url) in one statement, for bulk actions
    (publishing a cohort) whose required e-mail the caller queues itself. Returns how many."""
    kind_get(kind)
    rows = [
        Notification(
            user=user,
            kind=kind,
            text=render_text(user, message, params),
            url=url,
            programme_id=programme_id,
        )
        for user, url in recipients
        if getattr(user, "is_active", True)
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify_cohort(
    *,
    users: Iterable[Any],
    kind: str,
    message: str | Promise,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    programme_id: int | None = None,
    mail: Callable[[Any], Later],
) -> int:
    """`notify` for many people at once (an announcement to a cohort): the notifications in
    one statement, everyone's preference for `kind` in one query, and the e-mail of each
    person who wants it at once (`mail(user)`, rendered by the worker) through `send_later`
    in the caller's transaction. A digest picks up the others' notifications as usual.
    Inactive or erased accounts get nothing. Returns how many were notified."""
    registered = kind_get(kind)
    people = [user for user in users if getattr(user, "is_active", True)]
    chosen: dict[int, str] = {}
    if registered.optional:
        chosen = dict(
            NotificationPreference.objects.filter(user__in=people, kind=kind).values_list(
                "user_id", "delivery"
            )
        )
    rows, mails = [], []
    for user in people:
        delivery = chosen.get(user.pk, registered.default) if registered.optional else Delivery.NOW
        rows.append(
            Notification(
                user=user,
                kind=kind,
                text=render_text(user, message, params),
                url=url,
                programme_id=programme_id,
                digest=delivery if delivery in DIGESTS else "",
            )
        )
        if delivery == Delivery.NOW:
            mails.append(mail(user))
    Notification.objects.bulk_create(rows)
    send_later(*mails)
    return len(rows)


def notification_open(*, notification_id: int, user: Any) -> Notification:
    """Mark one of the person's notifications read and return it (someone else's is a
    DoesNotExist, which the view shows as a 404)."""
    notification = Notification.objects.get(pk=notification_id, user=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_read_for(*, user: Any, path: str, before: dt.datetime | None = None) -> int:
    """The person has seen the page at `path`: their unread notifications that point to it
    (the path itself, or with a #fragment or ?query) are read; only those made before
    `before` when given (a conversation read up to a message). One UPDATE; returns how many."""
    if not path.startswith("/"):
        return 0
    target = Q(url=path) | Q(url__startswith=f"{path}#") | Q(url__startswith=f"{path}?")
    unread = Notification.objects.filter(target, user=user, read_at__isnull=True)
    if before is not None:
        unread = unread.filter(created_at__lt=before)
    return unread.update(read_at=timezone.now())


def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preference_set(*, user: Any, kind: str, delivery: str) -> None:
    """Choose how `user` hears about an optional kind. A required kind cannot be changed."""
    registered = kind_get(kind)
    if not registered.optional:
        raise ValueError(f"{kind} is required and always e-mailed")
    if delivery not in Delivery.values:
        raise ValueError(f"unknown delivery {delivery!r}")
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )


def preferences_save(*, user: Any, choices: Mapping[str, str]) -> None:
    with transaction.atomic():
        for kind, delivery in choices.items():
            preference_set(user=user, kind=kind, delivery=delivery)


def unsubscribe(*, kind: str, token: str) -> Any:
    """Stop e-mail of one kind for the account a signed link was made for (it stays in the
    app). Raises `signing.BadSignature` for a forged or expired link and changes nothing."""
    from django.contrib.auth import get_user_model

    registered = kind_get(kind)
    user_id = unsubscribe_user_id(kind=kind, token=token)
    user = get_user_model().objects.get(pk=user_id)
    if registered.optional:
        preference_set(user=user, kind=kind, delivery=Delivery.APP)
    return user


# --- digests ------------------------------------------------------------------------------
def _due(period: str, *, now: dt.datetime) -> Any:
    pending = Notification.objects.filter(digest=period, digested_at__isnull=True)
    if period == Delivery.WEEKLY:
        # A weekly digest goes when its oldest item has waited a week, so running the
        # command every day sends each person at most one digest a week.
        return pending.filter(user__in=pending.filter(created_at__lte=now - WEEK).values("user"))
    return pending


def digests_send(*, now: dt.datetime | None = None) -> int:
    """Send each person one digest per period of what waits for it. Idempotent and safe on
    several machines at once: a person's pending notifications are locked (SKIP LOCKED, so
    another run takes the next person) and marked digested in the transaction that queues
    the mail. Returns how many digests were queued."""
    now = now or timezone.now()
    sent = 0
    for period in DIGESTS:
        user_ids = list(_due(period, now=now).values_list("user_id", flat=True).distinct())
        for user_id in user_ids:
            with transaction.atomic():
                items = list(
                    _due(period, now=now)
                    .filter(user_id=user_id)
                    .select_for_update(skip_locked=True)
                    .select_related("user")
                    .order_by("created_at", "pk")
                )
                if not items:
                    continue  # another run took them
                Notification.objects.filter(pk__in=[n.pk for n in items]).update(digested_at=now)
                user = items[0].user
                send_templated(
                    to=user,
                    template="notifications/email/digest",
                    context={"notifications": items, "period": period},
                    key=f"digest:{user_id}:{period}:{items[-1].pk}",
                    # A summary of several programmes: nobody in particular to reply to.
                    reply_to=[],
                    programme_id=None,
                )
                sent += 1
    return sent
