from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mentorlab.library.models import Article, ArticleTranslation, AudienceTag, PhaseTag
from tests.factories import ProgrammeFactory


def make_article(
    slug: str,
    *,
    title: str | None = None,
    body: str = "Some text.",
    audiences: tuple[str, ...] = ("everyone",),
    phases: tuple[str, ...] = ("during",),
    order: int = 100,
    published: bool = True,
    tool: str = "",
    translations: dict[str, tuple[str, str]] | None = None,
) -> Article:
    """An article with an English version plus `translations` {lang: (title, body)}."""
    article = Article.objects.create(slug=slug, order=order, is_published=published, tool=tool)
    article.audiences.set([AudienceTag.objects.get_or_create(code=c)[0] for c in audiences])
    article.phases.set([PhaseTag.objects.get_or_create(code=c)[0] for c in phases])
    ArticleTranslation.objects.create(
        article=article, language="en", title=title or slug.replace("-", " ").title(), body=body
    )
    for language, (t_title, t_body) in (translations or {}).items():
        ArticleTranslation.objects.create(
            article=article, language=language, title=t_title, body=t_body
        )
    return article


@pytest.fixture
def article_factory(db):
    return make_article


def _day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def programme_at(phase: str, **kwargs):
    """A programme whose dates put today in the given library phase."""
    kickoff = {
        "before-start": 30,
        "first-meeting": -10,
        "during": -60,
        "halfway": -130,
        "closing": -205,
        "ended": -260,
    }[phase]
    return ProgrammeFactory(
        mentor_signup_opens=_day(kickoff - 60),
        mentor_signup_closes=_day(kickoff - 50) if phase != "before-start" else _day(5),
        actor_applications_open=_day(kickoff - 60),
        actor_applications_close=_day(kickoff - 40) if phase != "before-start" else _day(10),
        matching_date=_day(kickoff - 10),
        kickoff_date=_day(kickoff),
        halfway_date=_day(kickoff + 120),
        closing_date=_day(kickoff + 200),
        end_date=_day(kickoff + 210),
        **kwargs,
    )


@pytest.fixture
def programme_in_phase(db):
    return programme_at
