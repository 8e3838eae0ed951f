"""The coordinator's overview of one programme, drawn from each app's own selectors.
Metadata only: states, dates and counts; never what pairs wrote."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from mentorlab.careerdesign.selectors import usage_counts
from mentorlab.events.selectors import attendance_summary
from mentorlab.matching import selectors as matching
from mentorlab.matching.models import MatchRun
from mentorlab.mentorships.attention import (
    Condition,
    flags_by_mentorship,
    may_need_attention,
    provided_flags,
)
from mentorlab.mentorships.models import (
    LIVE_STATES,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipActor,
    MentorshipState,
)
from mentorlab.mentorships.selectors import coordinator_rows
from mentorlab.programmes.models import Programme
from mentorlab.surveys.selectors import surveys_of


def application_counts(programme: Programme) -> dict[str, Counter[str]]:
    """{role: {status: count}}, counted in the database."""
    return {
        role: Counter(
            dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        )
        for role, qs in (
            ("actor", programme.actor_applications.order_by()),
            ("mentor", programme.mentor_applications.order_by()),
        )
    }


# Attention rows shown on the overview; the rest are counted and listed on the mentorships page.
ATTENTION_SHOWN = 50


def _attention(programme: Programme, now: dt.datetime) -> tuple[list[Any], int, set[int]]:
    """The pairs that need attention (by the one definition in mentorships/attention.py):
    the first ATTENTION_SHOWN full rows, how many in all, and those asking for help. Only the
    live pairs that may need attention (a superset found in SQL) are judged in Python."""
    held = Q(meetings__status=MeetingStatus.HELD)
    candidates = list(
        Mentorship.objects.live()
        .filter(programme=programme)
        .annotate(last_meeting=Max("meetings__start", filter=held))
        .filter(
            may_need_attention(
                now=now, quiet_weeks=programme.quiet_weeks, also=provided_flags(programme)
            )
        )
        .only("pk", "state", "introduced_at", "agreed_at", "last_contact_at")
        .order_by()
    )
    flags_of = flags_by_mentorship(programme, candidates, now=now)
    flagged = {pk for pk, flags in flags_of.items() if flags}
    help_ids = {
        pk for pk, flags in flags_of.items() if any(f.code == Condition.HELP for f in flags)
    }
    shown = set(
        Mentorship.objects.filter(pk__in=flagged)
        .order_by("mentor__full_name", "pk")
        .values_list("pk", flat=True)[:ATTENTION_SHOWN]
    )
    attention = [r for r in coordinator_rows(programme, now=now, only=shown) if r.flags]
    return attention, len(flagged), help_ids


def overview(programme: Programme) -> dict[str, Any]:
    """The overview's figures, counted and summed in the database: its rows do not grow with
    the cohort (the pace is grouped by day of introduction and meetings held; only the pairs
    that may need attention are read one by one, and only a page of them in full)."""
    now = timezone.now()
    pairs = Mentorship.objects.filter(programme=programme).order_by()
    live = pairs.filter(state__in=LIVE_STATES)
    held_meetings = Meeting.objects.filter(
        mentorship__programme=programme, status=MeetingStatus.HELD
    )
    states = dict(pairs.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    live_count = sum(n for state, n in states.items() if state in LIVE_STATES)
    held = held_meetings.order_by().aggregate(
        all=Count("pk"), live=Count("pk", filter=Q(mentorship__state__in=LIVE_STATES))
    )
    live_held = held["live"]
    by_size = _pairs_by_size(programme)
    attention, attention_total, help_ids = _attention(programme, now)
    labels = dict(MentorshipState.choices)
    return {
        "applications": application_counts(programme),
        "waiting": matching.waiting_count(programme),
        "latest_run": MatchRun.objects.filter(programme=programme).first(),
        "states": sorted((str(labels[state]), n) for state, n in states.items()),
        "mentorships": sum(states.values()),
        "attention": attention,
        "attention_total": attention_total,
        "help_ids": help_ids,
        "meetings_held": held["all"],
        "mean_held": (live_held / live_count) if live_count else None,
        "pace": pace_summary(programme, live),
        "live": live_count,
        "students_in_mentorships": sum(size * n for size, n in by_size.items()),
        "groups": sum(n for size, n in by_size.items() if size > 1),
        "students_in_groups": sum(size * n for size, n in by_size.items() if size > 1),
        "events": attendance_summary(programme),
        "toolkit": usage_counts(programme),
        "surveys": list(surveys_of(programme)),
    }


def _pairs_by_size(programme: Programme) -> dict[int, int]:
    """{students in a mentorship: mentorships of that size} (1 for a pair, more for a group)."""
    students = (
        MentorshipActor.objects.filter(mentorship=OuterRef("pk"))
        .order_by()
        .values("mentorship")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Mentorship.objects.filter(programme=programme)
        .annotate(size=Coalesce(Subquery(students), 0))
        .order_by()
        .values("size")
        .annotate(n=Count("pk"))
        .values_list("size", "n")
    )
    return dict(rows)


@dataclass
class Pace:
    """Whether live pairs meet about monthly. Only pairs for which a meeting is already due
    are judged: a cohort that has not had a month since the kick-off is "too early to tell",
    never "all on pace" with no meeting held."""

    judged: int  # live pairs that should have held at least one meeting by now
    on_pace: int  # of those, pairs that have held as many as are due
    too_new: int  # live pairs with no meeting due yet
    too_new_met: int  # of those, pairs that have met already


def pace_summary(programme: Programme, live: QuerySet[Mentorship]) -> Pace:
    """The pace of the live pairs, grouped in SQL by day of introduction and meetings held
    (at most a few hundred rows, however many pairs)."""
    held = (
        Meeting.objects.filter(mentorship=OuterRef("pk"), status=MeetingStatus.HELD)
        .order_by()
        .values("mentorship")
        .annotate(n=Count("pk"))
        .values("n")
    )
    groups = (
        live.annotate(day=TruncDate("introduced_at"), held=Coalesce(Subquery(held), 0))
        .values("day", "held")
        .annotate(n=Count("pk"))
        .values_list("day", "held", "n")
    )
    judged = on_pace = too_new = too_new_met = 0
    for day, meetings, n in groups:
        due = expected_by_now(programme, day)
        if due == 0:
            too_new += n
            too_new_met += n if meetings > 0 else 0
        else:
            judged += n
            on_pace += n if meetings >= due else 0
    return Pace(judged=judged, on_pace=on_pace, too_new=too_new, too_new_met=too_new_met)


def expected_by_now(
    programme: Programme, introduced_on: dt.date, today: dt.date | None = None
) -> int:
    """Meetings a pair would have held by today at the recommended pace (about monthly),
    counted from the later of its introduction and the kick-off (pairs introduced before
    the kick-off are not expected to meet before it)."""
    today = today or timezone.localdate()
    start = max(introduced_on, programme.kickoff_date)
    months = (today - start).days / 30
    return max(0, min(programme.recommended_meetings, int(months)))
