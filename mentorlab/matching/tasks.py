from __future__ import annotations

from django_tasks import task

from .services import match_publish_execute, match_run_execute


@task()
def run_matching(run_id: int) -> None:
    """Background matching run: a worker in production, in-process by default."""
    match_run_execute(run_id)


@task()
def publish_matching(run_id: int, by_id: int) -> None:
    """Background publishing of a proposal (mentorships, introductions via the outbox)."""
    match_publish_execute(run_id, by_id)
