"""Delivering the outbox: each queued mail is sent once, by whichever worker locks it first.

A worker locks one due mail (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so other
workers skip it and take the next), sends it and marks it sent in the same transaction. An
SMTP error counts an attempt and schedules a retry with exponential back-off; after
`MAIL_MAX_ATTEMPTS` the mail is failed and waits for a coordinator's retry. A crash after the
SMTP server accepted a message but before the commit leaves it queued, so it may be sent again:
the Message-ID is derived from the idempotency key, so the copy carries the same Message-ID
and mail clients show it once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import SafeMIMEText
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .mail import mail_render
from .models import MailState, OutboxMail

logger = logging.getLogger(__name__)

RETRY_BASE = dt.timedelta(minutes=1)  # 1, 2, 4, 8, 16 … minutes between attempts


def max_attempts() -> int:
    return int(getattr(settings, "MAIL_MAX_ATTEMPTS", 6))


def message_id(mail: OutboxMail) -> str:
    """A stable Message-ID: the same mail sent twice carries the same id."""
    digest = hashlib.sha256(mail.key.encode()).hexdigest()[:32]
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{digest}@{domain}>"


class _Invitation(EmailMultiAlternatives):
    """A mail with an iCalendar invitation. Outlook reads the text/calendar alternative and
    needs its `method` parameter to match the calendar's METHOD; Gmail also shows the
    attached invite.ics. Both carry the same calendar."""

    calendar_method = ""

    def _create_mime_attachment(self, content: Any, mimetype: str) -> Any:
        if mimetype == "text/calendar":
            part = SafeMIMEText(content, "calendar", self.encoding or settings.DEFAULT_CHARSET)
            part.set_param("method", self.calendar_method)
            return part
        return super()._create_mime_attachment(content, mimetype)  # type: ignore[misc]


def calendar_method(calendar: str) -> str:
    """The iTIP METHOD of a calendar text (REQUEST or CANCEL)."""
    for line in calendar.splitlines():
        if line.upper().startswith("METHOD:"):
            return line.split(":", 1)[1].strip().upper()
    return "PUBLISH"


def _message(mail: OutboxMail, connection: Any) -> EmailMultiAlternatives:
    message = (_Invitation if mail.calendar else EmailMultiAlternatives)(
        subject=mail.subject,
        body=mail.text,
        to=[mail.to_email],
        reply_to=mail.reply_to or None,
        headers={**mail.headers, "Message-ID": message_id(mail)},
        connection=connection,
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    if mail.calendar:
        method = calendar_method(mail.calendar)
        message.calendar_method = method  # type: ignore[attr-defined]
        message.attach_alternative(mail.calendar, "text/calendar")
        message.attach(
            "invite.ics" if method != "CANCEL" else "cancel.ics",
            mail.calendar.encode(),
            "application/ics",
        )
    return message


class NothingToSend(Exception):
    """A deferred mail whose subject is gone (the pair was deleted, the account erased)."""


def _render(mail: OutboxMail) -> None:
    """Render a mail queued with `send_later`, now, in the recipient's language."""
    spec = import_string(mail.render_with)(**mail.render_args)
    if spec is None or not getattr(spec.to, "is_active", True):
        raise NothingToSend(f"{mail.kind}: nothing to send any more")
    rendered = mail_render(to=spec.to, template=spec.template, context=spec.context)
    mail.to_email = spec.to.email
    mail.subject, mail.text, mail.html = rendered.subject, rendered.text, rendered.html
    mail.reply_to = [address for address in dict.fromkeys(spec.reply_to) if address]
    mail.headers = {**mail.headers, **spec.headers}
    mail.calendar = spec.calendar


def _backoff(attempts: int) -> dt.timedelta:
    return RETRY_BASE * (2 ** max(attempts - 1, 0))


