"""The coordinator's overview of one programme, drawn from each app's own selectors.
Metadata only: states, dates and counts; never what pairs wrote."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from mentorlab.careerdesign.selectors import usage_counts
from mentorlab.events.selectors import attendance_summary
from mentorlab.matching import selectors as matching
from mentorlab.matching.models import MatchRun
from mentorlab.mentorships.attention import Condition, flags_by_mentorship
from mentorlab.mentorships.models import LIVE_STATES, MeetingStatus, Mentorship, MentorshipState
from mentorlab.mentorships.selectors import coordinator_rows
from mentorlab.programmes.models import Programme
from mentorlab.surveys.selectors import surveys_of


def application_counts(programme: Programme) -> dict[str, Counter[str]]:
    return {
        "actor": Counter(programme.actor_applications.values_list("status", flat=True)),
        "mentor": Counter(programme.mentor_applications.values_list("status", flat=True)),
    }


@dataclass
class PairFacts:
    """What the overview needs of one mentorship: one row of one aggregated query."""

    pk: int
    state: str
    introduced_at: dt.datetime
    agreed_at: dt.datetime | None
    last_contact_at: dt.datetime | None
    held: int
    last_meeting: dt.datetime | None
    students: int

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES


def pair_facts(programme: Programme) -> list[PairFacts]:
    held = Q(meetings__status=MeetingStatus.HELD)
    return [
        PairFacts(*row)
        for row in Mentorship.objects.filter(programme=programme)
        .annotate(
            held=Count("meetings", filter=held, distinct=True),
            last_meeting=Max("meetings__start", filter=held),
            students=Count("members", distinct=True),
        )
        .values_list(
            "pk",
            "state",
            "introduced_at",
            "agreed_at",
            "last_contact_at",
            "held",
            "last_meeting",
            "students",
        )
        .order_by()
    ]


def overview(programme: Programme) -> dict[str, Any]:
    """The overview's figures. Counted in the database and a few tuples a pair, so a
    cohort of thousands costs the same queries; the full rows (names) are read only for the
    pairs that need attention (by the one definition in mentorships/attention.py)."""
    now = timezone.now()
    facts = pair_facts(programme)
    live = [f for f in facts if f.is_live]
    flags_of = flags_by_mentorship(programme, live, now=now)
    flagged = {pk for pk, flags in flags_of.items() if flags}
    help_ids = {
        pk for pk, flags in flags_of.items() if any(f.code == Condition.HELP for f in flags)
    }
    attention = [r for r in coordinator_rows(programme, now=now, only=flagged) if r.flags]
    held = [f.held for f in live]
    groups = [f for f in facts if f.students > 1]
    labels = dict(MentorshipState.choices)
    return {
        "applications": application_counts(programme),
        "waiting": matching.waiting_count(programme),
        "latest_run": MatchRun.objects.filter(programme=programme).first(),
        "states": sorted(Counter(str(labels[f.state]) for f in facts).items()),
        "mentorships": len(facts),
        "attention": attention,
        "help_ids": help_ids,
        "meetings_held": sum(f.held for f in facts),
        "mean_held": (sum(held) / len(held)) if held else None,
        "pace": pace_summary(programme, live),
        "live": len(live),
        "students_in_mentorships": sum(f.students for f in facts),
        "groups": len(groups),
        "students_in_groups": sum(f.students for f in groups),
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


def pace_summary(programme: Programme, live: list[PairFacts]) -> Pace:
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


def expected_by_now(programme: Programme, row: PairFacts, today: dt.date | None = None) -> int:
    """Meetings a pair would have held by today at the recommended pace (about monthly),
    counted from the later of its introduction and the kick-off (pairs introduced before
    the kick-off are not expected to meet before it)."""
    today = today or timezone.localdate()
    start = max(timezone.localdate(row.introduced_at), programme.kickoff_date)
    months = (today - start).days / 30
    return max(0, min(programme.recommended_meetings, int(months)))
