"""Survey helpers: surveys made through the services, and answering as a person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from mentorlab.surveys import services
from mentorlab.surveys.models import Invitation, Item, Survey, SurveyState
from tests.factories import ActorApplicationFactory, UserFactory


def make_survey(
    programme: Any,
    coordinator: Any,
    *,
    kind: str = "baseline",
    audience: str = "actor",
    anonymous: bool = True,
    min_group_size: int = 5,
    open_it: bool = True,
    title: str = "",
) -> Survey:
    now = timezone.now()
    survey = services.survey_create(
        programme=programme,
        by=coordinator,
        audience=audience,
        kind=kind,
        title=title or f"{kind.title()} survey",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        anonymous=anonymous,
        min_group_size=min_group_size,
    )
    if open_it:
        services.survey_open(survey=survey, by=coordinator)
    return survey


def item_by_benefit(survey: Survey, key: str) -> Item:
    return survey.items.get(benefit=key)


def answer(
    survey: Survey,
    user: Any,
    benefits: dict[str, int] | None = None,
    *,
    texts: list[str] | None = None,
    submit: bool = True,
) -> None:
    """Send answers as `user`: the given benefit ratings, text answers in order, and a
    middle value for any other required question."""
    invitation = Invitation.objects.get(survey=survey, user=user)
    answers: dict[int, Any] = {}
    text_values = list(texts or [])
    for item in survey.items.all():
        if item.benefit and benefits and item.benefit in benefits:
            answers[item.pk] = benefits[item.benefit]
        elif item.kind == "text" and text_values:
            answers[item.pk] = text_values.pop(0)
        elif item.required:
            answers[item.pk] = item.choice_list[0] if item.choice_list else 3
    services.response_save(invitation=invitation, user=user, answers=answers, submit=submit)


def close(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(state=SurveyState.CLOSED)
    survey.refresh_from_db()


@pytest.fixture
def make_actors(programme):
    def make(n: int, *, level: str = "masters", prefix: str = "student") -> list[Any]:
        people = []
        for _i in range(n):
            user = UserFactory(
                full_name=f"{prefix.title()} {UserFactory._meta.model.objects.count()}"
            )
            ActorApplicationFactory(programme=programme, user=user, degree_level=level)
            people.append(user)
        return people

    return make
