from __future__ import annotations

from django_tasks import task

from .services import match_run_execute


@task()
def run_matching(run_id: int) -> None:
    """Background matching run: a worker in production, in-process by default."""
    match_run_execute(run_id)
