"""The one place that renders and queues an e-mail: subject, text and HTML templates,
rendered in the recipient's own language, written to the outbox in the caller's transaction.

Why an outbox on django-tasks (and not django-post-office): the project already runs one kind
of worker, `manage.py db_worker` from django-tasks-db, which takes jobs from the same database
with `SELECT … FOR UPDATE SKIP LOCKED`. Post-office would bring a second queue, its own
models, its own cron command and its own template system beside ours (we render with Django
templates per language, and tests read `mail.outbox`); what we need from it — a table of
messages with a state, retries and a sweep — is a model and two functions here. The row is
written in the transaction that caused the mail, so a change that rolls back leaves no mail
and a mail is never lost once the change is committed; delivery is enqueued after the commit,
and `manage.py send_queued_mail` sweeps anything whose enqueue was lost (a crash between the
commit and the enqueue). See `mentorlab.notifications.outbox` for the delivery side.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

from .models import OutboxMail

# One delivery task for this many mails of a transaction, at most MAX_PARALLEL_TASKS: several
# workers share a large batch (each takes the next unlocked mail), and a publish of 300 pairs
# writes a handful of task rows instead of 600.
MAILS_PER_TASK = 50
MAX_PARALLEL_TASKS = 4


def render_plain(name: str, context: Mapping[str, Any]) -> str:
    """Render a plain-text template without HTML escaping: an apostrophe in a reason must
    arrive as ' and not as &#x27;. (The HTML part keeps Django's escaping.)"""
    template = get_template(name).template  # type: ignore[attr-defined]
    return template.render(Context(dict(context), autoescape=False))


@dataclass
class _Batch:
    """The mails queued by one transaction: they share a batch key and one enqueue."""

    owner: Any
    key: str
    size: int = 0
    enqueued: bool = False
    registered_at: tuple[str, ...] | None = None


_local = threading.local()


def _current_batch() -> _Batch:
    # The outermost atomic block identifies the transaction (connections are per thread).
    # Outside any transaction, or once a batch has been handed to the workers, a new one starts.
    owner = connection.atomic_blocks[0] if connection.in_atomic_block else None
    batch: _Batch | None = getattr(_local, "batch", None)
    if batch is None or owner is None or batch.owner is not owner or batch.enqueued:
        batch = _Batch(owner=owner, key=uuid.uuid4().hex)
        _local.batch = batch
    return batch


def _enqueue(batch: _Batch) -> None:
    """After the commit: hand the batch to the task workers (once, however many mails)."""
    if batch.enqueued:
        return
    batch.enqueued = True
    from .tasks import outbox_deliver

    tasks = min(MAX_PARALLEL_TASKS, -(-batch.size // MAILS_PER_TASK))
    for _ in range(max(tasks, 1)):
        outbox_deliver.enqueue(batch=batch.key)


def _after_commit(callback: partial[Any]) -> partial[Any]:
    # Marked, so the test suite can run the outbox's callbacks when the code under test
    # commits (its own transaction never does); see tests/conftest.py.
    callback.outbox = True  # type: ignore[attr-defined]
    return callback


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


@dataclass
class MailSpec:
    """What a deferred mail's render function returns: whom, which templates, what context."""

    to: Any
    template: str
    context: Mapping[str, Any]
    reply_to: list[str]
    headers: Mapping[str, str] = field(default_factory=dict)  # e.g. List-Unsubscribe
    calendar: str = ""


def mail_render(*, to: Any, template: str, context: Mapping[str, Any]) -> Rendered:
    """Render subject, text and HTML from `<template>_subject.txt`, `<template>_body.txt` and
    `<template>_body.html` in the recipient's language."""
    language = getattr(to, "language", None) or settings.LANGUAGE_CODE
    ctx = {
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "recipient": to,
        **context,
    }
    with translation.override(language):
        subject = render_plain(f"{template}_subject.txt", ctx)
        text = render_plain(f"{template}_body.txt", ctx)
        html = render_to_string(f"{template}_body.html", ctx)
    # The HTML part ends with the site's name and address; the text part says the same.
    text = f"{text.rstrip()}\n\n-- \n{settings.SITE_NAME} · {settings.SITE_URL}/\n"
    if ctx.get("unsubscribe_url"):
        with translation.override(language):
            stop = translation.gettext("Stop these e-mails")
        text += f"{stop}: {ctx['unsubscribe_url']}\n"
    return Rendered(subject=" ".join(subject.split()), text=text, html=html)


