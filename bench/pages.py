"""Page-load benchmark: median response time and query count of the main pages per role on a
large cohort (not a test).

    .venv/bin/python bench/pages.py                 # default cohort, 20 loads per page
    .venv/bin/python bench/pages.py --repeat 50 --students 2000 --mentors 1200
    .venv/bin/python bench/pages.py --participants 20000 --postgres postgres://postgres@host/x

Builds a scratch SQLite database in a temporary directory (never the developer's
mentorlab.sqlite3: DATABASE_URL is set here, before Django starts), or a scratch PostgreSQL
database with --postgres, migrates it, and seeds one running programme with
tests/performance/cohort.py (bulk inserts): --students accepted students, --mentors accepted
mentors, --mentorships mentorships (four meetings, two goals, reflections and an agenda
each), --events events with about forty registrations each, ten peer groups, a directory, a
baseline survey answered by 40 % of the students, a matching proposal pairing the students
still without a mentor, 40 library articles, a year of the demo student's toolkit, and two
more programmes for the coordinator (--participants N sets the four counts from one size).
The demo student, mentor and coordinator take part like everyone else. Each page is loaded
once to warm up, then --repeat times with the Django test client (full middleware,
templates, sessions and the database cache, in this process, no network). Prints a Markdown table: queries per load, median and 95th
percentile milliseconds.

Use --keep to leave the database file for inspection (its path is printed).
"""

from __future__ import annotations

import argparse
import os
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
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        rows.append((page, persona, url, count, statistics.median(times), p95))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="loads per page (default 20)")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=600)
    parser.add_argument("--mentorships", type=int, default=500)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument(
        "--event-size", type=int, default=40, help="registrations of the checked-in event"
    )
    parser.add_argument(
        "--participants",
        type=int,
        default=0,
        help="size preset: N people (5/8 students, 3/8 mentors, half the students paired, "
        "one event per 32 people); overrides the four counts above",
    )
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
    if args.participants:
        args.students = args.participants * 5 // 8
        args.mentors = args.participants - args.students
        args.mentorships = args.students // 2
        args.events = max(1, args.participants // 32)

    folder = Path(tempfile.mkdtemp(prefix="mentorlab-bench-"))
    db_path = folder / "bench.sqlite3"
    database_url, drop = _scratch_postgres(args.postgres) if args.postgres else ("", None)
    pages = [p for p in PAGES if not args.only or any(word in p[0] for word in args.only)]
    try:
        started = time.perf_counter()
        _setup_django(db_path, database_url)
        from tests.performance.cohort import cohort_create

        world = cohort_create(
            students=args.students,
            mentors=args.mentors,
            mentorships=args.mentorships,
            events=args.events,
            checkin_registrations=args.event_size,
        )
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
    print("| page | as | address | queries | median ms | p95 ms |")
    print("|---|---|---|---|---|---|")
    for page, persona, url, queries, median, p95 in rows:
        print(f"| {page} | {persona} | `{url}` | {queries} | {median:.1f} | {p95:.1f} |")
    if args.keep:
        print(f"\nDatabase kept: {database_url or db_path}")


if __name__ == "__main__":
    main()
