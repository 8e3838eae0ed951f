"""Demo toolkit for the demo actor: plausible entries in every exercise, some shared with
the demo mentor (who can read them once the mentorship seed has paired the two)."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.mentorships.models import Mentorship

from . import services
from .chart import week_start
from .models import (
    CareerStory,
    JournalEntry,
    Moment,
    OdysseyPlan,
    PlanKind,
    Prototype,
    PrototypeKind,
    PrototypeStatus,
    StoryVersion,
    Strength,
    StrengthKind,
    Theme,
    Value,
    ValuesProfile,
    WeeklyReflection,
)

ACTOR = "actor@demo.mentorlab.fi"

# (activity, engagement range, energy range, flow, tags: activities / environment / interactions)
ACTIVITIES = [
    ("Thesis data analysis", (6, 9), (0, 3), True, ("coding, plotting", "home desk", "alone")),
    ("Lecture on control theory", (3, 6), (-2, 1), False, ("listening", "lecture hall", "")),
    ("Tutoring first-year students", (7, 10), (2, 5), True, ("explaining", "lab", "students")),
    ("Group project meeting", (4, 8), (-1, 3), False, ("planning", "meeting room", "team")),
    ("Answering e-mail", (1, 4), (-4, -1), False, ("admin", "laptop", "")),
    ("Climbing with friends", (7, 10), (3, 5), True, ("climbing", "gym", "friends")),
    ("Job application for a summer role", (3, 6), (-3, 0), False, ("writing", "library", "")),
    ("Hackathon prototype", (8, 10), (1, 4), True, ("building, sketching", "campus", "team")),
]

REFLECTIONS = [
    "The best moments this week were when I explained something and saw it click. "
    "Admin work drains me more than I expected.",
    "Building things with other people gives me energy; sitting alone with e-mail does not. "
    "I want to test whether a team-facing role suits me.",
]


def seed(stdout: Any) -> None:
    actor = User.objects.filter(email=ACTOR).first()
    if actor is None or JournalEntry.objects.filter(owner=actor).exists():
        return
    rng = random.Random(2026)
    _journal(actor, rng)
    _moments(actor)
    _values(actor)
    plans = _plans(actor)
    _prototypes(actor, plans)
    story = _story(actor)
    _bring_story_to_next_meeting(actor, story)
    stdout.write("  careerdesign: demo actor's toolkit filled in\n")


def _journal(actor: User, rng: random.Random) -> None:
    today = timezone.localdate()
    first_monday = week_start(today) - dt.timedelta(weeks=2)
    entries = []
    for offset in range(21):
        day = first_monday + dt.timedelta(days=offset)
        if day > today:
            break
        for activity, eng, ene, flow, tags in rng.sample(ACTIVITIES, 2):
            entries.append(
                JournalEntry(
                    owner=actor,
                    day=day,
                    activity=activity,
                    engagement=rng.randint(*eng),
                    energy=rng.randint(*ene),
                    flow=flow and rng.random() < 0.7,
                    tag_activities=tags[0],
                    tag_environment=tags[1],
                    tag_interactions=tags[2],
                    shared=activity.startswith("Tutoring"),
                )
            )
    JournalEntry.objects.bulk_create(entries)
    for i, text in enumerate(REFLECTIONS):
        WeeklyReflection.objects.create(
            owner=actor, week=first_monday + dt.timedelta(weeks=i), text=text, shared=i == 1
        )


def _moments(actor: User) -> None:
    teaching = Theme.objects.create(
        owner=actor, name="Helping others understand", description="Explaining, coaching"
    )
    building = Theme.objects.create(
        owner=actor, name="Making something real", description="From idea to working thing"
    )
    for title, theme, when, shared in [
        ("Ran a Python workshop for exchange students", teaching, "autumn 2024", True),
        ("Got my younger cousin through the maths entrance exam", teaching, "spring 2023", True),
        ("Our hackathon team's prototype actually worked", building, "2025", True),
        ("Fixed the summer cottage's solar panel setup", building, "summer 2024", False),
        ("Organised the guild's sauna evening", None, "2024", False),
    ]:
        Moment.objects.create(owner=actor, title=title, theme=theme, when=when, shared=shared)


def _values(actor: User) -> None:
    ValuesProfile.objects.create(
        owner=actor,
        shared=True,
        workview=(
            "Work is how I turn what I know into something useful for other people. Good work "
            "lets me learn all the time and leaves things a bit better than they were."
        ),
        lifeview=(
            "Life is about people: family, friends, and the communities I belong to. "
            "I want enough calm to be present for them."
        ),
    )
    for rank, (name, note) in enumerate(
        [
            ("Learning", "I get restless when I stop learning."),
            ("Helping others", "Seeing someone else succeed."),
            ("Sustainability", "Not wasting the planet's or my own energy."),
            ("Autonomy", ""),
            ("Community", ""),
        ],
        start=1,
    ):
        Value.objects.create(owner=actor, name=name, rank=rank, note=note)
    Strength.objects.create(
        owner=actor, name="Explaining complex things simply", evidence="Course feedback as a TA."
    )
    Strength.objects.create(
        owner=actor, name="Staying calm under deadlines", evidence="Hackathon final night."
    )
    Strength.objects.create(
        owner=actor,
        kind=StrengthKind.DEVELOP,
        name="Networking with strangers",
        evidence="Go to two industry events this spring.",
    )


def _plans(actor: User) -> list[OdysseyPlan]:
    data = [
        (
            PlanKind.CURRENT,
            "Energy-data engineer, then team lead",
            ["Thesis at a grid operator", "Junior data engineer", "Own a data product", "", ""],
            "Will I enjoy a large company?\nHow soon can I lead people?",
            (7, 6, 7, 7),
            True,
        ),
        (
            PlanKind.VANISHED,
            "Teaching physics in northern Finland",
            ["Teacher qualification studies", "First school in Rovaniemi", "", "", ""],
            "Could I live far from the city?\nIs teaching energising every day?",
            (5, 7, 5, 8),
            True,
        ),
        (
            PlanKind.WILDCARD,
            "Climbing gym with a repair café",
            ["Save and learn the trade", "Open with two friends", "", "", ""],
            "Do I want to run a business?\nWho has done this already?",
            (2, 9, 3, 6),
            False,
        ),
    ]
    plans = []
    for kind, title, years, questions, gauges, shared in data:
        plans.append(
            OdysseyPlan.objects.create(
                owner=actor,
                plan_kind=kind,
                title=title,
                year1=years[0],
                year2=years[1],
                year3=years[2],
                year4=years[3],
                year5=years[4],
                questions=questions,
                resources=gauges[0],
                likability=gauges[1],
                confidence=gauges[2],
                coherence=gauges[3],
                shared=shared,
            )
        )
    return plans


def _prototypes(actor: User, plans: list[OdysseyPlan]) -> None:
    Prototype.objects.create(
        owner=actor,
        prototype_kind=PrototypeKind.CONVERSATION,
        question="What does a data team lead actually do in a week?",
        plan=plans[0],
        who_where="Someone leading a data team in the energy sector",
        status=PrototypeStatus.IDEA,
        mentor_can_help=True,
        shared=True,
    )
    Prototype.objects.create(
        owner=actor,
        prototype_kind=PrototypeKind.EXPERIENCE,
        question="Do I enjoy teaching a whole class, not just one person?",
        plan=plans[1],
        what="Substitute-teach one day at an upper secondary school",
        who_where="Espoo upper secondary school",
        status=PrototypeStatus.DONE,
        learned="Thirty teenagers are a lot more tiring than tutoring, but the good moments "
        "were very good. Worth a longer try.",
        shared=False,
    )


def _story(actor: User) -> CareerStory:
    story = CareerStory.objects.create(owner=actor, shared=True)
    StoryVersion.objects.create(
        story=story,
        number=1,
        text="I study energy systems because I like understanding how things work. "
        "I am not sure yet where I want to go.",
    )
    StoryVersion.objects.create(
        story=story,
        number=2,
        text="I am at my best when I explain something complex to someone and we build "
        "something together. I study energy systems because I want my work to matter for "
        "the climate. Next I want to find out whether leading a data team or teaching is "
        "the better way for me to combine the two.",
    )
    return story


def _bring_story_to_next_meeting(actor: User, story: CareerStory) -> None:
    """If the mentorship seed booked a coming meeting for the demo pair, put the story on
    its agenda, as the actor would. Without a pair or a meeting, nothing happens."""
    mentorship = (
        Mentorship.objects.filter(programme__slug="mentoring-2026", members__actor=actor)
        .select_related("mentor")
        .first()
    )
    if mentorship is None:
        return
    with contextlib.suppress(ValidationError, PermissionDenied):
        services.item_bring_to_meeting(owner=actor, item=story, mentorship=mentorship)
