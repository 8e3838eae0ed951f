"""Publishing benchmark: how long the coordinator waits when a matching proposal of N pairs
is published, with a mail server that takes 200 ms per message (not a test).

    .venv/bin/python bench/publish.py                      # 300 pairs, 200 ms per message
    .venv/bin/python bench/publish.py --pairs 300 --smtp-ms 200 --deliver

Builds a scratch SQLite database in a temporary directory (never the developer's
mentorlab.sqlite3), seeds one running programme with N accepted students, N accepted mentors
and a finished matching run proposing N one-to-one pairs, then POSTs the publish button as the
coordinator with the Django test client (full middleware). Tasks go to the database backend
(`django_tasks_db`, as in production), so the request only writes the mentorships and the
2·N introduction mails to the outbox; `--deliver` then runs the task worker in this process
(`manage.py db_worker --batch`) and times delivering every introduction through the slow
mail backend. Prints the figures as Markdown.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--smtp-ms", type=int, default=200)
    parser.add_argument("--deliver", action="store_true", help="run the worker afterwards")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="mentorlab-bench-publish-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentorlab.settings"
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ["EMAIL_BACKEND"] = "bench.slow_mail.SlowBackend"
    os.environ["SLOW_MAIL_MS"] = str(args.smtp_ms)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)
    from django.conf import settings

    settings.EMAIL_BACKEND = "bench.slow_mail.SlowBackend"  # the test environment set locmem
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from django_tasks_db.models import DBTaskResult

    from bench.slow_mail import SlowBackend
    from mentorlab.accounts.models import User
    from mentorlab.matching.models import MatchRun, ProposedPair, RunStatus
    from mentorlab.notifications.models import MailState, OutboxMail
    from mentorlab.programmes.choices import ApplicationStatus
    from mentorlab.programmes.models import ActorApplication, MentorApplication
    from tests.performance.world import running_programme

    n = args.pairs
    with transaction.atomic():
        coordinator = User.objects.create(
            email="coordinator@example.org", full_name="Cora Coordinator", password="!"
        )
        programme = running_programme("bench-publish", "Mentoring 2031", coordinator)
        topics = list(programme.topics.all())
        students = User.objects.bulk_create(
            User(email=f"student{i}@example.org", full_name=f"Student {i:04}", password="!")
            for i in range(n)
        )
        mentors = User.objects.bulk_create(
            User(email=f"mentor{i}@example.org", full_name=f"Mentor {i:04}", password="!")
            for i in range(n)
        )
        for app in ActorApplication.objects.bulk_create(
            ActorApplication(
                programme=programme,
                user=u,
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
            for u in students
        ):
            app.topics.set(topics[:2])
        for app in MentorApplication.objects.bulk_create(
            MentorApplication(
                programme=programme,
                user=u,
                status=ApplicationStatus.ACCEPTED,
                degree="M.Sc. (Tech.)",
                degree_field="Computer Science",
                graduation_year=2010,
                current_role="Engineering Manager",
                employer="Reaktor",
                industry="technology",
                levels="both",
                capacity=1,
                offer="I like to talk about career options.",
                languages=["en", "fi"],
                city="Helsinki",
                privacy_consent=True,
            )
            for u in mentors
        ):
            app.topics.set(topics[1:])
        run = MatchRun.objects.create(
            programme=programme, created_by=coordinator, status=RunStatus.DONE
        )
        ProposedPair.objects.bulk_create(
            ProposedPair(run=run, actor=s, mentor=m, score=100)
            for s, m in zip(students, mentors, strict=True)
        )

    from tests.second_factor import sign_in, totp_add

    totp_add(coordinator)  # coordinator pages ask for the second factor
    client = sign_in(Client(), coordinator)
    # A running server has its URLs, templates and translations loaded: warm them up with the
    # proposal page and one introduction rendered in a transaction that is rolled back.
    assert client.get(f"/matching/{programme.slug}/runs/{run.pk}/").status_code == 200
    from mentorlab.mentorships import emails as mentorship_emails
    from mentorlab.mentorships.services import mentorship_create

    with transaction.atomic():
        warm = mentorship_create(
            programme=programme, mentor=mentors[0], actors=[students[0]], created_by=coordinator
        )
        mentorship_emails.mentorship_introduced(warm)
        transaction.set_rollback(True)
    url = f"/matching/{programme.slug}/runs/{run.pk}/publish/"
    started = time.perf_counter()
    response = client.post(url)
    publish_s = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    queued = OutboxMail.objects.filter(state=MailState.QUEUED).count()
    tasks = DBTaskResult.objects.count()
    print(
        "| pairs | SMTP ms/message | publish request s | mails queued | task rows | delivered during the request |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {n} | {args.smtp_ms} | {publish_s:.2f} | {queued} | {tasks} | {SlowBackend.delivered} |"
    )
    if args.deliver:
        started = time.perf_counter()
        call_command("db_worker", "--batch", verbosity=0)
        deliver_s = time.perf_counter() - started
        sent = OutboxMail.objects.filter(state=MailState.SENT).count()
        print(
            f"\nworker (one `db_worker --batch` process): {sent} of {queued} mails sent in "
            f"{deliver_s:.1f} s ({SlowBackend.delivered} accepted by the mail backend)"
        )
    print(f"\n(scratch database in {folder})", file=sys.stderr)


if __name__ == "__main__":
    main()
