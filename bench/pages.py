"""Page-load benchmark: median response time and query count of the main pages per role on a
large cohort (not a test).

    .venv/bin/python bench/pages.py                 # default cohort, 20 loads per page
    .venv/bin/python bench/pages.py --repeat 50 --students 2000 --mentors 1200

Builds a scratch SQLite database in a temporary directory (never the developer's
mentorlab.sqlite3: DATABASE_URL is set here, before Django starts), migrates it, and seeds one
running programme with --students accepted students, --mentors accepted mentors,
--mentorships mentorships (four meetings, two goals, reflections and an agenda each),
--events events with about forty registrations each, ten peer groups, a directory, a
baseline survey answered by 40 % of the students, a matching proposal pairing the students
still without a mentor, 40 library articles, a year of the demo student's toolkit, and two
more programmes for the coordinator. The demo student, mentor and coordinator take part
like everyone else. Each page is loaded once to warm up, then --repeat times with the
Django test client (full middleware, templates, sessions and the database cache, in this
process, no network). Prints a Markdown table: queries per load, median and 90th
percentile milliseconds.

Use --keep to leave the database file for inspection (its path is printed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (page, persona, address); addresses are formatted with the ids of the seeded objects.
PAGES: list[tuple[str, str, str]] = [
    ("home", "actor", "/"),
    ("home", "mentor", "/"),
    ("home", "coordinator", "/"),
    ("programme page", "actor", "/programmes/{slug}/"),
    ("review list", "coordinator", "/programmes/{slug}/review/"),
    ("matching home", "coordinator", "/matching/{slug}/"),
    ("matching run", "coordinator", "/matching/{slug}/runs/{run}/"),
    (
        "matching run, by mentor, page 20",
        "coordinator",
        "/matching/{slug}/runs/{run}/?sort=mentor&page=20",
    ),
    ("matching rule picker", "coordinator", "/matching/{slug}/people/actor/?actor_q=Student%2010"),
    ("mentorship workspace", "actor", "/mentorships/{pair}/"),
    ("mentorship workspace", "mentor", "/mentorships/{pair}/"),
    ("mentorship overview", "coordinator", "/mentorships/programme/{slug}/"),
    ("dashboard overview", "coordinator", "/dashboard/{slug}/"),
    ("funnel and trends", "coordinator", "/dashboard/{slug}/funnel/"),
    ("compare cycles", "coordinator", "/dashboard/{slug}/cycles/"),
    ("events list", "actor", "/events/"),
    ("events list", "coordinator", "/events/"),
    ("programme events", "coordinator", "/events/programme/{slug}/"),
    ("event page", "actor", "/events/{event}/"),
    ("registrations", "coordinator", "/events/{event}/registrations/"),
    ("check-in", "coordinator", "/events/{event}/check-in/"),
    ("peer groups", "coordinator", "/events/programme/{slug}/groups/"),
    ("peer group", "actor", "/events/groups/{group}/"),
    ("directory", "actor", "/events/programme/{slug}/directory/"),
    ("library", "actor", "/library/"),
    ("surveys", "actor", "/surveys/"),
    ("programme surveys", "coordinator", "/surveys/p/{slug}/"),
    ("survey report", "coordinator", "/surveys/p/{slug}/{survey}/report/"),
    ("toolkit index", "actor", "/toolkit/"),
    ("toolkit journal", "actor", "/toolkit/journal/"),
    ("shared toolkit", "mentor", "/toolkit/shared/{actor}/"),
    # The REST API's lists (session authentication; a token costs the same one query more).
    ("API programmes", "coordinator", "/api/v1/programmes/"),
    ("API applications", "coordinator", "/api/v1/programmes/{slug}/applications/"),
    ("API match run", "coordinator", "/api/v1/programmes/{slug}/match-runs/{run}/"),
    ("API mentorships", "coordinator", "/api/v1/programmes/{slug}/mentorships/"),
    ("API goals", "actor", "/api/v1/mentorships/{pair}/goals/"),
    ("API events", "actor", "/api/v1/events/"),
    ("API survey results", "coordinator", "/api/v1/programmes/{slug}/surveys/{survey}/results/"),
]


def _scratch_postgres(server_url: str) -> tuple[str, Any]:
    """A new, empty database on the PostgreSQL server at `server_url` (never an existing
    one): its URL, and a function that drops it."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"mentorlab_bench_{os.getpid()}"
    parts = urlsplit(server_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def _setup_django(db_path: Path, database_url: str = "") -> None:
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorlab.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    # As in production: DEBUG off (no query log); "testserver" allowed, mail kept in memory.
    setup_test_environment(debug=False)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def seed(args: argparse.Namespace) -> dict[str, Any]:
    """The cohort (see the module docstring); returns the personas and page ids."""
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
            for i in range(args.students)
        )
        mentors = User.objects.bulk_create(
            User(email=f"mentor{i}@example.org", full_name=f"Mentor {i:04}", password="!")
            for i in range(args.mentors)
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
        paired = students[: args.mentorships]
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
        free = students[args.mentorships :]
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
            for i in range(args.events)
        )
        people = students + mentors
        Registration.objects.bulk_create(
            Registration(
                event=e,
                user=u,
                status=RegistrationStatus.REGISTERED,
                queued_at=now,
                attended=rng.random() < 0.7,
            )
            for e in [world.event, *events]
            for u in rng.sample(people, 40)
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
                role="actor" if u in students else "mentor",
                intro="Happy to talk about careers.",
                languages=["fi", "en"],
            )
            for u in rng.sample(people, 300)
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


