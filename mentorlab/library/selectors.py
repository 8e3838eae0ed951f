"""Reads for the library: who may edit, what a reader may see, search, and the choice of
articles for a person's home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import ActorApplication, MentorApplication, Phase, Programme

from .models import FALLBACK_LANGUAGE, Article, ArticleTranslation, Audience, LibraryPhase

FIRST_MEETING_DAYS = 30  # after the kick-off, the first meeting is what matters most
ENDED_PROGRAMME_DAYS = 90  # an ended programme stops shaping the home page after this
HOME_MIN, HOME_MAX = 3, 5


def can_edit_library(user: Any) -> bool:
    """Coordinators of any programme, and staff, write the library."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff) or Programme.objects.filter(coordinators=user).exists()


def _with_related(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.prefetch_related("translations", "audiences", "phases")


def visible_articles(user: Any) -> QuerySet[Article]:
    articles = Article.objects.all()
    if not can_edit_library(user):
        articles = articles.filter(is_published=True)
    return _with_related(articles)


def readable_article_or_404(user: Any, slug: str) -> Article:
    """A published article, or a draft for someone who may edit the library."""
    return get_object_or_404(visible_articles(user), slug=slug)


def editable_article_or_404(user: Any, slug: str) -> Article:
    if not can_edit_library(user):
        raise Http404
    return get_object_or_404(_with_related(Article.objects.all()), slug=slug)


@dataclass(frozen=True)
class SearchResult:
    articles: list[Article]
    # True when nothing matched in the reader's language and the results come from a
    # search over every language instead.
    from_other_languages: bool = False


def search_articles(
    user: Any, *, language: str, q: str = "", audience: str = "", phase: str = ""
) -> SearchResult:
    """Articles the user may read, filtered by audience and phase; `q` searches title,
    summary and text of the version the reader would see (their language, else English),
    every word required. If that finds nothing, every language is searched."""
    articles = visible_articles(user)
    if audience:
        # An article for everyone is also for each group.
        articles = articles.filter(audiences__in=[audience, Audience.EVERYONE]).distinct()
    if phase:
        articles = articles.filter(phases=phase)
    words = [w for w in q.casefold().split() if w][:8]
    if not words:
        return SearchResult(list(articles))

    def matching(lang: str | None) -> Exists:
        rows = ArticleTranslation.objects.filter(article=OuterRef("pk"))
        if lang is not None:
            rows = rows.filter(language=lang)
        for word in words:
            rows = rows.filter(search_text__contains=word)
        return Exists(rows)

    has_own = Exists(ArticleTranslation.objects.filter(article=OuterRef("pk"), language=language))
    in_reader_language = articles.filter(
        Q(has_own, matching(language)) | (~Q(has_own) & Q(matching(FALLBACK_LANGUAGE)))
    )
    found = _title_hits_first(list(in_reader_language), words, language)
    if found:
        return SearchResult(found)
    anywhere = _title_hits_first(list(articles.filter(matching(None))), words, language)
    return SearchResult(anywhere, from_other_languages=bool(anywhere))


def _title_hits_first(articles: list[Article], words: list[str], language: str) -> list[Article]:
    def in_title(article: Article) -> bool:
        translation = article.translation_for(language)
        title = translation.title.casefold() if translation else ""
        return all(word in title for word in words)

    return sorted(articles, key=lambda a: (not in_title(a), a.order, a.slug))


# --- the home page ---------------------------------------------------------------------


def library_phase(programme: Programme, today: dt.date) -> str:
    """The library's phase for where a programme is in its cycle."""
    phase = programme.phase
    if phase in (Phase.UPCOMING, Phase.RECRUITING, Phase.MATCHING):
        return LibraryPhase.BEFORE_START
    if phase == Phase.MENTORING:
        if today <= programme.kickoff_date + dt.timedelta(days=FIRST_MEETING_DAYS):
            return LibraryPhase.FIRST_MEETING
        return LibraryPhase.DURING
    if phase == Phase.HALFWAY:
        return LibraryPhase.HALFWAY
    return LibraryPhase.CLOSING


def reader_contexts(user: Any, today: dt.date | None = None) -> list[tuple[str, str]]:
    """(role, library phase) pairs for the programmes the user takes part in now:
    accepted actors and mentors first, then programmes they coordinate. Programmes that
    ended long ago no longer count."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    recent = today - dt.timedelta(days=ENDED_PROGRAMME_DAYS)
    accepted = {"status": ApplicationStatus.ACCEPTED, "programme__end_date__gte": recent}
    sources: list[tuple[str, QuerySet[Programme]]] = [
        (
            Audience.ACTOR,
            Programme.objects.filter(
                pk__in=ActorApplication.objects.filter(user=user, **accepted).values("programme")
            ),
        ),
        (
            Audience.MENTOR,
            Programme.objects.filter(
                pk__in=MentorApplication.objects.filter(user=user, **accepted).values("programme")
            ),
        ),
        (Audience.COORDINATOR, Programme.objects.filter(coordinators=user, end_date__gte=recent)),
    ]
    contexts: list[tuple[str, str]] = []
    for role, programmes in sources:
        for programme in programmes.order_by("kickoff_date"):
            context = (str(role), str(library_phase(programme, today)))
            if context not in contexts:
                contexts.append(context)
    if user.is_staff and not any(role == Audience.COORDINATOR for role, _p in contexts):
        contexts.append((str(Audience.COORDINATOR), str(LibraryPhase.BEFORE_START)))
    return contexts


def home_articles(user: Any, today: dt.date | None = None) -> list[Article]:
    """Three to five published articles for the user's roles in the current phase of
    their programmes, taking turns between their roles so each one is represented.
    Someone with no role yet gets the introductory pages for everyone."""
    contexts = reader_contexts(user, today) or [
        (str(Audience.EVERYONE), str(LibraryPhase.BEFORE_START))
    ]
    roles = {role for role, _phase in contexts}
    articles = list(_with_related(Article.objects.filter(is_published=True)))

    def ranked(role: str, phase: str) -> list[Article]:
        fits = [
            a
            for a in articles
            if phase in a.phase_codes
            and (role in a.audience_codes or Audience.EVERYONE in a.audience_codes)
        ]
        # Pages written for the role itself come before the general ones.
        return sorted(fits, key=lambda a: (role not in a.audience_codes, a.order, a.slug))

    queues = [ranked(role, phase) for role, phase in contexts]
    chosen: list[Article] = []
    while len(chosen) < HOME_MAX and any(queues):
        for queue in queues:
            while queue and queue[0] in chosen:
                queue.pop(0)
            if queue and len(chosen) < HOME_MAX:
                chosen.append(queue.pop(0))
    if len(chosen) < HOME_MIN:
        # Too few for this phase: fill up with the user's roles' pages from any phase.
        spare = sorted(
            (
                a
                for a in articles
                if a not in chosen
                and (roles & set(a.audience_codes) or Audience.EVERYONE in a.audience_codes)
            ),
            key=lambda a: (not (roles & set(a.audience_codes)), a.order, a.slug),
        )
        chosen.extend(spare[: HOME_MIN - len(chosen)])
    return chosen