def _deliver_next(*, batch: str | None, connection: Any, now: dt.datetime) -> OutboxMail | None:
    """Lock, send and mark one due mail; None when there is none left to take."""
    due = OutboxMail.objects.filter(state=MailState.QUEUED, next_attempt_at__lte=now)
    if batch is not None:
        due = due.filter(batch=batch)
    with transaction.atomic():
        mail = due.select_for_update(skip_locked=True).order_by("next_attempt_at", "pk").first()
        if mail is None:
            return None
        mail.attempts += 1
        try:
            if mail.render_with and not mail.subject:
                _render(mail)
            _message(mail, connection).send()
        except Exception as error:  # any failure of the mail server: keep the mail, retry
            logger.warning("Mail %s to %s failed: %s", mail.pk, mail.to_email, error)
            # A broken connection is opened afresh for the next mail; closing it may fail too.
            with contextlib.suppress(Exception):
                connection.close()
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            if mail.attempts >= max_attempts() or isinstance(error, NothingToSend):
                mail.state = MailState.FAILED
            else:
                mail.next_attempt_at = timezone.now() + _backoff(mail.attempts)
        else:
            mail.state = MailState.SENT
            mail.sent_at = timezone.now()
        mail.save(
            update_fields=[
                *("attempts", "last_error", "state", "next_attempt_at", "sent_at"),
                *("to_email", "subject", "text", "html", "reply_to", "headers", "calendar"),
            ]
        )
    return mail


def outbox_deliver_due(*, batch: str | None = None, limit: int | None = None) -> dict[str, int]:
    """Send the queued mails that are due (of one batch, or all). Safe to run in any number
    of workers at once: each mail is taken by one of them. Returns counts by outcome."""
    now = timezone.now()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    retry_at: dict[str, dt.datetime] = {}
    connection = get_connection()
    try:
        while limit is None or sum(counts.values()) < limit:
            mail = _deliver_next(batch=batch, connection=connection, now=now)
            if mail is None:
                break
            if mail.state == MailState.SENT:
                counts["sent"] += 1
            elif mail.state == MailState.FAILED:
                counts["failed"] += 1
            else:
                counts["retry"] += 1
                earliest = retry_at.get(mail.batch)
                if earliest is None or mail.next_attempt_at < earliest:
                    retry_at[mail.batch] = mail.next_attempt_at
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("Closing the mail connection failed", exc_info=True)
    _schedule_retries(retry_at)
    return counts


def _schedule_retries(retry_at: dict[str, dt.datetime]) -> None:
    """Ask a worker to come back when the first retry of a batch is due. A backend that runs
    tasks at once (the embedded default) cannot wait; there `send_queued_mail` from cron or a
    coordinator's retry sends them."""
    from .tasks import outbox_deliver

    if not retry_at or not outbox_deliver.get_backend().supports_defer:
        return
    for batch, when in retry_at.items():
        outbox_deliver.using(run_after=when).enqueue(batch=batch)


def outbox_enqueue(*, batches: Iterable[str]) -> None:
    """Hand batches to the task workers once the current transaction commits."""
    from .mail import _after_commit
    from .tasks import outbox_deliver

    for batch in set(batches):
        transaction.on_commit(
            _after_commit(partial(outbox_deliver.enqueue, batch=batch)), robust=True
        )


def outbox_retry_failed(*, programme_id: int) -> int:
    """Queue a programme's failed mails again, with a fresh set of attempts; the workers send
    them after the commit. Returns how many were queued."""
    failed = OutboxMail.objects.filter(programme_id=programme_id, state=MailState.FAILED)
    with transaction.atomic():
        batches = set(failed.values_list("batch", flat=True))
        count = failed.update(state=MailState.QUEUED, attempts=0, next_attempt_at=timezone.now())
        outbox_enqueue(batches=batches)
    return count


def outbox_counts(*, programme_id: int) -> dict[str, int]:
    """How many of a programme's mails are queued, failed and sent."""
    counts = OutboxMail.objects.filter(programme_id=programme_id).aggregate(
        queued=Count("pk", filter=Q(state=MailState.QUEUED)),
        failed=Count("pk", filter=Q(state=MailState.FAILED)),
        sent=Count("pk", filter=Q(state=MailState.SENT)),
    )
    return {state: int(value or 0) for state, value in counts.items()}


def outbox_problems(*, programme_id: int, limit: int = 50) -> list[OutboxMail]:
    """The programme's mails that are failed or waiting for a retry, newest first."""
    return list(
        OutboxMail.objects.filter(programme_id=programme_id)
        .filter(Q(state=MailState.FAILED) | Q(state=MailState.QUEUED, attempts__gt=0))
        .only("kind", "to_email", "subject", "state", "attempts", "last_error", "created_at")
        .order_by("-created_at")[:limit]
    )
