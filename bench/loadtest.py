"""Load test of the deployment shape (not a test): gunicorn with N workers on PostgreSQL, one
`manage.py db_worker`, and Locust's simulated actors, mentors and coordinators on 127.0.0.1.

    .venv/bin/python bench/loadtest.py --workers 1 4 --users 300 --duration 60

Creates a scratch PostgreSQL database (`mentorlab_load_<pid>` on --postgres; dropped at the
end unless --keep), migrates it and seeds the cohort of bench/pages.py (1000 students, 600
mentors, 500 mentorships with meetings, goals and messages, events, a survey) with a known
password for everyone, verified e-mail addresses, and --coordinators extra coordinators of
the programme, each with an authenticator (TOTP) secret of its own that the locustfile
computes codes from. Then, for each worker count: starts gunicorn on 127.0.0.1 only with the
production settings of README "Configuration for production" (DEBUG off, a random
SECRET_KEY, WhiteNoise's collected static files, database tasks, console mail written to the
task worker's log, TRUSTED_PROXY_COUNT=1 because the load tool plays the TLS proxy), runs
`locust --headless` (bench/locustfile.py) for --duration seconds, reads its CSV statistics
and stops gunicorn. Every process it started is stopped on the way out, also on Ctrl+C or an
error. Prints a Markdown table per worker count: requests per page, p50/p95 ms, failures,
and the machine's load average.
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PASSWORD = "load-test-Passw0rd!"  # every seeded person's; the database is thrown away


def _scratch_database(server_url: str) -> tuple[str, Any]:
    """A new database on the server (never an existing one): its URL and a dropper."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"mentorlab_load_{os.getpid()}"
    parts = urlsplit(server_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def seed_accounts(args: argparse.Namespace) -> dict[str, Any]:
    """bench/pages.py's cohort, made able to sign in; the people the locustfile plays."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from mentorlab.accounts.models import User
    from mentorlab.conversations.models import Conversation, Message
    from mentorlab.events.models import Event
    from mentorlab.mentorships.models import Mentorship
    from tests.performance.cohort import cohort_create
    from tests.second_factor import totp_add

    world = cohort_create(
        students=args.students,
        mentors=args.mentors,
        mentorships=args.mentorships,
        events=args.events,
    )
    programme_slug = world["ids"]["slug"]
    now = timezone.now()
    with transaction.atomic():
        # One hash for everyone: hashing 1,600 passwords with Argon2 would take minutes.
        User.objects.update(password=make_password(PASSWORD))
        EmailAddress.objects.bulk_create(
            EmailAddress(user_id=pk, email=email, verified=True, primary=True)
            for pk, email in User.objects.values_list("pk", "email")
        )
        coordinator = world["users"]["coordinator"]
        programme = coordinator.coordinated_programmes.get(slug=programme_slug)
        coordinators = []
        for i in range(args.coordinators):
            user = User.objects.create(
                email=f"coordinator{i}@example.org",
                full_name=f"Coordinator {i:02}",
                password=make_password(PASSWORD),
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            programme.coordinators.add(user)
            secret = base64.b32encode(secrets.token_bytes(20)).decode()
            totp_add(user, secret)
            coordinators.append({"email": user.email, "totp_secret": secret})

        pairs = list(
            Mentorship.objects.filter(programme=programme)
            .exclude(mentor=world["users"]["mentor"])
            .select_related("mentor")
            .prefetch_related("actors")
            .order_by("pk")
        )
        actors, mentors = [], []
        for pair in pairs:
            actor = pair.actors.all()[0]
            actors.append({"email": actor.email, "pair": pair.pk})
            mentors.append({"email": pair.mentor.email, "pair": pair.pk, "actor": actor.pk})
        # A conversation of ten messages in every pair, so that threads are not empty.
        conversations = Conversation.objects.bulk_create(Conversation(mentorship=p) for p in pairs)
        Message.objects.bulk_create(
            Message(
                conversation=c,
                author=p.mentor if i % 2 else p.actors.all()[0],
                text=f"Message {i}: shall we meet next week?",
                created_at=now - dt.timedelta(days=30 - i),
            )
            for c, p in zip(conversations, pairs, strict=True)
            for i in range(10)
        )
        future = list(
            Event.objects.filter(programme=programme, starts_at__gt=now + dt.timedelta(days=1))
            .order_by("starts_at")
            .values_list("pk", flat=True)
        )
    return {
        "password": PASSWORD,
        "slug": programme_slug,
        "actors": actors,
        "mentors": mentors,
        "coordinators": coordinators,
        "future_events": future,
        "check_in_event": world["ids"]["event"],
    }


def _environment(database_url: str, folder: Path) -> dict[str, str]:
    """The production settings (README "Configuration for production") for 127.0.0.1."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentorlab.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(folder / "static"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }


class Processes:
    """The servers this script starts, each in its own process group, all stopped at exit."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        with open(log, "ab") as out:
            process = subprocess.Popen(
                command,
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append(process)
        return process

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.running.remove(process)

    def stop_all(self) -> None:
        for process in list(reversed(self.running)):
            self.stop(process)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(
    url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 600
) -> None:
    """Until our gunicorn listens (its log says so: never load someone else's server on
    the same port) and answers 200."""
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    listening = "Listening at: " + url.split("/accounts/", 1)[0]
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {log}")
        if listening not in log.read_text(errors="replace"):
            time.sleep(1)
            continue
        try:
            # Patient: on a busy machine the first page waits for the workers' imports.
            with urllib.request.urlopen(request, timeout=120) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def run_once(
    args: argparse.Namespace, workers: int, env: dict[str, str], folder: Path, procs: Processes
) -> dict[str, Any]:
    port = args.port or _free_port()
    log = folder / f"gunicorn-{workers}.log"
    gunicorn = procs.start(
        [
            str(BIN / "gunicorn"),
            "mentorlab.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--no-control-socket",
        ],
        env,
        log,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/accounts/login/", gunicorn, log)
        load_before = os.getloadavg()[0]
        prefix = folder / f"locust-{workers}"
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.duration}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            env={
                **os.environ,
                "LOADTEST_ACCOUNTS": str(folder / "accounts.json"),
                "LOADTEST_COORDINATORS": str(args.coordinators),
            },
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=args.duration + 180,
        )
        load_after = os.getloadavg()[0]
        if not Path(f"{prefix}_stats.csv").exists():
            raise SystemExit(f"locust wrote no statistics:\n{locust.stderr[-3000:]}")
        with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        with open(f"{prefix}_failures.csv", encoding="utf-8") as f:
            failures = list(csv.DictReader(f))
    finally:
        procs.stop(gunicorn)
    server_errors = sum(
        1 for line in log.read_text(errors="replace").splitlines() if '" 50' in line
    )
    return {
        "workers": workers,
        "rows": rows,
        "failures": failures,
        "server_errors": server_errors,
        "load": (load_before, load_after),
    }


def report(args: argparse.Namespace, result: dict[str, Any], delivered: int) -> str:
    rows = result["rows"]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: r["Name"])
    lines = [
        f"### {result['workers']} gunicorn worker(s): {float(total['Requests/s']):.1f} "
        f"requests/s, {total['Failure Count']} failures of {total['Request Count']} requests",
        "",
        f"{args.users} users (spawn {args.spawn_rate}/s), {args.duration} s, 1-minute load "
        f"average {result['load'][0]:.1f} before, {result['load'][1]:.1f} after; "
        f"HTTP 5xx in gunicorn's log: {result['server_errors']}; "
        f"e-mails the task worker sent so far: {delivered}.",
        "",
        "| page | requests | failures | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for r in pages:
        lines.append(
            f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} "
            f"| {r['95%']} | {float(r['Max Response Time']):.0f} |"
        )
    lines.append(
        f"| **all** | {total['Request Count']} | {total['Failure Count']} | {total['50%']} "
        f"| {total['95%']} | {float(total['Max Response Time']):.0f} |"
    )
    for f in result["failures"]:
        lines.append(f"\nFailure: {f['Method']} {f['Name']}: {f['Error']} ({f['Occurrences']}x)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--spawn-rate", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds per worker count")
    parser.add_argument("--coordinators", type=int, default=5)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=600)
    parser.add_argument("--mentorships", type=int, default=500)
    parser.add_argument("--events", type=int, default=50)
    args = parser.parse_args()
    if args.users > 300 or args.duration > 300:
        raise SystemExit("keep it bounded: at most 300 users and 300 s")

    # SIGTERM ends the run like Ctrl+C does, through the finally blocks below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="mentorlab-load-"))
    database_url, drop = _scratch_database(args.postgres)
    procs = Processes()
    env = _environment(database_url, folder)
    try:
        started = time.perf_counter()
        os.environ["DATABASE_URL"] = database_url
        # Seeding here in-process keeps its own mail (world_create's services) in memory.
        os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorlab.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        accounts = seed_accounts(args)
        (folder / "accounts.json").write_text(json.dumps(accounts), encoding="utf-8")
        manage = [str(BIN / "python"), "manage.py"]
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
        )
        print(
            f"migrate, seed and collectstatic: {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        worker_log = folder / "db_worker.log"
        procs.start([*manage, "db_worker"], env, worker_log)
        results = []
        for workers in args.workers:
            print(f"{workers} worker(s): {args.duration} s of load ...", file=sys.stderr)
            results.append(run_once(args, workers, env, folder, procs))
            delivered = worker_log.read_text(errors="replace").count("\nSubject: ")
            print(report(args, results[-1], delivered) + "\n", flush=True)
    finally:
        procs.stop_all()
        if not args.keep:
            drop()
            for f in sorted(folder.rglob("*"), reverse=True):
                f.rmdir() if f.is_dir() else f.unlink()
            folder.rmdir()
        else:
            print(f"Kept: database {database_url}, logs in {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
