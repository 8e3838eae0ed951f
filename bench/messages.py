"""Conversation and notifications pages at 10,000 messages in a programme (not a test).

    .venv/bin/python bench/messages.py                  # 10,000 messages, 100 pairs
    .venv/bin/python bench/messages.py --messages 20000 --pairs 200

Builds a scratch SQLite database in a temporary directory (never the developer's
mentorlab.sqlite3) with one running programme, N one-to-one pairs and M messages: half of
them in the measured pair's conversation (the longest history a page could meet), the rest
spread over the other pairs. Every message from the other person left an unread
notification for the reader, as `message_post` does. Then, signed in as the measured pair's
mentor through the Django test client (full middleware), loads each page once to warm up and
five times measured, and prints per page: database queries and the median time. Prints
Markdown.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=100)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="mentorlab-bench-messages-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentorlab.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment(debug=False)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from mentorlab.accounts.models import User
    from mentorlab.conversations.models import Conversation, Message
    from mentorlab.mentorships.services import mentorship_create
    from mentorlab.notifications.models import Notification
    from tests.performance.world import running_programme

    n, total = args.pairs, args.messages
    started = time.perf_counter()
    with transaction.atomic():
        coordinator = User.objects.create(
            email="coordinator@example.org", full_name="Cora Coordinator", password="!"
        )
        programme = running_programme("bench-messages", "Mentoring 2031", coordinator)
        students = User.objects.bulk_create(
            User(email=f"student{i}@example.org", full_name=f"Student {i:04}", password="!")
            for i in range(n)
        )
        mentors = User.objects.bulk_create(
            User(email=f"mentor{i}@example.org", full_name=f"Mentor {i:04}", password="!")
            for i in range(n)
        )
        pairs = [
            mentorship_create(programme=programme, mentor=m, actors=[s])
            for s, m in zip(students, mentors, strict=True)
        ]
        rest = total - total // 2
        share = [total // 2] + [rest // max(n - 1, 1)] * (n - 1)
        share[-1] += rest - sum(share[1:])  # every message is counted somewhere
        for pair, student, mentor, count in zip(pairs, students, mentors, share, strict=True):
            conversation = Conversation.objects.create(mentorship=pair)
            thread = reverse("conversations:thread", args=["mentorship", pair.pk])
            authors = (student, mentor)
            Message.objects.bulk_create(
                (
                    Message(conversation=conversation, author=authors[i % 2], text=f"Message {i}")
                    for i in range(count)
                ),
                batch_size=2000,
            )
            Notification.objects.bulk_create(
                (
                    Notification(
                        user=authors[(i + 1) % 2],
                        kind="message",
                        text=f"{authors[i % 2].full_name} sent you a message.",
                        url=f"{thread}#latest",
                        programme_id=programme.pk,
                    )
                    for i in range(count)
                ),
                batch_size=2000,
            )
    built = time.perf_counter() - started
    reader, pair = mentors[0], pairs[0]
    client = Client()
    client.force_login(reader)
    thread = reverse("conversations:thread", args=["mentorship", pair.pk])
    poll = reverse("conversations:messages", args=["mentorship", pair.pk])
    notifications = reverse("notifications:list")
    pages = {
        "conversation page (newest 50 of its messages)": thread,
        "conversation poll, something new": poll,
        "notifications page 1": notifications,
        "notifications page 40": f"{notifications}?page=40",
        "home page (bell)": "/",
    }
    print(
        f"{Message.objects.count():,} messages in the programme, "
        f"{Message.objects.filter(conversation__mentorship=pair).count():,} in the measured "
        f"conversation, {Notification.objects.filter(user=reader, read_at__isnull=True).count():,}"
        f" unread notifications for the reader; built in {built:.1f} s\n"
    )
    print("| page | status | queries | median ms (5 loads) |")
    print("|---|---|---|---|")
    for name, url in pages.items():
        client.get(url)
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
        print(
            f"| {name} | {response.status_code} | {len(queries)} | {statistics.median(times):.0f} |"
        )
    unread = Notification.objects.filter(user=reader, read_at__isnull=True)
    before = unread.count()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.post(reverse("notifications:seen"), {"path": thread})
        took = (time.perf_counter() - start) * 1000
    marked = before - unread.count()
    print(
        f"| bell marks the conversation's notifications read (POST, {marked:,} rows) | "
        f"{response.status_code} | {len(queries)} | {took:.0f} (once) |"
    )


if __name__ == "__main__":
    main()
