from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorlab.accounts.auth import signed_in_user
from mentorlab.core.markdown import render_markdown
from mentorlab.programmes.selectors import is_accepted_actor

from . import selectors, services
from .forms import ArticleForm, LibraryFilterForm, spread_errors, translation_forms
from .models import FALLBACK_LANGUAGE, ArticleLanguage
from .templatetags.library_tags import tool_url


def _language() -> str:
    language = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return language if language in ArticleLanguage.values else FALLBACK_LANGUAGE


def article_list(request: HttpRequest) -> HttpResponse:
    """Everyone may read the published library; the search and filters are a GET form,
    and htmx swaps only the results while someone types."""
    filters = LibraryFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    result = selectors.search_articles(request.user, language=_language(), **criteria)
    context = {
        "filters": filters,
        "result": result,
        "query": criteria.get("q", ""),
        "filtered": any(criteria.values()),
        "language": _language(),
        "can_edit": selectors.can_edit_library(request.user),
    }
    template = (
        "library/_results.html" if getattr(request, "htmx", False) else "library/article_list.html"
    )
    return render(request, template, context)


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.readable_article_or_404(request.user, slug)
    language = _language()
    translation = article.translation_for(language)
    if translation is None:
        raise Http404
    return render(
        request,
        "library/article_detail.html",
        {
            "article": article,
            "translation": translation,
            "body": render_markdown(translation.body, profile="article"),
            "is_fallback": translation.language != language,
            # Only students may open the toolkit; for anyone else the button was a dead end.
            "tool_url": tool_url(article.tool) if is_accepted_actor(request.user) else "",
            "can_edit": selectors.can_edit_library(request.user),
        },
    )


@login_required
def article_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Create (no slug) or edit an article in every language, with a live preview."""
    user = signed_in_user(request)
    if slug is None:
        if not selectors.can_edit_library(user):
            raise Http404
        article = None
    else:
        article = selectors.editable_article_or_404(user, slug)
    if request.method == "POST":
        form = ArticleForm(request.POST)
        translations = translation_forms(request.POST, article)
        if form.is_valid() and all(t.is_valid() for t in translations):
            data = form.cleaned_data
            try:
                saved = services.article_save(
                    by=user,
                    article=article,
                    slug=data["slug"],
                    audiences=data["audiences"],
                    phases=data["phases"],
                    order=data["order"],
                    is_published=data["is_published"],
                    tool=data["tool"],
                    translations={t.language: t.text() for t in translations},
                )
            except ValidationError as exc:
                spread_errors(exc, form, translations)
            else:
                messages.success(request, _("The article has been saved."))
                return redirect("library:detail", slug=saved.slug)
    else:
        initial = ArticleForm.initial_for(article) if article else {"is_published": True}
        form = ArticleForm(initial=initial)
        translations = translation_forms(None, article)
    return render(
        request,
        "library/article_form.html",
        {"article": article, "form": form, "translations": translations},
    )


@login_required
@require_POST
def article_preview(request: HttpRequest) -> HttpResponse:
    """The sanitised HTML of one language version of the editor form (htmx)."""
    if not selectors.can_edit_library(request.user):
        raise Http404
    language = request.POST.get("language", FALLBACK_LANGUAGE)
    if language not in ArticleLanguage.values:
        raise Http404
    return render(
        request,
        "library/_preview.html",
        {
            "title": request.POST.get(f"{language}-title", ""),
            "body": render_markdown(request.POST.get(f"{language}-body", ""), profile="article"),
            "language": language,
        },
    )
