from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from mentorlab.core.markdown import plain_excerpt
from mentorlab.library import selectors
from mentorlab.library.models import FALLBACK_LANGUAGE, Article, ArticleTranslation

register = template.Library()


def tool_url(name: str) -> str:
    """The toolkit page's address, or "" while that page does not exist (yet)."""
    if not name:
        return ""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@register.simple_tag
def article_text(article: Article) -> ArticleTranslation | None:
    """The version of `article` for the current language (English if there is none)."""
    return article.translation_for((get_language() or FALLBACK_LANGUAGE).split("-")[0])


@register.filter
def summary_of(translation: ArticleTranslation | None) -> str:
    if translation is None:
        return ""
    return translation.summary or plain_excerpt(translation.body, profile="article")


@register.inclusion_tag("library/_home_articles.html")
def library_home_articles(user: Any) -> dict[str, Any]:
    return {"articles": selectors.home_articles(user)}
