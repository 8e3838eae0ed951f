"""Two past cycles of the demo's "Mentoring" series, so that the across-cycles page has
something to compare: Mentoring 2024–25 and 2025–26, ended, with applicants, mentorships
(completed and ended early, with reasons), meetings held, mentors who came back for the
second cycle, and baseline and final surveys. Safe to run again: a cycle that exists is
left as it is."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.mentorships.models import (
    Agreement,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipActor,
    MentorshipState,
)
from mentorlab.programmes import demo as programmes_demo
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel, Track
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme
from mentorlab.surveys import demo as surveys_demo
from mentorlab.surveys.models import ItemKind, SurveyKind, SurveyState

SERIES = "mentoring"
CURRENT = ("mentoring-2026", "mentoring-2027")
EARLY_END_REASONS = [
    "The student moved abroad for an exchange and could not continue.",
    "The mentor changed jobs and had no time left for meetings.",
    "We could not find times that suited us both after the first meeting.",
    "The student graduated early and started a full-time job.",
    "Our goals turned out to be too far apart; we agreed to stop.",
]


def _past_dates(kickoff: dt.date) -> dict[str, dt.date]:
    day = dt.timedelta(days=1)
    return {
        "mentor_signup_opens": kickoff - 50 * day,
        "mentor_signup_closes": kickoff - 40 * day,
        "actor_applications_open": kickoff - 45 * day,
        "actor_applications_close": kickoff - 31 * day,
        "matching_date": kickoff - 15 * day,
        "kickoff_date": kickoff,
        "halfway_date": kickoff + 90 * day,
        "closing_date": kickoff + 170 * day,
        "end_date": kickoff + 180 * day,
    }


def _at(day: dt.date, hour: int = 17) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _mentorships(programme: Programme, rng: random.Random) -> None:
    """Pairs for most accepted students, all closed: about four in five completed."""
    students = list(
        ActorApplication.objects.filter(programme=programme, status=ApplicationStatus.ACCEPTED)
        .select_related("user")
        .order_by("user__email")
    )
    mentors = list(
        MentorApplication.objects.filter(programme=programme, status=ApplicationStatus.ACCEPTED)
        .select_related("user")
        .order_by("user__email")
    )
    if not mentors:
        return
    kickoff = programme.kickoff_date
    matched = students[: int(len(students) * 0.9)]
    index = 0
    while index < len(matched):
        mentor = mentors[(index // 2) % len(mentors)].user
        # Doctoral students two by two, as the doctoral track's small groups.
        size = 2 if matched[index].degree_level == DegreeLevel.DOCTORAL else 1
        group = [a.user for a in matched[index : index + size]]
        index += size
        ended_early = rng.random() < 0.14
        pair = Mentorship.objects.create(
            programme=programme,
            mentor=mentor,
            state=MentorshipState.ENDED_EARLY if ended_early else MentorshipState.COMPLETED,
            end_reason=rng.choice(EARLY_END_REASONS) if ended_early else "",
        )
        for student in group:
            MentorshipActor.objects.create(mentorship=pair, actor=student, programme=programme)
        held = rng.randint(0, 2) if ended_early else rng.randint(4, 8)
        agreed = not ended_early or rng.random() < 0.6
        ended = kickoff + dt.timedelta(days=30 * held + 20 if ended_early else 170)
        Mentorship.objects.filter(pk=pair.pk).update(
            introduced_at=_at(programme.matching_date),
            agreed_at=_at(kickoff + dt.timedelta(days=8)) if agreed else None,
            ended_at=_at(ended),
            last_contact_at=_at(kickoff + dt.timedelta(days=30 * max(held - 1, 0) + 10)),
        )
        if agreed:
            Agreement.objects.create(mentorship=pair, confirmed_at=_at(kickoff))
        Meeting.objects.bulk_create(
            Meeting(
                mentorship=pair,
                start=_at(kickoff + dt.timedelta(days=10 + 27 * k + rng.randint(0, 6))),
                status=MeetingStatus.HELD,
                created_by=group[0],
            )
            for k in range(held)
        )


def _surveys(programme: Programme, coordinator: User, rng: random.Random, growth: float) -> None:
    students = list(
        ActorApplication.objects.filter(programme=programme, status=ApplicationStatus.ACCEPTED)
        .select_related("user")
        .order_by("user__email")
    )
    kickoff, closing = programme.kickoff_date, programme.closing_date
    baseline, _new = surveys_demo._survey(
        programme,
        coordinator,
        kind=SurveyKind.BASELINE,
        title="Where you stand now – start of the programme",
        opens=_at(kickoff - dt.timedelta(days=5)),
        closes=_at(kickoff + dt.timedelta(days=9)),
        state=SurveyState.CLOSED,
        intro="",
    )
    final, _new = surveys_demo._survey(
        programme,
        coordinator,
        kind=SurveyKind.FINAL,
        title="What changed – end of the programme",
        opens=_at(closing - dt.timedelta(days=3)),
        closes=_at(closing + dt.timedelta(days=10)),
        state=SurveyState.CLOSED,
        intro="",
    )
    before: dict[int, dict[str, int]] = {}
    for application in students:
        if rng.random() < 0.15:
            continue
        response = surveys_demo._respond(baseline, application, baseline.opens_at)
        level = rng.choice([2, 2, 3, 3, 3, 4])
        for item in baseline.items.all():
            if item.benefit:
                value = max(1, min(5, level + rng.choice([-1, 0, 0, 1])))
                before.setdefault(application.user_id, {})[item.benefit] = value
                surveys_demo._answer(response, item, value)
    for application in students:
        if application.user_id not in before or rng.random() < 0.25:
            continue
        response = surveys_demo._respond(final, application, final.opens_at)
        for item in final.items.all():
            if item.benefit:
                start = before[application.user_id].get(item.benefit, 3)
                step = growth * surveys_demo.GROWTH.get(item.benefit, 0.5)
                step += rng.choice([-1, -0.5, 0, 0, 0.5, 1])
                surveys_demo._answer(response, item, max(1, min(5, round(start + step))))
            elif item.kind == ItemKind.SCALE:
                surveys_demo._answer(response, item, rng.choice([6, 7, 8, 8, 9, 9, 10]))


def _returning(programme: Programme, earlier: Programme, rng: random.Random, n: int) -> None:
    """Some of the earlier cycle's mentors sign up again."""
    already = set(MentorApplication.objects.filter(programme=programme).values_list("user_id"))
    back = [
        m.user
        for m in MentorApplication.objects.filter(
            programme=earlier, status=ApplicationStatus.ACCEPTED
        )
        .select_related("user")
        .order_by("user__email")
        if (m.user_id,) not in already
    ][:n]
    for user in back:
        programmes_demo._mentor(rng, programme, user, ApplicationStatus.ACCEPTED)


