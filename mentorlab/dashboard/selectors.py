"""The coordinator's overview of one programme, drawn from each app's own selectors.
Metadata only: states, dates and counts; never what pairs wrote."""

from __future__ import annotations

from collections import Counter
from typing import Any

from mentorlab.careerdesign.selectors import usage_counts
from mentorlab.events.selectors import attendance_summary
from mentorlab.matching import selectors as matching
from mentorlab.matching.models import MatchRun
from mentorlab.mentorships.attention import Condition
from mentorlab.mentorships.selectors import CoordinatorRow, coordinator_rows
from mentorlab.programmes.models import Programme
from mentorlab.surveys.selectors import surveys_of


def application_counts(programme: Programme) -> dict[str, Counter[str]]:
    return {
        "actor": Counter(programme.actor_applications.values_list("status", flat=True)),
        "mentor": Counter(programme.mentor_applications.values_list("status", flat=True)),
    }


def overview(programme: Programme) -> dict[str, Any]:
    rows: list[CoordinatorRow] = coordinator_rows(programme)
    # One definition of "needs attention" (mentorships/attention.py), help requests included.
    help_ids = {r.mentorship.pk for r in rows if Condition.HELP in r.conditions}
    attention = [r for r in rows if r.flags]
    live = [r for r in rows if r.state in ("introduced", "active")]
    held = [r.held for r in live]
    return {
        "applications": application_counts(programme),
        "waiting": matching.waiting_count(programme),
        "latest_run": MatchRun.objects.filter(programme=programme).first(),
        "states": sorted(Counter(r.state_label for r in rows).items()),
        "mentorships": len(rows),
        "attention": attention,
        "help_ids": help_ids,
        "meetings_held": sum(r.held for r in rows),
        "mean_held": (sum(held) / len(held)) if held else None,
        "on_track": sum(1 for r in live if r.held >= _expected_by_now(programme, r)),
        "live": len(live),
        "events": attendance_summary(programme),
        "toolkit": usage_counts(programme),
        "surveys": list(surveys_of(programme)),
    }


def _expected_by_now(programme: Programme, row: CoordinatorRow) -> int:
    """Meetings a pair would have held by today at the recommended pace (about monthly)."""
    from django.utils import timezone

    months = (timezone.localdate() - row.introduced_at.date()).days / 30
    return min(programme.recommended_meetings, int(months))
