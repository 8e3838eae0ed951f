"""Demo mentorships for "mentoring-2026": the demo pair's lively shared space, and the
other accepted students paired with mentors in states a coordinator wants to see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme

from . import services
from .models import (
    AgendaItem,
    Agreement,
    AgreementConfirmation,
    AgreementVersion,
    ChecklistTick,
    FirstMeetingStep,
    Goal,
    GoalComment,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipState,
    Reflection,
)

ACTOR = "actor@demo.mentorlab.fi"
MENTOR = "mentor@demo.mentorlab.fi"

BASE_AGREEMENT = {
    "objectives": (
        "Understand which careers my degree opens; test whether consulting or an "
        "energy-transition company suits me; trust my strengths more."
    ),
    "topics": "Career options, working life in consulting and industry, my strengths.",
    "topics_out": "Job offers or recruiting at the mentor's employer.",
    "confidentiality": "What we discuss stays between us unless we agree otherwise.",
    "frequency": "About once a month, 60–90 minutes",
    "mode": "mixed",
    "duration_months": 6,
    "who_books": "The student proposes times; the mentor confirms.",
    "progress_recording": "Shared notes after each meeting; goals reviewed every other meeting.",
}


def _ago(days: float, hour: int = 17) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _agree(
    mentorship: Mentorship,
    *,
    days_ago: int,
    versions: list[dict[str, Any]],
    base: dict[str, Any] = BASE_AGREEMENT,
) -> None:
    agreement, _ = Agreement.objects.get_or_create(mentorship=mentorship)
    participants = [mentorship.mentor, *(m.actor for m in mentorship.members.all())]
    version = None
    for number, fields in enumerate(versions, start=1):
        author = mentorship.mentor if number % 2 == 0 else participants[1]
        version = AgreementVersion.objects.create(
            agreement=agreement, number=number, author=author, **{**base, **fields}
        )
    assert version is not None
    for person in participants:
        AgreementConfirmation.objects.create(version=version, user=person)
    agreed = _ago(days_ago)
    Agreement.objects.filter(pk=agreement.pk).update(confirmed_at=agreed)
    AgreementVersion.objects.filter(agreement=agreement).update(created_at=agreed)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        state=MentorshipState.ACTIVE, agreed_at=agreed
    )
    ChecklistTick.objects.bulk_create(
        ChecklistTick(mentorship=mentorship, step=s, ticked_by=participants[1])
        for s in FirstMeetingStep
    )


def _held(mentorship: Mentorship, days_ago: int, notes: str = "") -> Meeting:
    return Meeting.objects.create(
        mentorship=mentorship,
        start=_ago(days_ago),
        duration_minutes=75,
        mode="on_site",
        place="Otaniemi, Harald Herlin Learning Centre café",
        status=MeetingStatus.HELD,
        shared_notes=notes,
        created_by=mentorship.mentor,
    )


def _planned(mentorship: Mentorship, days_ahead: int) -> Meeting:
    return Meeting.objects.create(
        mentorship=mentorship,
        start=_ago(-days_ahead, hour=16),
        duration_minutes=60,
        mode="online",
        video_link="https://meet.example.org/mentoring",
        created_by=mentorship.mentor,
    )


def _demo_pair(programme: Programme, actor: User, mentor: User) -> Mentorship:
    pair = services.mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    Mentorship.objects.filter(pk=pair.pk).update(introduced_at=_ago(74, 9))
    _agree(
        pair,
        days_ago=66,
        versions=[
            {"comment": "My first draft after our first meeting."},
            {
                "frequency": "Every four weeks, 75 minutes",
                "comment": "Suggesting a fixed rhythm so that time does not slip away.",
            },
        ],
    )
    first = _held(
        pair,
        66,
        "Got to know each other. Agreed on the agreement and the first goals. "
        "Next: Aino lists three companies to look into.",
    )
    second = _held(
        pair,
        33,
        "Went through the companies list. Mikko told about moving from consulting to "
        "industry. Idea: two prototype conversations before the next meeting.",
    )
    upcoming = _planned(pair, 5)
    for meeting, titles in (
        (first, ["Introductions and expectations", "Draft of the agreement"]),
        (second, ["Companies I looked into", "My strengths: feedback from the journal"]),
        (upcoming, ["What I learned from two prototype conversations", "Review my goals"]),
    ):
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, title=t, added_by=actor, position=i)
            for i, t in enumerate(titles, start=1)
        )
    Reflection.objects.create(
        meeting=first, author=actor, text="I was nervous, but it felt easy to talk."
    )
    Reflection.objects.create(
        meeting=first, author=mentor, text="I advised too quickly; ask more next time."
    )
    Reflection.objects.create(
        meeting=second, author=actor, text="Consulting sounds less appealing than I thought."
    )
    private = Goal.objects.create(
        mentorship=pair,
        owner=actor,
        title="Speak up more in group work",
        why="I often keep good ideas to myself.",
        success="I present once in every project meeting.",
        status="in_progress",
        progress=30,
    )
    shared = Goal.objects.create(
        mentorship=pair,
        owner=actor,
        title="Choose between consulting and industry",
        why="I need to pick my thesis topic with one of them in mind.",
        success="Two prototype conversations in each direction and a decision I can explain.",
        target_date=timezone.localdate() + dt.timedelta(days=60),
        status="in_progress",
        progress=55,
        visibility="shared",
    )
    Goal.objects.create(
        mentorship=pair,
        owner=actor,
        title="Build a network in the energy sector",
        success="Five new contacts I could ask for advice.",
        status="open",
        progress=10,
        visibility="shared",
    )
    GoalComment.objects.create(
        goal=shared, author=mentor, text="Whom could you ask about a typical week in each job?"
    )
    Goal.objects.create(
        mentorship=pair,
        owner=mentor,
        title="Practise coaching: ask before advising",
        why="The same skill helps me lead my own team.",
        success="In each meeting, Aino does most of the talking.",
        status="in_progress",
        progress=40,
    )
    Goal.objects.filter(pk=private.pk).update(progress_changed_at=_ago(20))
    return pair


def _eligible(actor_app: ActorApplication, mentor_app: MentorApplication) -> bool:
    return (
        bool(set(actor_app.languages) & set(mentor_app.languages))
        and mentor_app.takes_level(actor_app.degree_level)
        and not (
            actor_app.conflict_employer
            and actor_app.conflict_employer.lower() == mentor_app.employer.lower()
        )
    )


def seed(stdout: Any) -> None:
    programme = Programme.objects.filter(slug="mentoring-2026").first()
    actor = User.objects.filter(email=ACTOR).first()
    mentor = User.objects.filter(email=MENTOR).first()
    if programme is None or actor is None or mentor is None or programme.mentorships.exists():
        return
    with transaction.atomic():
        _seed(programme, actor, mentor, stdout)


def _seed(programme: Programme, actor: User, mentor: User, stdout: Any) -> None:
    coordinator = programme.coordinators.first()
    _demo_pair(programme, actor, mentor)
    mentor_apps = list(
        MentorApplication.objects.filter(programme=programme, status=ApplicationStatus.ACCEPTED)
        .select_related("user")
        .order_by("user__email")
    )
    # The demo mentor first, so that they get a second mentee.
    mentor_apps.sort(key=lambda a: a.user_id != mentor.pk)
    left = {a.pk: a.capacity - (1 if a.user_id == mentor.pk else 0) for a in mentor_apps}
    actor_apps = (
        ActorApplication.objects.filter(programme=programme, status=ApplicationStatus.ACCEPTED)
        .exclude(user=actor)
        .select_related("user")
        .order_by("user__email")
    )
    created: list[Mentorship] = []
    for actor_app in actor_apps:
        for mentor_app in mentor_apps:
            if left[mentor_app.pk] > 0 and _eligible(actor_app, mentor_app):
                created.append(
                    services.mentorship_create(
                        programme=programme,
                        mentor=mentor_app.user,
                        actors=[actor_app.user],
                        created_by=coordinator,
                    )
                )
                left[mentor_app.pk] -= 1
                break
    for i, m in enumerate(created):
        Mentorship.objects.filter(pk=m.pk).update(introduced_at=_ago(74, 9))
        if i in (3, 11):  # introduced recently, by hand: no agreement yet, not flagged
            Mentorship.objects.filter(pk=m.pk).update(introduced_at=_ago(9, 9))
            continue
        if i == 7:  # introduced long ago and still no agreement: flagged
            continue
        _agree(m, days_ago=62 - i % 5, versions=[{}, {"comment": "Small changes."}][: 1 + i % 2])
        _held(m, 60 - i % 5, "First meeting: agreement and goals.")
        if i == 5:  # the last meeting was seven weeks ago: flagged
            Meeting.objects.filter(mentorship=m).update(start=_ago(49))
            continue
        if i == 9:
            # Written directly: the demo should not e-mail the coordinators.
            Mentorship.objects.filter(pk=m.pk).update(
                state=MentorshipState.ENDED_EARLY,
                ended_at=_ago(20),
                end_reason="The student moved abroad for an exchange and could not continue.",
            )
            continue
        _held(m, 28 - i % 7, "Second meeting: reviewed progress on the goals.")
        _planned(m, 3 + i % 10)
        student = m.members.first()
        assert student is not None
        Goal.objects.create(
            mentorship=m,
            owner=student.actor,
            title="Clarify my career options",
            status="in_progress",
            progress=20 + 10 * (i % 6),
            visibility="shared" if i % 2 else "private",
        )
    # The coordinator's "last contact" column: the last meeting held (conversations, seeded
    # later, move it on for the pairs that write to each other).
    for held in Meeting.objects.filter(
        mentorship__programme=programme, status=MeetingStatus.HELD
    ).values("mentorship_id", "start"):
        services.mentorship_record_contact(mentorship_id=held["mentorship_id"], at=held["start"])
    stdout.write(f"  {len(created) + 1} mentorships in {programme.name}")
