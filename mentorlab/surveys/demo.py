"""Demo surveys for "mentoring-2026": a closed baseline and a closed final survey (both with
the built-in career-design confidence scale) for the
students with answers that show a plausible improvement, and an open halfway check-in in
which one student asks for help (with the relationship-quality scale)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import ActorApplication, Programme

from . import scales, selectors, services
from .models import (
    Answer,
    Audience,
    HelpRequest,
    Invitation,
    Item,
    ItemKind,
    Response,
    Survey,
    SurveyKind,
    SurveyState,
)

SLUG = "mentoring-2026"

# How much each benefit tends to grow over a cycle (in steps on the 1–5 scale).
GROWTH = {
    "career-options": 1.0,
    "network": 0.9,
    "perspective": 0.8,
    "career-thinking": 0.8,
    "confidence": 0.6,
    "professional-identity": 0.6,
    "test-assumptions": 0.7,
    "strengths": 0.5,
    "courage": 0.4,
    "interests": 0.4,
    "advice": 0.7,
}
HOPES = [
    "To understand what kinds of jobs people with my degree actually do.",
    "Someone outside the university to test my ideas with.",
    "More courage to apply for jobs I am not sure I qualify for.",
    "Contacts in the energy sector.",
    "A clearer idea of whether a PhD is for me.",
]
MOST_VALUABLE = [
    "Hearing honestly how my mentor changed careers twice.",
    "The odyssey plans exercise we did together opened up options I had not considered.",
    "Having a regular conversation partner who asked good questions.",
    "My mentor introduced me to two people I later interviewed for a prototype conversation.",
    "Realising that there is no single right path after graduation.",
    "The agreement at the start kept us focused on my goals.",
    "Peer group meetings with other students.",
]
CHANGES = [
    "More joint events in the spring.",
    "A clearer guide for the first meeting.",
    "Booking meetings was sometimes hard; a shared calendar would help.",
    "Could the kick-off be earlier in the autumn?",
    "Nothing major, it worked well.",
]
HALFWAY_NOTES = [
    "We have met three times and it has been great.",
    "Finding time is hard in exam weeks, but we are back on track.",
    "My mentor suggested a prototype conversation with a colleague, looking forward to it.",
]


def _at(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def _answer(response: Response, item: Item, value: Any) -> None:
    Answer.objects.create(
        response=response,
        item=item,
        number=value if item.is_numeric else None,
        text=value if isinstance(value, str) else "",
        selected=value if isinstance(value, list) else [],
    )


def _survey(
    programme: Programme,
    coordinator: Any,
    *,
    kind: str,
    title: str,
    opens: dt.datetime,
    closes: dt.datetime,
    state: str,
    intro: str,
    scale_key: str = "",
) -> tuple[Survey, bool]:
    existing = Survey.objects.filter(
        programme=programme, kind=kind, audience=Audience.ACTORS, title=title
    ).first()
    if existing:
        return existing, False
    survey = services.survey_create(
        programme=programme,
        by=coordinator,
        audience=Audience.ACTORS,
        kind=kind,
        title=title,
        intro=intro,
        opens_at=opens,
        closes_at=closes,
        anonymous=True,
        min_group_size=5,
    )
    if scale_key:
        scale = next(s for s in scales.built_ins_ensure(programme=programme) if s.key == scale_key)
        scales.scale_add_to_survey(survey=survey, scale=scale, by=coordinator)
    survey.state = state
    survey.save(update_fields=["state"])
    return survey, True


def _rated(item: Item, value: float) -> int:
    """A 1–5 answer to a scale item that expresses `value` (turned round when reversed)."""
    number = max(1, min(5, round(value)))
    reverse = item.scale_item is not None and item.scale_item.reverse
    return 6 - number if reverse else number


def _respond(survey: Survey, application: ActorApplication, submitted: dt.datetime) -> Response:
    invitation, _created = Invitation.objects.get_or_create(
        survey=survey,
        user=application.user,
        defaults={"track": application.degree_level, "sent_at": survey.opens_at},
    )
    return Response.objects.create(survey=survey, invitation=invitation, submitted_at=submitted)


@transaction.atomic
def seed(stdout: Any) -> None:
    programme = Programme.objects.filter(slug=SLUG).first()
    coordinator = programme.coordinators.first() if programme else None
    if programme is None or coordinator is None:
        return
    services.benefits_ensure(programme=programme)
    rng = random.Random(2026)
    applications = list(
        ActorApplication.objects.filter(programme=programme, status=ApplicationStatus.ACCEPTED)
        .select_related("user")
        .order_by("user__email")
    )

    baseline, new_baseline = _survey(
        programme,
        coordinator,
        kind=SurveyKind.BASELINE,
        title="Where you stand now – start of the programme",
        opens=_at(-66),
        closes=_at(-52),
        state=SurveyState.CLOSED,
        intro="Before the mentoring starts, tell us how you see your career today. "
        "We ask the same questions at the end to see what changed.",
        scale_key="career-confidence",
    )
    final, new_final = _survey(
        programme,
        coordinator,
        kind=SurveyKind.FINAL,
        title="What changed – end of the programme",
        opens=_at(-12),
        closes=_at(-2),
        state=SurveyState.CLOSED,
        intro="The same statements as at the start, plus a few questions about the programme.",
        scale_key="career-confidence",
    )
    if new_baseline and new_final:
        baseline_values: dict[int, dict[str, int]] = {}
        base_items = list(baseline.items.select_related("scale_item"))
        confidence: dict[int, float] = {}
        for application in applications:
            Invitation.objects.get_or_create(
                survey=baseline,
                user=application.user,
                defaults={"track": application.degree_level, "sent_at": baseline.opens_at},
            )
            if rng.random() > 0.9:
                continue
            response = _respond(baseline, application, _at(-60 + rng.random() * 6))
            level = rng.choice([2, 2, 3, 3, 3, 4])
            values = {}
            for item in base_items:
                if item.benefit:
                    values[item.benefit] = max(1, min(5, level + rng.choice([-1, 0, 0, 1])))
                    _answer(response, item, values[item.benefit])
                elif item.kind == ItemKind.TEXT and rng.random() < 0.6:
                    _answer(response, item, rng.choice(HOPES))
            baseline_values[application.user_id] = values
            confidence[application.user_id] = level + rng.choice([-0.5, 0, 0.5])
            for item in base_items:
                if item.scale_item_id:
                    jitter = rng.choice([-1, 0, 0, 0, 1])
                    _answer(response, item, _rated(item, confidence[application.user_id] + jitter))
        final_items = list(final.items.select_related("scale_item"))
        for application in applications:
            Invitation.objects.get_or_create(
                survey=final,
                user=application.user,
                defaults={"track": application.degree_level, "sent_at": final.opens_at},
            )
            before = baseline_values.get(application.user_id)
            if rng.random() > 0.85:
                continue
            response = _respond(final, application, _at(-10 + rng.random() * 7))
            grown = confidence.get(application.user_id, 3) + rng.choice([0, 0.5, 0.5, 1, 1, 1.5])
            for item in final_items:
                if item.scale_item_id:
                    _answer(response, item, _rated(item, grown + rng.choice([-1, 0, 0, 0, 1])))
                    continue
                if item.benefit:
                    start = (before or {}).get(item.benefit, rng.choice([2, 3, 3, 4]))
                    step = GROWTH.get(item.benefit, 0.5) + rng.choice([-1, -0.5, 0, 0, 0.5, 1])
                    _answer(response, item, max(1, min(5, round(start + step))))
                elif item.kind == ItemKind.SCALE:
                    _answer(response, item, rng.choice([6, 7, 8, 8, 8, 9, 9, 10]))
                elif item.kind == ItemKind.TEXT and rng.random() < 0.55:
                    pool = MOST_VALUABLE if item.order == len(final_items) - 1 else CHANGES
                    _answer(response, item, rng.choice(pool))
        stdout.write("  surveys: baseline and final survey with answers for mentoring-2026\n")

    halfway, new_halfway = _survey(
        programme,
        coordinator,
        kind=SurveyKind.HALFWAY,
        title="Halfway check-in",
        opens=_at(-1),
        closes=timezone.make_aware(
            dt.datetime.combine(programme.halfway_date + dt.timedelta(days=14), dt.time(16))
        ),
        state=SurveyState.OPEN,
        intro="A five-minute look at how your mentorship is going. If you would like help, "
        "you can ask for it here.",
        scale_key="relationship-quality",
    )
    if new_halfway:
        items = list(halfway.items.select_related("scale_item"))
        for application in applications:
            Invitation.objects.get_or_create(
                survey=halfway,
                user=application.user,
                defaults={"track": application.degree_level, "sent_at": halfway.opens_at},
            )
        answering = [a for a in applications if a.user.email.startswith("m26-")][:12]
        with_mentorship = [a for a in answering if selectors.live_mentorships(programme, a.user)]
        asker = (with_mentorship or answering)[0] if answering else None
        for application in answering:
            asks = application is asker
            response = _respond(halfway, application, _at(-rng.random()))
            for item in items:
                if item.scale_item_id:
                    feel = 2 if asks else rng.choice([3.5, 4, 4, 4.5])
                    _answer(response, item, _rated(item, feel + rng.choice([-0.5, 0, 0, 0.5])))
                elif item.help_answer:
                    choices = item.choice_list
                    _answer(response, item, item.help_answer if asks else choices[0])
                elif item.kind == ItemKind.LIKERT:
                    _answer(response, item, 2 if asks else rng.choice([3, 4, 4, 5, 5]))
                elif item.kind == ItemKind.SCALE:
                    _answer(response, item, 3 if asks else rng.choice([6, 7, 8, 9, 10]))
                elif item.kind == ItemKind.TEXT and not asks and rng.random() < 0.4:
                    _answer(response, item, rng.choice(HALFWAY_NOTES))
            if asks:
                help_request = HelpRequest.objects.create(survey=halfway, user=application.user)
                help_request.mentorships.set(
                    selectors.live_mentorships(programme, application.user)
                )
        stdout.write("  surveys: open halfway check-in with one request for help\n")