@dataclass
class Later:
    """One mail for `send_later`: rendered by the worker with `render_with(**render_args)`."""

    to: Any
    template: str
    render_with: Callable[..., MailSpec | None]
    render_args: dict[str, int]
    programme_id: int | None = None
    key: str | None = None


def _queue(rows: list[tuple[Any, dict[str, Any]]]) -> None:
    """Write (recipient, fields) rows to the outbox and hand them to the workers on commit."""
    rows = [(to, fields) for to, fields in rows if getattr(to, "is_active", True)]
    if not rows:
        return  # an erased or deactivated account gets no mail
    batch = _current_batch()
    # INSERT … ON CONFLICT DO NOTHING: a key queued before (or by a concurrent transaction)
    # is not queued again, without a savepoint and without failing the caller's transaction.
    OutboxMail.objects.bulk_create(
        [
            OutboxMail(
                batch=batch.key,
                to_email=to.email,
                user_id=getattr(to, "pk", None),
                **{
                    **fields,
                    "key": fields.get("key") or uuid.uuid4().hex,
                    "reply_to": [a for a in dict.fromkeys(fields.get("reply_to") or []) if a],
                },
            )
            for to, fields in rows
        ],
        ignore_conflicts=True,
    )
    batch.size += len(rows)
    # One hand-over per batch and savepoint: a callback registered inside the same
    # savepoints lives or is dropped with them, so registering again would add nothing.
    savepoints = tuple(connection.savepoint_ids)
    if batch.registered_at != savepoints:
        batch.registered_at = savepoints
        transaction.on_commit(_after_commit(partial(_enqueue, batch)), robust=True)


def send_templated(
    *,
    to: Any,
    template: str,
    context: Mapping[str, Any],
    reply_to: list[str] | None = None,
    programme_id: int | None = None,
    key: str | None = None,
    headers: Mapping[str, str] | None = None,
    calendar: str = "",
) -> None:
    """Queue one e-mail to one user, rendered now (see `mail_render`), e.g.
    template="programmes/email/application_received".

    `reply_to`: where a reply goes (the programme's contact or the other participants).
    `programme_id`: the programme the mail belongs to, for the coordinator's mail page.
    `key`: an idempotency key; a mail with a key that was queued before is not queued again.
    `headers`: extra headers (e.g. List-Unsubscribe).
    `calendar`: an iCalendar invitation (`core.calendar.build_calendar(..., method=…)`), sent
    with the mail as a text/calendar part and an .ics attachment.
    The mail is sent by a task after the caller's transaction commits, never if it rolls back.
    """
    if not getattr(to, "is_active", True):
        return
    rendered = mail_render(to=to, template=template, context=context)
    _queue(
        [
            (
                to,
                {
                    "kind": template,
                    "key": key,
                    "programme_id": programme_id,
                    "reply_to": reply_to,
                    "subject": rendered.subject,
                    "text": rendered.text,
                    "html": rendered.html,
                    "headers": dict(headers or {}),
                    "calendar": calendar,
                },
            )
        ]
    )


def send_later(*mails: Later) -> None:
    """Queue e-mails that the worker renders just before sending each:
    `render_with(**render_args)` (a module-level function taking ids) returns its `MailSpec`,
    or None when there is nothing to send any more. For bulk actions — publishing 300 pairs
    writes 600 rows in one statement and leaves the rendering (and its queries) out of the
    request."""
    _queue(
        [
            (
                mail.to,
                {
                    "kind": mail.template,
                    "key": mail.key,
                    "programme_id": mail.programme_id,
                    "render_with": f"{mail.render_with.__module__}.{mail.render_with.__qualname__}",
                    "render_args": mail.render_args,
                },
            )
            for mail in mails
        ]
    )
