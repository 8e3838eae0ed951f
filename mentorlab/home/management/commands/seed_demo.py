from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from mentorlab.careerdesign import demo as careerdesign_demo
from mentorlab.conversations import demo as conversations_demo
from mentorlab.conversations import outreach_demo
from mentorlab.dashboard import demo as dashboard_demo
from mentorlab.events import demo as events_demo
from mentorlab.home import demo_content, finnish_pair_demo, notifications_demo
from mentorlab.library import demo as library_demo
from mentorlab.matching import demo as matching_demo
from mentorlab.mentorships import demo as mentorships_demo
from mentorlab.programmes import demo as programmes_demo
from mentorlab.surveys import demo as surveys_demo

# Each app that has demo data offers `seed(stdout) -> None` in its `demo` module. They run
# in this order, each building on the ones before; each is safe to run again. Imported by
# name (not as strings) so the layer contract sees that this command sits on top.
DEMO_MODULES = [
    programmes_demo,
    matching_demo,
    mentorships_demo,
    careerdesign_demo,
    events_demo,
    library_demo,
    surveys_demo,
    conversations_demo,
    notifications_demo,
    outreach_demo,
    dashboard_demo,
    # The Finnish and Swedish versions of what the modules above wrote in English.
    demo_content,
    # A second pair who speak and write Finnish, after everything they join exists and
    # reads in Finnish (their notifications name the programme in Finnish).
    finnish_pair_demo,
]

DEMO_PASSWORD = "mentorlab-demo"  # noqa: S105 - printed for the demo site on purpose
DEMO_LOGINS = [
    ("coordinator@demo.mentorlab.fi", "coordinator"),
    ("actor@demo.mentorlab.fi", "actor (student)"),
    ("mentor@demo.mentorlab.fi", "mentor"),
    ("opiskelija@demo.mentorlab.fi", "student (fi)"),
    ("mentori@demo.mentorlab.fi", "mentor (fi)"),
]


class Command(BaseCommand):
    help = "Create (or complete) the demo programmes, people and logins. Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        for module in DEMO_MODULES:
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with:"))
        for email, role in DEMO_LOGINS:
            self.stdout.write(f"  {role:<16} {email}  /  {DEMO_PASSWORD}")
        self.stdout.write(
            "  The coordinator also needs a two-factor code: run `python manage.py demo_totp`."
        )
