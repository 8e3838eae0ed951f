"""A programme's cycles side by side. "The same programme across cycles" is the programmes
that share its `series` key (set when a cycle is created or copied, or in the admin); a
programme without one is compared with nothing but itself. Only the cycles the viewer
coordinates are shown (site staff see every cycle of the series).

Each figure is a count or a rate over one cycle, computed in one query per kind of count for
all cycles together; the benefit change reuses the survey reports' own paired comparison,
with their anonymity rule, once per cycle."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from mentorlab.mentorships.models import Meeting, MeetingStatus, Mentorship, MentorshipActor
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme
from mentorlab.surveys.models import Audience, Survey, SurveyKind, SurveyState
from mentorlab.surveys.report import benefit_report


@dataclass
class BenefitSummary:
    mean_change: float | None  # mean over the benefits shown; None when all are hidden
    people: int  # students who answered both surveys
    benefits: int  # benefits shown
    min_group: int


@dataclass
class Cycle:
    programme: Programme
    applied: int
    accepted: int
    mentors_applied: int
    mentors_accepted: int
    matched: int  # accepted students with a mentorship in the cycle
    mentorships: int
    live: int
    completed: int
    ended_early: int
    meetings_held: int
    returning_mentors: int  # accepted mentors who were accepted mentors in an earlier cycle
    benefit: BenefitSummary | None

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def acceptance(self) -> float | None:
        return self._rate(self.accepted, self.applied)

    @property
    def matched_share(self) -> float | None:
        return self._rate(self.matched, self.accepted)

    @property
    def completion(self) -> float | None:
        return self._rate(self.completed, self.mentorships)

    @property
    def early_ending(self) -> float | None:
        return self._rate(self.ended_early, self.mentorships)

    @property
    def meetings_per_pair(self) -> float | None:
        return self.meetings_held / self.mentorships if self.mentorships else None

    @property
    def returning_share(self) -> float | None:
        return self._rate(self.returning_mentors, self.mentors_accepted)


def cycles_visible_to(user: Any, programme: Programme) -> tuple[list[Programme], int]:
    """The cycles of the programme's series the user may compare, oldest first, and how
    many other cycles of the series are left out because the user does not coordinate them."""
    if not programme.series:
        return [programme], 0
    series: QuerySet[Programme] = Programme.objects.filter(series=programme.series)
    everyone = list(series.order_by("kickoff_date", "pk"))
    if getattr(user, "is_staff", False):
        return everyone, 0
    mine = set(series.filter(coordinators=user).values_list("pk", flat=True))
    shown = [p for p in everyone if p.pk in mine]
    return shown, len(everyone) - len(shown)


def _grouped(queryset: QuerySet[Any], *fields: str) -> dict[Any, int]:
    rows = queryset.values(*fields).annotate(n=Count("pk")).order_by()
    if len(fields) == 1:
        return {row[fields[0]]: row["n"] for row in rows}
    return {tuple(row[f] for f in fields): row["n"] for row in rows}


def _benefit(programme: Programme, surveys: list[Survey]) -> BenefitSummary | None:
    def latest(kind: str) -> Survey | None:
        chosen = [s for s in surveys if s.programme_id == programme.pk and s.kind == kind]
        return max(chosen, key=lambda s: s.opens_at) if chosen else None

    baseline, final = latest(SurveyKind.BASELINE), latest(SurveyKind.FINAL)
    if baseline is None or final is None:
        return None
    report = benefit_report(baseline, final)
    shown = [r.change.mean_change for r in report.rows if r.change is not None]
    return BenefitSummary(
        mean_change=sum(shown) / len(shown) if shown else None,
        people=report.paired_people,
        benefits=len(shown),
        min_group=report.min_group,
    )


def compare(programmes: list[Programme]) -> list[Cycle]:
    ids = [p.pk for p in programmes]
    actors = _grouped(
        ActorApplication.objects.filter(programme_id__in=ids), "programme_id", "status"
    )
    mentors = _grouped(
        MentorApplication.objects.filter(programme_id__in=ids), "programme_id", "status"
    )
    matched = {
        row["programme_id"]: row["n"]
        for row in MentorshipActor.objects.filter(programme_id__in=ids)
        .values("programme_id")
        .annotate(n=Count("actor_id", distinct=True))
        .order_by()
    }
    states = _grouped(Mentorship.objects.filter(programme_id__in=ids), "programme_id", "state")
    held = _grouped(
        Meeting.objects.filter(mentorship__programme_id__in=ids, status=MeetingStatus.HELD),
        "mentorship__programme_id",
    )
    mentor_cycles: dict[int, set[int]] = defaultdict(set)
    for user_id, programme_id in MentorApplication.objects.filter(
        programme_id__in=ids, status=ApplicationStatus.ACCEPTED
    ).values_list("user_id", "programme_id"):
        mentor_cycles[user_id].add(programme_id)
    order = {pk: index for index, pk in enumerate(ids)}
    returning: dict[int, int] = defaultdict(int)
    for cycles in mentor_cycles.values():
        for pk in cycles:
            if any(order[other] < order[pk] for other in cycles):
                returning[pk] += 1
    surveys = list(
        Survey.objects.filter(
            programme_id__in=ids,
            audience=Audience.ACTORS,
            kind__in=(SurveyKind.BASELINE, SurveyKind.FINAL),
        ).exclude(state=SurveyState.DRAFT)
    )

    result = []
    for p in programmes:

        def actor(status: str, pk: int = p.pk) -> int:
            return actors.get((pk, status), 0)

        def mentor(status: str, pk: int = p.pk) -> int:
            return mentors.get((pk, status), 0)

        def state(name: str, pk: int = p.pk) -> int:
            return states.get((pk, name), 0)

        result.append(
            Cycle(
                programme=p,
                applied=sum(n for (pk, _s), n in actors.items() if pk == p.pk),
                accepted=actor(ApplicationStatus.ACCEPTED),
                mentors_applied=sum(n for (pk, _s), n in mentors.items() if pk == p.pk),
                mentors_accepted=mentor(ApplicationStatus.ACCEPTED),
                matched=matched.get(p.pk, 0),
                mentorships=sum(n for (pk, _s), n in states.items() if pk == p.pk),
                live=state("introduced") + state("active"),
                completed=state("completed"),
                ended_early=state("ended_early"),
                meetings_held=held.get(p.pk, 0),
                returning_mentors=returning.get(p.pk, 0),
                benefit=_benefit(p, surveys),
            )
        )
    return result


def _percent(value: float | None) -> float | str:
    return round(100 * value, 1) if value is not None else ""


def table(cycles: list[Cycle]) -> list[list[Any]]:
    """The comparison as rows for CSV and Excel: a header, then one row per cycle."""
    header = [
        _("Cycle"),
        _("Kick-off"),
        _("Students applied"),
        _("Students accepted"),
        _("Acceptance (%)"),
        _("Mentors signed up"),
        _("Mentors accepted"),
        _("Students matched"),
        _("Matched share of accepted (%)"),
        _("Mentorships"),
        _("Still running"),
        _("Completed"),
        _("Completion rate (%)"),
        _("Ended early"),
        _("Early-ending rate (%)"),
        _("Meetings held"),
        _("Meetings per mentorship"),
        _("Returning mentors"),
        _("Returning share of accepted mentors (%)"),
        _("Mean benefit change"),
        _("Students who answered both surveys"),
    ]
    rows: list[list[Any]] = [[str(h) for h in header]]
    for c in cycles:
        benefit = c.benefit
        rows.append(
            [
                c.programme.name,
                c.programme.kickoff_date.isoformat(),
                c.applied,
                c.accepted,
                _percent(c.acceptance),
                c.mentors_applied,
                c.mentors_accepted,
                c.matched,
                _percent(c.matched_share),
                c.mentorships,
                c.live,
                c.completed,
                _percent(c.completion),
                c.ended_early,
                _percent(c.early_ending),
                c.meetings_held,
                round(c.meetings_per_pair, 2) if c.meetings_per_pair is not None else "",
                c.returning_mentors,
                _percent(c.returning_share),
                round(benefit.mean_change, 2)
                if benefit is not None and benefit.mean_change is not None
                else "",
                benefit.people if benefit is not None else "",
            ]
        )
    return rows