def seed(stdout: Any) -> None:
    coordinator = User.objects.filter(email=programmes_demo.COORDINATOR).first()
    running = Programme.objects.filter(slug=CURRENT[0]).first()
    if coordinator is None or running is None:
        return
    Programme.objects.filter(slug__in=CURRENT, series="").update(series=SERIES)
    earlier: Programme | None = None
    for years_back, growth in ((2, 0.7), (1, 0.9)):
        start = running.kickoff_date.year - years_back
        slug = f"mentoring-{start}"
        kickoff = running.kickoff_date - dt.timedelta(days=365 * years_back)
        programme, created = programmes_demo._programme(
            slug,
            name=f"Mentoring {start}–{str(start + 1)[-2:]}",
            series=SERIES,
            track=Track.BOTH,
            description="An earlier cycle of the programme, kept for comparison.",
            is_public=False,
            **_past_dates(kickoff),
        )
        programme.coordinators.add(coordinator)
        if created:
            rng = random.Random(start)
            programmes_demo._people(
                programme,
                prefix=f"m{str(start)[-2:]}",
                actors=36 + 8 * (2 - years_back),
                mentors=26,
                seed=start,
            )
            # Every application of an ended cycle was decided.
            ActorApplication.objects.filter(
                programme=programme, status=ApplicationStatus.SUBMITTED
            ).update(status=ApplicationStatus.DECLINED)
            MentorApplication.objects.filter(
                programme=programme, status=ApplicationStatus.SUBMITTED
            ).update(status=ApplicationStatus.DECLINED)
            if earlier is not None:
                _returning(programme, earlier, rng, 9)
            _mentorships(programme, rng)
            _surveys(programme, coordinator, rng, growth)
            stdout.write(f"  dashboard: past cycle {programme.name}\n")
        earlier = programme
