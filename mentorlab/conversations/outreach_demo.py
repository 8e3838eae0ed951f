"""Demo announcement and nudge in "mentoring-2026": the coordinator's announcement to all
students and mentors (so the demo student and mentor find it in their notifications and in
the programme's announcements) and one flagged pair nudged by the coordinator (the
mentorships overview shows when). Runs after the notifications demo, which seeds only
people who have no notifications yet. Safe to run again: each part only once."""

from __future__ import annotations

import uuid
from typing import Any

from mentorlab.mentorships.models import Nudge
from mentorlab.mentorships.nudges import pairs_nudge
from mentorlab.mentorships.selectors import coordinator_rows
from mentorlab.programmes.models import Programme

from .announcements import Choice, announcement_send
from .models import Announcement

SUBJECT = "Closing event on the last Thursday of May"
BODY = """Dear students and mentors,

the programme ends with a **joint closing event** in the Dipoli main hall. Bring your
stories: what surprised you, what you will keep doing.

- 17.00 welcome and short talks by three pairs
- 18.00 dinner and networking

Please register on the events page by the 15th. The final survey opens the same week; it
takes about ten minutes and helps us make next year's programme better.

[Read the tips for a good closing meeting](https://www.example.org/closing-tips)
"""
NUDGE = (
    "Hello! We noticed it has been a while since you last met. Is there anything we can "
    "help with? A short message to each other is an easy way to get going again."
)


def seed(stdout: Any) -> None:
    programme = Programme.objects.filter(slug="mentoring-2026").first()
    coordinator = programme.coordinators.order_by("pk").first() if programme else None
    if programme is None or coordinator is None:
        return
    if not Announcement.objects.filter(programme=programme).exists():
        announcement = announcement_send(
            programme=programme,
            by=coordinator,
            subject=SUBJECT,
            body=BODY,
            choice=Choice("both"),
            token=uuid.uuid4(),
        )
        stdout.write(f"  announcement to {announcement.recipients.count()} people")
    if not Nudge.objects.filter(mentorship__programme=programme).exists():
        flagged = [r for r in coordinator_rows(programme) if r.flags and r.mentorship.is_live]
        if flagged:
            pairs_nudge(
                programme=programme,
                mentorship_ids=[flagged[0].mentorship.pk],
                text=NUDGE,
                by=coordinator,
            )
            stdout.write(f"  nudged the pair of {flagged[0].mentor_name}")
