from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app that has demo data offers `seed(stdout) -> None` in its `demo` module. They run
# in this order, each building on the ones before; each is safe to run again.
DEMO_MODULES = [
    "mentorlab.programmes.demo",
    "mentorlab.matching.demo",
    "mentorlab.mentorships.demo",
    "mentorlab.careerdesign.demo",
    "mentorlab.events.demo",
    "mentorlab.library.demo",
    "mentorlab.surveys.demo",
    "mentorlab.dashboard.demo",
]

DEMO_PASSWORD = "mentorlab-demo"  # noqa: S105 - printed for the demo site on purpose
DEMO_LOGINS = [
    ("coordinator@demo.mentorlab.fi", "coordinator"),
    ("actor@demo.mentorlab.fi", "actor (student)"),
    ("mentor@demo.mentorlab.fi", "mentor"),
]


class Command(BaseCommand):
    help = "Create (or complete) the demo programmes, people and logins. Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in DEMO_MODULES:
            module = importlib.import_module(path)
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with:"))
        for email, role in DEMO_LOGINS:
            self.stdout.write(f"  {role:<16} {email}  /  {DEMO_PASSWORD}")
