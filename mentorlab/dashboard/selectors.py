"""The coordinator's overview of one programme, drawn from each app's own selectors.
Metadata only: states, dates and counts; never what pairs wrote."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from mentorlab.careerdesign.selectors import usage_counts
from mentorlab.events.selectors import attendance_summary
from mentorlab.matching import selectors as matching
from mentorlab.matching.models import MatchRun
from mentorlab.mentorships.selectors import CoordinatorRow, coordinator_rows
from mentorlab.programmes.models import Programme
from mentorlab.surveys.selectors import flagged_mentorships, surveys_of


def application_counts(programme: Programme) -> dict[str, Counter[str]]:
    return {
        "actor": Counter(programme.actor_applications.values_list("status", flat=True)),
        "mentor": Counter(programme.mentor_applications.values_list("status", flat=True)),
    }


def overview(programme: Programme) -> dict[str, Any]:
    rows: list[CoordinatorRow] = coordinator_rows(programme)
    help_ids = set(flagged_mentorships(programme).values_list("pk", flat=True))
    attention = [r for r in rows if r.flags or r.mentorship.pk in help_ids]
    live = [r for r in rows if r.state in ("introduced", "active")]
    held = [r.held for r in live]
    pace = pace_summary(programme, live)
    students = sum(len(r.actor_names) for r in rows)
    groups = [r for r in rows if len(r.actor_names) > 1]
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
        "pace": pace,
        "live": len(live),
        "students_in_mentorships": students,
        "groups": len(groups),
        "students_in_groups": sum(len(r.actor_names) for r in groups),
        "events": attendance_summary(programme),
        "toolkit": usage_counts(programme),
        "surveys": list(surveys_of(programme)),
    }


@dataclass
class Pace:
    """Whether live pairs meet about monthly. Only pairs for which a meeting is already due
    are judged: a cohort that has not had a month since the kick-off is "too early to tell",
    never "all on pace" with no meeting held."""

    judged: int  # live pairs that should have held at least one meeting by now
    on_pace: int  # of those, pairs that have held as many as are due
    too_new: int  # live pairs with no meeting due yet
    too_new_met: int  # of those, pairs that have met already


def pace_summary(programme: Programme, live: list[CoordinatorRow]) -> Pace:
    judged = on_pace = too_new = too_new_met = 0
    for row in live:
        due = expected_by_now(programme, row)
        if due == 0:
            too_new += 1
            too_new_met += row.held > 0
        else:
            judged += 1
            on_pace += row.held >= due
    return Pace(judged=judged, on_pace=on_pace, too_new=too_new, too_new_met=too_new_met)


def expected_by_now(programme: Programme, row: CoordinatorRow, today: dt.date | None = None) -> int:
    """Meetings a pair would have held by today at the recommended pace (about monthly),
    counted from the later of its introduction and the kick-off (pairs introduced before
    the kick-off are not expected to meet before it)."""
    today = today or timezone.localdate()
    start = max(timezone.localdate(row.introduced_at), programme.kickoff_date)
    months = (today - start).days / 30
    return max(0, min(programme.recommended_meetings, int(months)))
