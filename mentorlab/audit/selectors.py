"""Reading the audit trail. Who may read which entries is the caller's check (the
dashboard's pages: a programme's coordinators, and site staff for every programme)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .models import AuditEntry


def audit_entries(
    *,
    programme_id: int | None = None,
    action: str = "",
    person: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first, filtered in SQL. `programme_id=None` means every programme;
    `person` matches the actor's stored name or e-mail address; the dates are inclusive."""
    entries = AuditEntry.objects.all()
    if programme_id is not None:
        entries = entries.filter(programme_id=programme_id)
    if action:
        entries = entries.filter(action=action)
    if person.strip():
        term = person.strip()
        entries = entries.filter(Q(actor_name__icontains=term) | Q(actor_email__icontains=term))
    if since is not None:
        entries = entries.filter(at__date__gte=since)
    if until is not None:
        entries = entries.filter(at__date__lte=until)
    return entries.order_by("-at", "-pk")
