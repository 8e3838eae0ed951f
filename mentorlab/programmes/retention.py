"""The retention period: when a programme's participants' data is no longer kept.

A programme keeps its participants' data for `retention_months` after it ends. Past that,
`apply_retention` anonymises each participant through the same erasure as "delete my
account" (every app's `privacy.erase`): private things go, shared records read "Former
participant", and counts (mentorships, meetings, attendance, anonymous survey answers) stay.

Kept: anyone who also takes part in a programme whose period still runs (running, upcoming,
or ended less than its retention period ago), anyone who coordinates a programme, site staff.
People already anonymised are skipped, so a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.accounts.privacy import account_anonymise
from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record

from .models import ActorApplication, MentorApplication, Programme

logger = logging.getLogger(__name__)

# Any fixed number that no other advisory lock of this database uses ("mentorlab-retention").
ADVISORY_LOCK_KEY = 0x6D6C5254


@dataclass(frozen=True)
class Candidate:
    user: User
    programmes: list[Programme]


@dataclass
class RetentionResult:
    anonymised: list[Candidate] = field(default_factory=list)
    skipped_busy: bool = False


def _participants(programme_ids: set[int]) -> dict[int, set[int]]:
    """User id → the ids of those programmes they applied to (in either role)."""
    found: dict[int, set[int]] = {}
    for model in (ActorApplication, MentorApplication):
        rows = model.objects.filter(programme_id__in=programme_ids).values_list(
            "user_id", "programme_id"
        )
        for user_id, programme_id in rows:
            found.setdefault(user_id, set()).add(programme_id)
    return found


def retention_candidates(*, today: dt.date | None = None) -> list[Candidate]:
    """The people whose data has passed every retention period that covers them."""
    today = today or timezone.localdate()
    programmes = {p.pk: p for p in Programme.objects.all()}
    expired = {pk for pk, p in programmes.items() if p.retention_ends <= today}
    if not expired:
        return []
    in_expired = _participants(expired)
    still_kept = set(_participants(set(programmes) - expired))
    coordinators = set(
        Programme.coordinators.through.objects.values_list("user_id", flat=True).distinct()
    )
    users = User.objects.filter(pk__in=set(in_expired) - still_kept - coordinators).filter(
        is_active=True, is_staff=False, is_superuser=False
    )
    return [
        Candidate(
            user=user,
            programmes=sorted(
                (programmes[pk] for pk in in_expired[user.pk]), key=lambda p: p.end_date
            ),
        )
        for user in users.order_by("pk")
    ]


def _take_lock() -> bool:
    """One run at a time across machines. On PostgreSQL a transaction-scoped advisory lock
    (a second run gives up at once instead of queueing); SQLite allows one writer anyway."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        row = cursor.fetchone()
    return bool(row and row[0])


def retention_apply(*, today: dt.date | None = None) -> RetentionResult:
    """Anonymise everyone `retention_candidates` names, in one transaction, with an audit
    entry per person (in the last programme they took part in) and one for the run."""
    result = RetentionResult()
    with transaction.atomic():
        if not _take_lock():
            logger.info("apply_retention: another run holds the lock; nothing done")
            result.skipped_busy = True
            return result
        for candidate in retention_candidates(today=today):
            if not account_anonymise(user=candidate.user):
                continue  # anonymised meanwhile (another run, or by request)
            result.anonymised.append(candidate)
            audit_record(
                action=Action.RETENTION_ANONYMISED,
                by=None,
                target=candidate.user,
                programme=candidate.programmes[-1],
                details={
                    "programmes": [p.pk for p in candidate.programmes],
                    "retention_ends": [p.retention_ends.isoformat() for p in candidate.programmes],
                },
            )
        audit_record(
            action=Action.RETENTION_RUN,
            by=None,
            details={"anonymised": len(result.anonymised)},
        )
    return result
