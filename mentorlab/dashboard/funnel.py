"""A programme's funnel and trends: how far its students got (applied → accepted → matched
→ agreement → first meeting → halfway → completed, with those who ended early and why),
meetings held per month and each survey's response rate. Counts, dates and the reasons for
ending early (which the participants give for the coordinators); never notes or goals.
A fixed number of queries whatever the cohort's size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.mentorships.models import Meeting, MeetingStatus, MentorshipActor, MentorshipState
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel
from mentorlab.programmes.models import ActorApplication, Programme
from mentorlab.surveys.models import Invitation, Response, Survey, SurveyState

from .charts import ColumnChart, HBarChart, columns, hbars

STAGES = [
    ("applied", gettext_lazy("Applied")),
    ("accepted", gettext_lazy("Accepted")),
    ("matched", gettext_lazy("Matched with a mentor")),
    ("agreement", gettext_lazy("Agreement confirmed")),
    ("first_meeting", gettext_lazy("First meeting held")),
    ("halfway", gettext_lazy("Still going at the halfway check-in")),
    ("completed", gettext_lazy("Completed")),
]


@dataclass
class Stage:
    key: str
    label: str
    count: int
    of_applied: float | None  # share of those who applied
    of_previous: float | None  # share of the stage before
    due: dt.date | None  # set while the stage cannot have happened for everyone yet


@dataclass
class EndedEarly:
    ended_on: dt.date | None
    reason: str
    students: int
    meetings_held: int


@dataclass
class Funnel:
    track: str  # "" for every student
    label: str
    stages: list[Stage]
    ended_early: int
    chart: HBarChart


@dataclass
class MonthRow:
    month: dt.date
    label: str
    meetings: int
    pairs: int


@dataclass
class SurveyRate:
    survey: Survey
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass
class Trends:
    funnels: list[Funnel]
    reasons: list[EndedEarly]
    months: list[MonthRow]
    month_chart: ColumnChart | None
    surveys: list[SurveyRate]
    survey_chart: HBarChart | None
    students_matched: int = 0
    mentorships: int = 0
    groups: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class _Member:
    mentorship_id: int
    state: str
    agreed: bool
    ended_on: dt.date | None
    held: int


def _count_of(queryset: QuerySet[Any]) -> Coalesce:
    """The number of rows of `queryset` (filtered by an OuterRef), as a subquery: two
    counts over two relations in one query would multiply each other's rows."""
    counted = queryset.order_by().values("survey").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_response_counts(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    """Surveys annotated with `invited` and `answered` (sent responses)."""
    return surveys.annotate(
        invited=_count_of(Invitation.objects.filter(survey=OuterRef("pk"))),
        answered=_count_of(
            Response.objects.filter(survey=OuterRef("pk"), submitted_at__isnull=False)
        ),
    )


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def _reached(member: _Member, stage: str, programme: Programme, today: dt.date) -> bool:
    if stage == "agreement":
        return member.agreed
    if stage == "first_meeting":
        return member.held > 0
    if stage == "halfway":
        if today < programme.halfway_date or member.held == 0:
            return False
        ended_before = (
            member.state == MentorshipState.ENDED_EARLY
            and member.ended_on is not None
            and member.ended_on < programme.halfway_date
        )
        return not ended_before
    if stage == "completed":
        return member.state == MentorshipState.COMPLETED
    raise ValueError(stage)


def _due_dates(programme: Programme) -> dict[str, dt.date]:
    """The day from which each stage can have happened for the whole cohort."""
    return {
        "applied": programme.actor_applications_close,
        "accepted": programme.actor_applications_close,
        "matched": programme.matching_date,
        "agreement": programme.kickoff_date,
        "first_meeting": programme.kickoff_date,
        "halfway": programme.halfway_date,
        "completed": programme.closing_date,
    }


def _funnel(
    track: str,
    label: str,
    students: dict[int, tuple[str, str]],
    members: dict[int, list[_Member]],
    programme: Programme,
    today: dt.date,
) -> Funnel:
    due_dates = _due_dates(programme)
    current = {s for s, (_status, level) in students.items() if not track or level == track}
    sets: list[tuple[str, str, set[int]]] = []
    for key, lazy_label in STAGES:
        if key == "accepted":
            current = {s for s in current if students[s][0] == ApplicationStatus.ACCEPTED}
        elif key == "matched":
            current = {s for s in current if s in members}
        elif key != "applied":
            current = {
                s for s in current if any(_reached(m, key, programme, today) for m in members[s])
            }
        sets.append((key, str(lazy_label), current))
    applied = len(sets[0][2])
    stages = []
    previous: int | None = None
    for key, text, chosen in sets:
        n = len(chosen)
        stages.append(
            Stage(
                key=key,
                label=text,
                count=n,
                of_applied=n / applied if applied else None,
                of_previous=n / previous if previous else None,
                due=due_dates[key] if today < due_dates[key] else None,
            )
        )
        previous = n
    matched = sets[2][2]
    ended = sum(
        1 for s in matched if any(m.state == MentorshipState.ENDED_EARLY for m in members[s])
    )
    chart = hbars(
        [
            (
                s.label,
                s.count,
                f"{s.count}"
                + (f" ({round(100 * s.of_applied)}%)" if s.of_applied is not None else ""),
                s.due is not None,
            )
            for s in stages
        ],
        scale_max=applied,
    )
    return Funnel(track=track, label=label, stages=stages, ended_early=ended, chart=chart)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months: list[dt.date] = []
    month = first.replace(day=1)
    while month <= last and len(months) < 60:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def trends(programme: Programme, *, today: dt.date | None = None) -> Trends:
    today = today or timezone.localdate()
    students: dict[int, tuple[str, str]] = {
        user_id: (status, level)
        for user_id, status, level in ActorApplication.objects.filter(
            programme=programme
        ).values_list("user_id", "status", "degree_level")
    }
    held_by_pair: dict[int, int] = dict(
        Meeting.objects.filter(mentorship__programme=programme, status=MeetingStatus.HELD)
        .values("mentorship_id")
        .annotate(n=Count("pk"))
        .values_list("mentorship_id", "n")
        .order_by()
    )
    members: dict[int, list[_Member]] = defaultdict(list)
    by_pair: dict[int, dict[str, object]] = {}
    for actor_id, pair_id, state, agreed_at, ended_at, reason in MentorshipActor.objects.filter(
        programme=programme
    ).values_list(
        "actor_id",
        "mentorship_id",
        "mentorship__state",
        "mentorship__agreed_at",
        "mentorship__ended_at",
        "mentorship__end_reason",
    ):
        ended_on = _local_date(ended_at)
        members[actor_id].append(
            _Member(
                mentorship_id=pair_id,
                state=state,
                agreed=agreed_at is not None,
                ended_on=ended_on,
                held=held_by_pair.get(pair_id, 0),
            )
        )
        pair = by_pair.setdefault(
            pair_id, {"state": state, "ended_on": ended_on, "reason": reason, "students": 0}
        )
        pair["students"] = int(pair["students"]) + 1  # type: ignore[call-overload]

    funnels = [_funnel("", _("All students"), students, members, programme, today)]
    levels = {level for _status, level in students.values()}
    if len(levels) > 1:
        for level in DegreeLevel:
            if level.value in levels:
                funnels.append(
                    _funnel(level.value, str(level.label), students, members, programme, today)
                )

    reasons = sorted(
        (
            EndedEarly(
                ended_on=pair["ended_on"],  # type: ignore[arg-type]
                reason=str(pair["reason"]) or _("No reason given"),
                students=int(pair["students"]),  # type: ignore[call-overload]
                meetings_held=held_by_pair.get(pk, 0),
            )
            for pk, pair in by_pair.items()
            if pair["state"] == MentorshipState.ENDED_EARLY
        ),
        key=lambda e: (e.ended_on or dt.date.min, e.reason),
    )

    per_month = {
        timezone.localdate(row["month"])
        if isinstance(row["month"], dt.datetime)
        else row["month"]: (
            row["n"],
            row["pairs"],
        )
        for row in Meeting.objects.filter(
            mentorship__programme=programme, status=MeetingStatus.HELD
        )
        .annotate(month=TruncMonth("start"))
        .values("month")
        .annotate(n=Count("pk"), pairs=Count("mentorship", distinct=True))
        .order_by()
    }
    months: list[MonthRow] = []
    if per_month or today >= programme.kickoff_date:
        first = min([programme.kickoff_date, *per_month])
        last = max([min(today, programme.end_date), *per_month])
        for month in _months(first, last):
            n, pairs = per_month.get(month, (0, 0))
            months.append(
                MonthRow(
                    month=month,
                    label=date_format(month, "YEAR_MONTH_FORMAT"),
                    meetings=n,
                    pairs=pairs,
                )
            )
    month_chart = columns([(m.label, m.meetings) for m in months]) if months else None

    surveys = [
        SurveyRate(survey=s, invited=s.invited, answered=s.answered)  # type: ignore[attr-defined]
        for s in with_response_counts(
            Survey.objects.filter(programme=programme).exclude(state=SurveyState.DRAFT)
        ).order_by("opens_at", "pk")
    ]
    survey_chart = (
        hbars(
            [
                (
                    s.survey.title,
                    100 * (s.rate or 0),
                    f"{round(100 * (s.rate or 0))}% ({s.answered}/{s.invited})",
                    False,
                )
                for s in surveys
            ],
            scale_max=100,
        )
        if surveys
        else None
    )

    pairs_students = [int(p["students"]) for p in by_pair.values()]  # type: ignore[call-overload]
    return Trends(
        funnels=funnels,
        reasons=reasons,
        months=months,
        month_chart=month_chart,
        surveys=surveys,
        survey_chart=survey_chart,
        students_matched=len(members),
        mentorships=len(by_pair),
        groups=sum(1 for n in pairs_students if n > 1),
    )
