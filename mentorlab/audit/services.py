"""Writing the audit trail. Services call `audit_record` inside their own transaction, at
the one place where the action happens, so an entry exists exactly when the change does."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import Action, AuditEntry


def _text(value: object, limit: int) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def audit_record(
    *,
    action: Action | str,
    by: Any,
    target: models.Model | None = None,
    target_repr: str | None = None,
    programme: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `by` (a user, or None for the system, e.g. a cron job) did `action` on
    `target` in `programme`. `details` holds what changed, as JSON (e.g. old → new status).
    The person's name and address and the object's description are copied, so the entry
    reads the same after they change or are erased."""
    Action(action)  # an unknown code is a programming error, not data
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_name=_text(actor, 150) if actor is not None else "",
        actor_email=getattr(actor, "email", "") or "",
        programme_id=programme.pk if programme is not None else None,
        programme_name=_text(programme, 120) if programme is not None else "",
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=_text(target_repr if target_repr is not None else (target or ""), 200),
        details=details or {},
    )


def export_record(
    *, by: Any, programme: models.Model, what: str, target: models.Model | None = None
) -> AuditEntry:
    """An export of people's data is a read, but one that leaves the site: the export views
    call this before answering. `what` names the file (e.g. "applications.xlsx")."""
    return audit_record(
        action=Action.DATA_EXPORTED,
        by=by,
        target=target if target is not None else programme,
        programme=programme,
        details={"what": what},
    )