def measure(
    world: dict[str, Any], repeat: int, pages: list[tuple[str, str, str]] | None = None
) -> list[tuple[str, str, str, int, float, float]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.second_factor import sign_in

    clients = {}
    for persona, user in world["users"].items():
        clients[persona] = sign_in(Client(), user)
    rows = []
    for page, persona, address in pages if pages is not None else PAGES:
        url = address.format(**world["ids"])
        client = clients[persona]
        response = client.get(url)  # warm up: templates, caches
        if response.status_code != 200:
            raise SystemExit(f"{url} as {persona}: HTTP {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        count = len(queries)  # read now: the next request clears the query log
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
        rows.append((page, persona, url, count, statistics.median(times), p90))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="loads per page (default 20)")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=600)
    parser.add_argument("--mentorships", type=int, default=500)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--postgres",
        default="",
        metavar="URL",
        help="a PostgreSQL server (postgres://user@host:port/any): the benchmark creates a "
        "scratch database there and drops it afterwards (default: SQLite in a temp folder)",
    )
    parser.add_argument(
        "--only", nargs="*", default=[], help="measure only pages whose name contains one of these"
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="mentorlab-bench-"))
    db_path = folder / "bench.sqlite3"
    database_url, drop = _scratch_postgres(args.postgres) if args.postgres else ("", None)
    pages = [p for p in PAGES if not args.only or any(word in p[0] for word in args.only)]
    try:
        started = time.perf_counter()
        _setup_django(db_path, database_url)
        world = seed(args)
        seconds = time.perf_counter() - started
        rows = measure(world, args.repeat, pages)
    finally:
        if drop is not None and not args.keep:
            drop()
        if not args.keep:
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"{args.students} students, {args.mentors} mentors, {args.mentorships} mentorships "
        f"(4 meetings each), {args.events} events; migrate + seed {seconds:.1f} s; "
        f"{args.repeat} loads per page. {engine}, Django test client, in-process.\n"
    )
    print("| page | as | address | queries | median ms | p90 ms |")
    print("|---|---|---|---|---|---|")
    for page, persona, url, queries, median, p90 in rows:
        print(f"| {page} | {persona} | `{url}` | {queries} | {median:.1f} | {p90:.1f} |")
    if args.keep:
        print(f"\nDatabase kept: {database_url or db_path}")


if __name__ == "__main__":
    main()
