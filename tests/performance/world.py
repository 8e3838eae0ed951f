"""A programme in full swing that can be grown on demand, for the query-count tests and
the page-load benchmark (bench/pages.py).

`world_create()` makes the named people (a coordinator, an actor, a mentor), one running
programme and the actor and mentor's own mentorship. `world_grow(world, n)` then adds `n`
"units" of everything a page may list: each unit is a new student–mentor pair with
meetings, goals and reflections, one more student for the demo mentor, one more meeting
and goal in the demo pair, an event with registrations, a peer group, directory entries,
survey answers, a library article, toolkit items, a matching proposal pair, rules and one
more programme for the coordinator. Written straight to the ORM (fast, no e-mail) except
where a service builds non-trivial state (mentorships, surveys).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.careerdesign.models import (
    Comment,
    JournalEntry,
    Moment,
    Prototype,
    WeeklyReflection,
)
from mentorlab.conversations import services as conversation_services
from mentorlab.events.models import (
    BoardPost,
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
from mentorlab.matching.models import Exclusion, Lock, MatchRun, ProposedPair, RunStatus
from mentorlab.mentorships import services as mentorship_services
from mentorlab.mentorships.models import (
    AgendaItem,
    Goal,
    GoalComment,
    Meeting,
    MeetingStatus,
    Mentorship,
    Reflection,
    Visibility,
)
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme, Topic
from mentorlab.surveys import services as survey_services
from mentorlab.surveys.models import (
    Answer,
    HelpRequest,
    Invitation,
    Item,
    Response,
    Survey,
    SurveyState,
)
from tests.second_factor import totp_add

PASSWORD_HASH = "!"  # unusable: the tests and the benchmark sign in with force_login


def _day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def running_programme(slug: str, name: str, coordinator: User) -> Programme:
    """A programme whose kick-off was 60 days ago and whose halfway point is ahead."""
    programme = Programme.objects.create(
        name=name,
        slug=slug,
        series="world",  # the coordinator's programmes are cycles of one series
        mentor_signup_opens=_day(-130),
        mentor_signup_closes=_day(-100),
        actor_applications_open=_day(-130),
        actor_applications_close=_day(-95),
        matching_date=_day(-80),
        kickoff_date=_day(-60),
        halfway_date=_day(30),
        closing_date=_day(100),
        end_date=_day(110),
    )
    programme.coordinators.add(coordinator)
    for i, topic in enumerate(["Career options", "Leadership", "Startups"]):
        Topic.objects.create(programme=programme, name=topic, order=i)
    return programme


@dataclass
class World:
    programme: Programme
    coordinator: User
    actor: User
    mentor: User
    pair: Mentorship
    survey: Survey
    run: MatchRun
    event: Event
    group: PeerGroup
    units: int = 0
    topics: list[Topic] = field(default_factory=list)

    def ids(self) -> dict[str, Any]:
        """What page addresses are built from."""
        return {
            "slug": self.programme.slug,
            "pair": self.pair.pk,
            "survey": self.survey.pk,
            "run": self.run.pk,
            "event": self.event.pk,
            "group": self.group.pk,
        }


def _user(email: str, name: str) -> User:
    return User.objects.create(email=email, full_name=name, password=PASSWORD_HASH)


def _actor(programme: Programme, user: User, topics: list[Topic]) -> ActorApplication:
    application = ActorApplication.objects.create(
        programme=programme,
        user=user,
        status=ApplicationStatus.ACCEPTED,
        degree_level="masters",
        field_of_study="Computer Science",
        school="SCI",
        study_year=2,
        goals="I want to understand my career options.",
        languages=["en", "fi"],
        city="Espoo",
        privacy_consent=True,
    )
    application.topics.set(topics)
    return application


def _mentor(programme: Programme, user: User, topics: list[Topic]) -> MentorApplication:
    application = MentorApplication.objects.create(
        programme=programme,
        user=user,
        status=ApplicationStatus.ACCEPTED,
        degree="M.Sc. (Tech.)",
        degree_field="Computer Science",
        graduation_year=2010,
        current_role="Engineering Manager",
        employer="Reaktor",
        industry="technology",
        levels="both",
        capacity=3,
        offer="I moved from engineering to management.",
        languages=["en", "fi"],
        city="Helsinki",
        privacy_consent=True,
    )
    application.topics.set(topics)
    return application


def world_create(prefix: str = "perf") -> World:
    coordinator = _user(f"{prefix}-coordinator@example.org", "Cora Coordinator")
    totp_add(coordinator)  # coordinators sign in with a second factor
    actor = _user(f"{prefix}-actor@example.org", "Aino Actor")
    mentor = _user(f"{prefix}-mentor@example.org", "Maija Mentor")
    programme = running_programme(f"{prefix}-running", "Mentoring running", coordinator)
    topics = list(programme.topics.all())
    _actor(programme, actor, topics[:2])
    _mentor(programme, mentor, topics[1:])
    pair = mentorship_services.mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    now = timezone.now()
    survey = survey_services.survey_create(
        programme=programme,
        by=coordinator,
        audience="actor",
        kind="baseline",
        title="Baseline survey",
        opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=10),
        anonymous=False,
        min_group_size=2,
    )
    Survey.objects.filter(pk=survey.pk).update(state=SurveyState.OPEN)
    Invitation.objects.create(survey=survey, user=actor, track="masters", sent_at=now)
    run = MatchRun.objects.create(
        programme=programme,
        created_by=coordinator,
        status=RunStatus.DONE,
        progress=100,
        finished_at=now,
        stats={},
        unmatched=[],
        mentor_remaining={},
    )
    event = Event.objects.create(
        programme=programme,
        kind=EventKind.NETWORKING,
        title="Kick-off",
        description="Meet **everyone**.",
        starts_at=now + dt.timedelta(days=7),
        ends_at=now + dt.timedelta(days=7, hours=2),
        place="Dipoli",
        status=EventStatus.PUBLISHED,
        created_by=coordinator,
    )
    group = PeerGroup.objects.create(programme=programme, name="Group 0", is_published=True)
    PeerGroupMember.objects.create(group=group, programme=programme, user=actor)
    DirectoryEntry.objects.create(
        programme=programme, user=actor, role="actor", intro="Hello", languages=["en"]
    )
    return World(
        programme=programme,
        coordinator=coordinator,
        actor=actor,
        mentor=mentor,
        pair=pair,
        survey=survey,
        run=run,
        event=event,
        group=group,
        topics=topics,
    )


def _answer_all(survey: Survey, items: list[Item], user: User, track: str) -> None:
    invitation = Invitation.objects.create(
        survey=survey, user=user, track=track, sent_at=timezone.now()
    )
    response = Response.objects.create(
        survey=survey, invitation=invitation, submitted_at=timezone.now()
    )
    answers = []
    for item in items:
        if item.kind in ("likert", "scale10"):
            answers.append(Answer(response=response, item=item, number=4))
        elif item.kind == "text":
            answers.append(Answer(response=response, item=item, text="Useful."))
        elif item.choice_list:
            choice = item.choice_list[0]
            answers.append(Answer(response=response, item=item, selected=[choice], text=choice))
    Answer.objects.bulk_create(answers)


def world_grow(world: World, n: int) -> World:
    """Add `n` units of data (see the module docstring)."""
    programme, coordinator = world.programme, world.coordinator
    actor, mentor, pair = world.actor, world.mentor, world.pair
    now = timezone.now()
    items = list(world.survey.items.all())
    audiences = [AudienceTag.objects.get_or_create(code="everyone")[0]]
    phases = [PhaseTag.objects.get_or_create(code="during")[0]]
    for _ in range(n):
        world.units += 1
        i = world.units
        tag = f"{programme.slug}-{i}"
        topics = world.topics[i % 3 : i % 3 + 2]
        student = _user(f"{tag}-student@example.org", f"Student {i}")
        alumna = _user(f"{tag}-mentor@example.org", f"Mentor {i}")
        extra = _user(f"{tag}-mentee@example.org", f"Mentee {i}")
        _actor(programme, student, topics)
        _actor(programme, extra, topics)
        _mentor(programme, alumna, topics)

        # A mentorship of their own, and one more student for the demo mentor.
        other = mentorship_services.mentorship_create(
            programme=programme, mentor=alumna, actors=[student]
        )
        mentorship_services.mentorship_create(programme=programme, mentor=mentor, actors=[extra])
        for ship, people in ((other, (student, alumna)), (pair, (actor, mentor))):
            held = Meeting.objects.create(
                mentorship=ship,
                start=now - dt.timedelta(days=i),
                status=MeetingStatus.HELD,
                shared_notes="We talked.",
                created_by=people[0],
            )
            Meeting.objects.create(
                mentorship=ship, start=now + dt.timedelta(days=i), created_by=people[1]
            )
            AgendaItem.objects.create(meeting=held, title=f"Topic {i}", added_by=people[0])
            for person in people:
                Reflection.objects.create(meeting=held, author=person, text="Went well.")
            goal = Goal.objects.create(
                mentorship=ship, owner=people[0], title=f"Goal {i}", visibility=Visibility.SHARED
            )
            GoalComment.objects.create(goal=goal, author=people[1], text="Nice.")

        # Events, groups and the directory.
        event = Event.objects.create(
            programme=programme,
            kind=EventKind.GROUP_MENTORING if i % 2 else EventKind.NETWORKING,
            title=f"Event {i}",
            starts_at=now + dt.timedelta(days=i, hours=1),
            ends_at=now + dt.timedelta(days=i, hours=3),
            status=EventStatus.PUBLISHED,
            created_by=coordinator,
        )
        for target in (event, world.event):
            for person in (student, alumna) if target is event else (student, alumna, extra):
                Registration.objects.create(
                    event=target,
                    user=person,
                    status=RegistrationStatus.REGISTERED,
                    queued_at=now,
                    attended=bool(i % 2),
                )
        Registration.objects.create(
            event=event, user=actor, status=RegistrationStatus.REGISTERED, queued_at=now
        )
        group = PeerGroup.objects.create(programme=programme, name=f"Group {i}", is_published=True)
        PeerGroupMember.objects.create(group=group, programme=programme, user=student)
        PeerGroupMember.objects.create(group=world.group, programme=programme, user=extra)
        BoardPost.objects.create(group=world.group, author=extra, body=f"Hello from {i}")
        for person, role in ((student, "actor"), (alumna, "mentor")):
            entry = DirectoryEntry.objects.create(
                programme=programme, user=person, role=role, intro="Hi", languages=["en", "fi"]
            )
            entry.topics.set(topics)

        # Conversations: the pair's and the demo group's, from both sides.
        for kind, owner_id, people in (
            ("mentorship", pair.pk, (actor, mentor)),
            ("group", world.group.pk, (actor, extra)),
        ):
            for k in range(12):
                conversation_services.message_post(
                    by=people[k % 2], kind=kind, owner_id=owner_id, text=f"Message {i}.{k}"
                )

        # Survey answers, and one more survey.
        _answer_all(world.survey, items, student, "masters")
        _answer_all(world.survey, items, extra, "masters")
        check_in = Survey.objects.create(
            programme=programme,
            audience="mentor",
            kind="halfway",
            title=f"Check-in {i}",
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=5),
            min_group_size=2,
            state=SurveyState.OPEN,
        )
        Invitation.objects.create(survey=check_in, user=mentor, sent_at=now)
        Invitation.objects.create(survey=check_in, user=alumna, sent_at=now)
        HelpRequest.objects.create(survey=check_in, user=alumna).mentorships.set([other])

        # Library article.
        article = Article.objects.create(slug=f"{tag}-tip", order=i, is_published=True)
        article.audiences.set(audiences)
        article.phases.set(phases)
        ArticleTranslation.objects.create(
            article=article, language="en", title=f"Tip {i}", summary="Short.", body="Text."
        )

        # The actor's toolkit, partly shared with the mentor.
        entry_item = JournalEntry.objects.create(
            owner=actor, day=_day(-i), activity=f"Activity {i}", engagement=7, energy=2, shared=True
        )
        WeeklyReflection.objects.create(owner=actor, week=_day(-7 * i), text="A good week.")
        Moment.objects.create(owner=actor, title=f"Moment {i}", shared=True)
        Prototype.objects.create(owner=actor, question=f"Question {i}?", shared=bool(i % 2))
        Comment.objects.create(item_kind="entry", item_id=entry_item.pk, author=mentor, body="!")

        # Matching: a proposal pair, rules, and one more programme for the coordinator.
        ProposedPair.objects.create(
            run=world.run,
            actor=extra,
            mentor=alumna,
            score=500 + i,
            breakdown={"topics": 100, "language": 50},
        )
        run = world.run
        run.mentor_remaining[str(alumna.pk)] = 1
        run.unmatched.append({"actor": str(student.pk), "reasons": []})
        MatchRun.objects.filter(pk=run.pk).update(
            mentor_remaining=run.mentor_remaining, unmatched=run.unmatched
        )
        Lock.objects.create(programme=programme, actor=extra, mentor=alumna, created_by=coordinator)
        Exclusion.objects.create(
            programme=programme, actor=student, mentor=mentor, created_by=coordinator
        )
        more = running_programme(f"{tag}-more", f"Programme {i}", coordinator)
        # The demo actor and mentor take part in the coordinator's other programmes too.
        _actor(more, actor, [])
        _mentor(more, mentor, [])
    return world
