"""A large programme built fast with bulk_create (no services, no e-mail): for the page-load
benchmark (bench/pages.py, up to 20,000 participants) and the rows-loaded tests.

`cohort_create()` makes the named people of `world_create()` and one running programme with
`students` accepted students, `mentors` accepted mentors, `mentorships` mentorships (four
meetings, two goals, reflections and an agenda each), `events` events with `registrations`
registrations each, ten peer groups, a directory, a baseline survey answered by 40 % of the
students, a matching proposal pairing the students still without a mentor, 40 library
articles, a year of the demo student's toolkit, and two more programmes for the coordinator.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any


def cohort_create(
    *,
    students: int,
    mentors: int,
    mentorships: int,
    events: int,
    registrations: int = 40,
    checkin_registrations: int = 40,
) -> dict[str, Any]:
    """The cohort (see the module docstring); returns the personas and page ids."""
    n_students, n_mentors, n_mentorships, n_events = students, mentors, mentorships, events
    from django.db import transaction
    from django.utils import timezone

    from mentorlab.accounts.models import User
    from mentorlab.careerdesign.models import JournalEntry, Moment, Prototype, WeeklyReflection
    from mentorlab.events.models import (
        DirectoryEntry,
        Event,
        EventKind,
        EventStatus,
        PeerGroup,
        PeerGroupMember,
        Registration,
        RegistrationStatus,
    )
    from mentorlab.library.models import Article, ArticleTranslation, AudienceTag, PhaseTag
    from mentorlab.matching.models import ProposedPair
    from mentorlab.mentorships.models import (
        AgendaItem,
        Agreement,
        Goal,
        Meeting,
        MeetingStatus,
        Mentorship,
        MentorshipActor,
        Reflection,
        Visibility,
    )
    from mentorlab.programmes.choices import ApplicationStatus
    from mentorlab.programmes.models import ActorApplication, MentorApplication
    from mentorlab.surveys.models import Answer, Invitation, Response
    from tests.performance.world import running_programme, world_create

    rng = random.Random(7)
    now = timezone.now()
    with transaction.atomic():
        world = world_create("bench")
        programme, topics = world.programme, world.topics
        for i in (1, 2):
            running_programme(f"bench-other-{i}", f"Other programme {i}", world.coordinator)

        students = User.objects.bulk_create(
            User(email=f"student{i}@example.org", full_name=f"Student {i:04}", password="!")
            for i in range(n_students)
        )
        mentors = User.objects.bulk_create(
            User(email=f"mentor{i}@example.org", full_name=f"Mentor {i:04}", password="!")
            for i in range(n_mentors)
        )
        actor_apps = ActorApplication.objects.bulk_create(
            ActorApplication(
                programme=programme,
                user=u,
                status=ApplicationStatus.ACCEPTED,
                degree_level=rng.choice(["masters", "masters", "masters", "doctoral"]),
                field_of_study=rng.choice(["Computer Science", "Economics", "Chemistry"]),
                school="SCI",
                study_year=rng.randint(1, 5),
                goals="I want to understand my career options and grow my network.",
                languages=rng.choice([["fi", "en"], ["en"], ["fi"], ["sv", "en"]]),
                city=rng.choice(["Espoo", "Helsinki", "Tampere"]),
                privacy_consent=True,
            )
            for u in students
        )
        mentor_apps = MentorApplication.objects.bulk_create(
            MentorApplication(
                programme=programme,
                user=u,
                status=ApplicationStatus.ACCEPTED,
                degree="M.Sc.",
                degree_field=rng.choice(["Computer Science", "Economics", "Chemistry"]),
                graduation_year=rng.randint(1990, 2018),
                current_role="Manager",
                employer=rng.choice(["Reaktor", "Kone", "Nokia", "City of Espoo"]),
                industry="technology",
                levels="both",
                capacity=rng.randint(1, 3),
                offer="I have changed careers twice and like to talk about it.",
                languages=rng.choice([["fi", "en"], ["en"], ["fi"]]),
                city=rng.choice(["Espoo", "Helsinki", "Tampere"]),
                privacy_consent=True,
            )
            for u in mentors
        )
        ActorApplication.topics.through.objects.bulk_create(
            ActorApplication.topics.through(actorapplication_id=a.pk, topic_id=t.pk)
            for a in actor_apps
            for t in rng.sample(topics, 2)
        )
        MentorApplication.topics.through.objects.bulk_create(
            MentorApplication.topics.through(mentorapplication_id=m.pk, topic_id=t.pk)
            for m in mentor_apps
            for t in rng.sample(topics, 2)
        )

        # Mentorships: the demo mentor gets two more students; the rest one student each.
        paired = students[:n_mentorships]
        ships = Mentorship.objects.bulk_create(
            Mentorship(
                programme=programme,
                mentor=world.mentor if i < 2 else mentors[i % len(mentors)],
                agreed_at=now - dt.timedelta(days=40),
                state="active",
            )
            for i in range(len(paired))
        )
        MentorshipActor.objects.bulk_create(
            MentorshipActor(mentorship=m, actor=s, programme=programme)
            for m, s in zip(ships, paired, strict=True)
        )
        Agreement.objects.bulk_create(Agreement(mentorship=m) for m in ships)
        everyone = [(world.pair, world.actor), *zip(ships, paired, strict=True)]
        meetings = Meeting.objects.bulk_create(
            Meeting(
                mentorship=m,
                start=now + dt.timedelta(days=days),
                status=MeetingStatus.HELD if days < 0 else MeetingStatus.PLANNED,
                shared_notes="We talked about options." if days < 0 else "",
            )
            for m, _s in everyone
            for days in (-40, -25, -10, 7)
        )
        by_ship: dict[int, Any] = {m.pk: (m, s) for m, s in everyone}
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=mt, title="How to find a summer job", added_by=by_ship[mt.mentorship_id][1]
            )
            for mt in meetings
        )
        Reflection.objects.bulk_create(
            Reflection(meeting=mt, author=person, text="It went well.")
            for mt in meetings
            if mt.status == MeetingStatus.HELD
            for person in (by_ship[mt.mentorship_id][1], by_ship[mt.mentorship_id][0].mentor)
        )
        Goal.objects.bulk_create(
            Goal(
                mentorship=m,
                owner=s,
                title=title,
                visibility=rng.choice([Visibility.PRIVATE, Visibility.SHARED, "coordinators"]),
                status=rng.choice(["open", "in_progress", "done"]),
            )
            for m, s in everyone
            for title in ("Find a summer job", "Build a network")
        )

        # Matching proposal: the students still without a mentor.
        free = students[n_mentorships:]
        ProposedPair.objects.bulk_create(
            ProposedPair(
                run=world.run,
                actor=s,
                mentor=mentors[i % len(mentors)],
                score=rng.randint(300, 900),
                breakdown={"topics": 300, "language": 200, "field": 100},
                reason="topics",
            )
            for i, s in enumerate(free)
        )
        world.run.mentor_remaining = {str(m.pk): rng.randint(0, 2) for m in mentors}
        world.run.save(update_fields=["mentor_remaining"])

        # Events, peer groups, directory.
        events = Event.objects.bulk_create(
            Event(
                programme=programme,
                kind=rng.choice([EventKind.NETWORKING, EventKind.GROUP_MENTORING]),
                title=f"Event {i}",
                description="Meet **everyone**.",
                starts_at=now + dt.timedelta(days=i - 10, hours=2),
                ends_at=now + dt.timedelta(days=i - 10, hours=4),
                status=EventStatus.PUBLISHED,
                created_by=world.coordinator,
            )
            for i in range(n_events)
        )
        people = students + mentors
        student_ids = {u.pk for u in students}
        Registration.objects.bulk_create(
            Registration(
                event=e,
                user=u,
                status=RegistrationStatus.REGISTERED,
                queued_at=now,
                attended=rng.random() < 0.7,
            )
            for e in [world.event, *events]
            for u in rng.sample(
                people,
                min(checkin_registrations if e is world.event else registrations, len(people)),
            )
        )
        Registration.objects.bulk_create(
            Registration(event=e, user=world.actor, queued_at=now, status="registered")
            for e in events[::3]
        )
        groups = PeerGroup.objects.bulk_create(
            PeerGroup(programme=programme, name=f"Group {i + 1}", is_published=True)
            for i in range(10)
        )
        PeerGroupMember.objects.bulk_create(
            PeerGroupMember(group=([world.group, *groups])[i % 11], programme=programme, user=u)
            for i, u in enumerate(students[:88])
        )
        DirectoryEntry.objects.bulk_create(
            DirectoryEntry(
                programme=programme,
                user=u,
                role="actor" if u.pk in student_ids else "mentor",
                intro="Happy to talk about careers.",
                languages=["fi", "en"],
            )
            for u in rng.sample(people, min(300, len(people)))
        )

        # Baseline survey answered by 40 % of the students.
        items = list(world.survey.items.all())
        invitations = Invitation.objects.bulk_create(
            Invitation(survey=world.survey, user=u, track=a.degree_level, sent_at=now)
            for u, a in zip(students, actor_apps, strict=True)
        )
        responses = Response.objects.bulk_create(
            Response(survey=world.survey, invitation=inv, submitted_at=now)
            for inv in invitations[: int(len(invitations) * 0.4)]
        )
        Answer.objects.bulk_create(
            Answer(response=r, item=it, number=rng.randint(1, 5))
            if it.kind in ("likert", "scale10")
            else Answer(response=r, item=it, text="It helps.")
            for r in responses
            for it in items
            if it.kind in ("likert", "scale10", "text")
        )

        # Library and the demo student's toolkit.
        audiences = [AudienceTag.objects.get_or_create(code="everyone")[0]]
        phases = [PhaseTag.objects.get_or_create(code="during")[0]]
        for i in range(40):
            article = Article.objects.create(slug=f"tip-{i}", order=i, is_published=True)
            article.audiences.set(audiences)
            article.phases.set(phases)
            ArticleTranslation.objects.create(
                article=article, language="en", title=f"Tip {i}", summary="Short.", body="Text."
            )
        JournalEntry.objects.bulk_create(
            JournalEntry(
                owner=world.actor,
                day=now.date() - dt.timedelta(days=i),
                activity=f"Activity {i}",
                engagement=rng.randint(1, 10),
                energy=rng.randint(-5, 5),
                shared=i % 3 == 0,
            )
            for i in range(365)
        )
        WeeklyReflection.objects.bulk_create(
            WeeklyReflection(owner=world.actor, week=now.date() - dt.timedelta(weeks=i), text="Ok")
            for i in range(52)
        )
        Moment.objects.bulk_create(
            Moment(owner=world.actor, title=f"Moment {i}", shared=True) for i in range(30)
        )
        Prototype.objects.bulk_create(
            Prototype(owner=world.actor, question=f"Question {i}?", shared=True) for i in range(20)
        )
    return {
        "users": {"actor": world.actor, "mentor": world.mentor, "coordinator": world.coordinator},
        "ids": {**world.ids(), "actor": world.actor.pk},
    }
