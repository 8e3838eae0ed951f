"""The coordinator's work queue: what is waiting in the programmes they coordinate, each a
count and a link, most urgent first. One query per kind of work, whatever the number of
programmes, pairs or events (the home page of a coordinator of many cycles stays fast).
Counts and dates only: never what anyone wrote."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentorlab.events.models import Event, EventStatus, RegistrationStatus
from mentorlab.mentorships.models import MentorshipActor
from mentorlab.mentorships.selectors import attention_counts
from mentorlab.notifications.models import MailState, OutboxMail
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import ActorApplication, MentorApplication, Phase, Programme
from mentorlab.surveys.models import HelpRequest, Survey, SurveyState

from .funnel import with_response_counts

SOON = dt.timedelta(days=7)

# Lower is more urgent: people who got no mail or asked for help come before routine work.
URGENCY = {
    "mail": 10,
    "help": 20,
    "attention": 30,
    "survey": 40,
    "applications": 50,
    "unmatched": 60,
    "event": 70,
}


@dataclass
class QueueItem:
    kind: str
    programme: Programme
    count: int
    text: str
    url: str
    when: dt.datetime | None = None

    @property
    def urgency(self) -> int:
        return URGENCY[self.kind]


def _by_programme(rows: Any) -> dict[int, int]:
    return {pk: n for pk, n in rows}


def work_queue(programmes: list[Programme], *, now: dt.datetime | None = None) -> list[QueueItem]:
    """The work waiting in `programmes` (which the caller coordinates), most urgent first."""
    now = now or timezone.now()
    ids = {p.pk for p in programmes}
    if not ids:
        return []
    by_id = {p.pk: p for p in programmes}
    # An ended cycle's leftovers are not today's work; its failed mail still is.
    ids_all, ids = ids, {p.pk for p in programmes if p.phase != Phase.ENDED}
    items: list[QueueItem] = []

    def add(kind: str, pk: int, count: int, text: str, url: str, when: Any = None) -> None:
        items.append(QueueItem(kind, by_id[pk], count, text, url, when))

    failed = _by_programme(
        OutboxMail.objects.filter(programme_id__in=ids_all, state=MailState.FAILED)
        .values("programme_id")
        .annotate(n=Count("pk"))
        .values_list("programme_id", "n")
        .order_by()
    )
    for pk, n in failed.items():
        text = ngettext(
            "%(count)d e-mail could not be delivered",
            "%(count)d e-mails could not be delivered",
            n,
        ) % {"count": n}
        add("mail", pk, n, text, reverse("dashboard:mail", args=[by_id[pk].slug]))

    help_open = _by_programme(
        HelpRequest.objects.filter(survey__programme_id__in=ids, resolved_at__isnull=True)
        .values("survey__programme_id")
        .annotate(n=Count("pk"))
        .values_list("survey__programme_id", "n")
        .order_by()
    )
    for pk, n in help_open.items():
        text = ngettext(
            "%(count)d person asked for help in a survey",
            "%(count)d people asked for help in a survey",
            n,
        ) % {"count": n}
        add("help", pk, n, text, reverse("surveys:help_requests", args=[by_id[pk].slug]))

    for pk, reasons in attention_counts(ids, now=now).items():
        url = reverse("dashboard:overview", args=[by_id[pk].slug]) + "#att-h"
        for reason, n in sorted(reasons.items(), key=lambda r: (-r[1], r[0])):
            text = ngettext(
                "%(count)d pair needs attention: %(reason)s",
                "%(count)d pairs need attention: %(reason)s",
                n,
            ) % {"count": n, "reason": reason}
            add("attention", pk, n, text, url)

    surveys = with_response_counts(
        Survey.objects.filter(
            programme_id__in=ids,
            state=SurveyState.OPEN,
            closes_at__gt=now,
            closes_at__lte=now + SOON,
        )
    ).order_by("closes_at", "pk")
    for survey in surveys:
        invited, answered = survey.invited, survey.answered  # type: ignore[attr-defined]
        rate = round(100 * answered / invited) if invited else 0
        text = _(
            "Survey “%(title)s” closes soon: %(answered)d of %(invited)d answered (%(rate)d %%)"
        ) % {"title": survey.title, "answered": answered, "invited": invited, "rate": rate}
        add(
            "survey",
            survey.programme_id,
            invited - answered,
            text,
            reverse("surveys:detail", args=[by_id[survey.programme_id].slug, survey.pk]),
            survey.closes_at,
        )

    waiting: dict[int, int] = {}
    for model in (ActorApplication, MentorApplication):
        for pk, n in (
            model.objects.filter(programme_id__in=ids, status=ApplicationStatus.SUBMITTED)
            .values("programme_id")
            .annotate(n=Count("pk"))
            .values_list("programme_id", "n")
            .order_by()
        ):
            waiting[pk] = waiting.get(pk, 0) + n
    for pk, n in waiting.items():
        text = ngettext(
            "%(count)d application waits for a decision",
            "%(count)d applications wait for a decision",
            n,
        ) % {"count": n}
        add("applications", pk, n, text, reverse("programmes:review", args=[by_id[pk].slug]))

    # Accepted students without a mentor matter once matching has begun and until the end.
    matching_on = {
        p.pk for p in programmes if p.phase not in (Phase.UPCOMING, Phase.RECRUITING, Phase.ENDED)
    }
    if matching_on:
        matched = MentorshipActor.objects.matched().filter(
            programme_id=OuterRef("programme_id"), actor_id=OuterRef("user_id")
        )
        unmatched = _by_programme(
            ActorApplication.objects.filter(
                programme_id__in=matching_on, status=ApplicationStatus.ACCEPTED
            )
            .filter(~Exists(matched))
            .values("programme_id")
            .annotate(n=Count("pk"))
            .values_list("programme_id", "n")
            .order_by()
        )
        for pk, n in unmatched.items():
            text = ngettext(
                "%(count)d accepted student has no mentor yet",
                "%(count)d accepted students have no mentor yet",
                n,
            ) % {"count": n}
            add("unmatched", pk, n, text, reverse("matching:home", args=[by_id[pk].slug]))

    events = (
        Event.objects.filter(
            programme_id__in=ids,
            status=EventStatus.PUBLISHED,
            starts_at__gte=now,
            starts_at__lte=now + SOON,
        )
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            )
        )
        .order_by("starts_at", "pk")
    )
    for event in events:
        n = event.registered
        text = ngettext(
            "“%(title)s” this week: %(count)d registered",
            "“%(title)s” this week: %(count)d registered",
            n,
        ) % {"title": event.title, "count": n}
        add(
            "event",
            event.programme_id,
            n,
            text,
            reverse("events:registrations", args=[event.pk]),
            event.starts_at,
        )

    far = now + dt.timedelta(days=3650)
    items.sort(key=lambda i: (i.urgency, i.when or far, -i.count, i.programme.name))
    return items
