"""Writes for the library. The editor page and `load_library` both come through here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    FALLBACK_LANGUAGE,
    Article,
    ArticleLanguage,
    ArticleTranslation,
    Audience,
    AudienceTag,
    LibraryPhase,
    PhaseTag,
    checksum,
)
from .selectors import can_edit_library
from .starter import CONTENT_DIR, read_starter_set

# Addresses under /library/ that an article slug must not take.
RESERVED_SLUGS = {"new", "preview", "edit"}


@dataclass(frozen=True)
class TranslationText:
    title: str
    summary: str
    body: str

    @property
    def is_empty(self) -> bool:
        return not (self.title.strip() or self.summary.strip() or self.body.strip())


def _set_tags(article: Article, audiences: list[str], phases: list[str]) -> None:
    article.audiences.set([AudienceTag.objects.get_or_create(code=code)[0] for code in audiences])
    article.phases.set([PhaseTag.objects.get_or_create(code=code)[0] for code in phases])


def _validate(
    *,
    article: Article,
    audiences: list[str],
    phases: list[str],
    translations: Mapping[str, TranslationText],
) -> None:
    errors: dict[str, list[str]] = {}
    if article.slug in RESERVED_SLUGS:
        errors.setdefault("slug", []).append(
            _("“%(slug)s” is used by the library itself; choose another.") % {"slug": article.slug}
        )
    if not audiences:
        errors.setdefault("audiences", []).append(_("Choose at least one audience."))
    if not phases:
        errors.setdefault("phases", []).append(_("Choose at least one phase."))
    if any(a not in Audience.values for a in audiences):
        errors.setdefault("audiences", []).append(_("Unknown audience."))
    if any(p not in LibraryPhase.values for p in phases):
        errors.setdefault("phases", []).append(_("Unknown phase."))
    english = translations.get(FALLBACK_LANGUAGE)
    if english is None or english.is_empty:
        errors.setdefault(f"{FALLBACK_LANGUAGE}-title", []).append(
            _("Every article needs an English version; it is shown when a language is missing.")
        )
    for language, text in translations.items():
        if language not in ArticleLanguage.values:
            raise ValidationError(_("Unknown language."))
        if text.is_empty:
            continue
        if not text.title.strip():
            errors.setdefault(f"{language}-title", []).append(
                _("Give this version a title, or leave all of its fields empty.")
            )
        if not text.body.strip():
            errors.setdefault(f"{language}-body", []).append(
                _("Write the text, or leave all of this version's fields empty.")
            )
    try:
        article.full_clean(exclude=["audiences", "phases"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def article_save(
    *,
    by: Any,
    article: Article | None,
    slug: str,
    audiences: list[str],
    phases: list[str],
    order: int,
    is_published: bool,
    tool: str,
    translations: Mapping[str, TranslationText],
) -> Article:
    """Create or update an article with its translations. A language whose fields are
    all empty is removed (readers then see English). Raises ValidationError with messages
    keyed by field (`slug`, `audiences`, `en-title`, …) and saves nothing when invalid."""
    if not can_edit_library(by):
        raise PermissionDenied
    article = article or Article()
    article.slug = slug.strip()
    article.order = order
    article.is_published = is_published
    article.tool = tool
    _validate(article=article, audiences=audiences, phases=phases, translations=translations)
    with transaction.atomic():
        article.save()
        _set_tags(article, audiences, phases)
        existing = {t.language: t for t in article.translations.all()}
        for language, text in translations.items():
            row = existing.get(language)
            if text.is_empty:
                if row is not None:
                    row.delete()
                continue
            row = row or ArticleTranslation(article=article, language=language)
            row.title = text.title.strip()
            row.summary = text.summary.strip()
            row.body = text.body.replace("\r\n", "\n").strip()
            row.full_clean(exclude=["article"])
            row.save()
    return article


# --- the starter set -------------------------------------------------------------------


@dataclass
class LoadReport:
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    # Articles (or language versions, as "slug.lang") a coordinator has changed since the
    # last load, or wrote themselves: left exactly as they are.
    kept: list[str]


def library_load(*, directory: Path | None = None, force: bool = False) -> LoadReport:
    """Bring the database up to date with the starter files. Safe to run any number of
    times. It creates missing articles and language versions, and updates those whose
    file changed — but only where the database still holds exactly what the loader last
    wrote (compared by checksum). Anything a coordinator edited or created is kept as it
    is (`force` overwrites edited starter pages). Nothing is ever deleted: an article
    whose file disappears stays, and coordinators may unpublish it."""
    starter_set = read_starter_set(directory or CONTENT_DIR)  # validates every file first
    report = LoadReport([], [], [], [])
    with transaction.atomic():
        existing = {
            a.slug: a
            for a in Article.objects.prefetch_related("translations", "audiences", "phases")
        }
        for item in starter_set:
            meta_sum = checksum(
                {
                    "audience": sorted(item.audiences),
                    "phase": sorted(item.phases, key=list(LibraryPhase.values).index),
                    "order": item.order,
                    "tool": item.tool,
                }
            )
            article = existing.get(item.slug)
            changed = False
            if article is None:
                article = Article.objects.create(
                    slug=item.slug,
                    order=item.order,
                    tool=item.tool,
                    is_published=True,
                    loaded_checksum=meta_sum,
                )
                _set_tags(article, item.audiences, item.phases)
                rows: dict[str, ArticleTranslation] = {}
                report.created.append(item.slug)
            else:
                if not article.loaded_checksum:
                    report.kept.append(item.slug)  # a coordinator's own article
                    continue
                rows = {t.language: t for t in article.translations.all()}
                if article.loaded_checksum != meta_sum:
                    if force or article.metadata_checksum() == article.loaded_checksum:
                        article.order, article.tool = item.order, item.tool
                        article.loaded_checksum = meta_sum
                        article.save(update_fields=["order", "tool", "loaded_checksum"])
                        _set_tags(article, item.audiences, item.phases)
                        changed = True
                    else:
                        report.kept.append(item.slug)
            for language, text in item.texts.items():
                row = rows.get(language)
                file_sum = checksum(
                    {"title": text.title, "summary": text.summary, "body": text.body}
                )
                if row is not None and row.loaded_checksum == file_sum:
                    continue
                if (
                    row is not None
                    and not force
                    and (not row.loaded_checksum or row.content_checksum() != row.loaded_checksum)
                ):
                    report.kept.append(f"{item.slug}.{language}")
                    continue
                row = row or ArticleTranslation(article=article, language=language)
                row.title, row.summary, row.body = text.title, text.summary, text.body
                row.loaded_checksum = file_sum
                row.save()
                changed = True
            if changed and item.slug not in report.created:
                Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
                report.updated.append(item.slug)
            elif item.slug not in report.created and item.slug not in report.kept:
                report.unchanged.append(item.slug)
    return report
