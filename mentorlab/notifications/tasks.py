from __future__ import annotations

from django_tasks import task

from .outbox import outbox_deliver_due


@task()
def outbox_deliver(batch: str) -> dict[str, int]:
    """Send the queued mails of one transaction (a worker in production, in-process by
    default). Running it twice, or in several workers at once, sends each mail once."""
    return outbox_deliver_due(batch=batch)
