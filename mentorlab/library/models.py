"""Tips and tools articles: one Article (shared tags and order) with a translation per
language. English is required and is the fallback for a language nobody has written yet."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

FALLBACK_LANGUAGE = "en"


class Audience(models.TextChoices):
    ACTOR = "actor", _("Actors (students)")
    MENTOR = "mentor", _("Mentors")
    COORDINATOR = "coordinator", _("Coordinators")
    EVERYONE = "everyone", _("Everyone")


class LibraryPhase(models.TextChoices):
    BEFORE_START = "before-start", _("Before the start")
    FIRST_MEETING = "first-meeting", _("First meeting")
    DURING = "during", _("During mentoring")
    HALFWAY = "halfway", _("Halfway")
    CLOSING = "closing", _("Closing")


class ArticleLanguage(models.TextChoices):
    EN = "en", _("English")
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")


# URL names of the career-design toolkit pages an article may link to with a button.
TOOLS = [
    ("", _("No tool")),
    ("careerdesign:journal", _("Good Time Journal")),
    ("careerdesign:moments", _("Meaningful moments")),
    ("careerdesign:values", _("Values and strengths")),
    ("careerdesign:odyssey", _("Odyssey plans")),
    ("careerdesign:prototypes", _("Prototypes")),
    ("careerdesign:story", _("Career story")),
]


class AudienceTag(models.Model):
    """One row per Audience value (created by a migration), so articles can carry several
    audiences and be filtered in the database on every backend."""

    code = models.CharField(max_length=12, primary_key=True, choices=Audience.choices)

    class Meta:
        ordering = ("code",)
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self) -> str:
        return str(Audience(self.code).label)


class PhaseTag(models.Model):
    code = models.CharField(max_length=16, primary_key=True, choices=LibraryPhase.choices)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return str(LibraryPhase(self.code).label)


class Article(models.Model):
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    audiences = models.ManyToManyField(
        AudienceTag, related_name="articles", verbose_name=_("written for")
    )
    phases = models.ManyToManyField(PhaseTag, related_name="articles", verbose_name=_("phases"))
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Smaller numbers come first.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    tool = models.CharField(
        _("toolkit page"),
        max_length=40,
        choices=TOOLS,
        blank=True,
        help_text=_("Shows a button that opens this exercise in the career-design toolkit."),
    )
    # Checksum of the tags/order/tool as `load_library` last wrote them; blank for articles
    # a coordinator created. If the current values no longer match it, a coordinator has
    # changed them and the loader leaves them alone.
    loaded_checksum = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("order", "slug")
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        translation = self.translation_for(FALLBACK_LANGUAGE)
        return translation.title if translation else self.slug

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.slug])

    def translation_for(self, language: str) -> ArticleTranslation | None:
        """The translation in `language`, else English, else None. Uses prefetched rows
        when the queryset prefetched `translations`."""
        found = {t.language: t for t in self.translations.all()}
        return found.get(language) or found.get(FALLBACK_LANGUAGE)

    @property
    def audience_codes(self) -> list[str]:
        return sorted(tag.code for tag in self.audiences.all())

    @property
    def phase_codes(self) -> list[str]:
        order = [value for value, _label in LibraryPhase.choices]
        return sorted((tag.code for tag in self.phases.all()), key=order.index)

    def metadata_checksum(self) -> str:
        return checksum(
            {
                "audience": self.audience_codes,
                "phase": self.phase_codes,
                "order": self.order,
                "tool": self.tool,
            }
        )


class ArticleTranslation(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=5, choices=ArticleLanguage.choices)
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in lists and on home pages."),
    )
    body = models.TextField(_("text (Markdown)"), max_length=30000)
    # Case-folded title + summary + body, so search ignores case for "Ä" and "ä" alike on
    # SQLite too (its own case-insensitive LIKE only folds ASCII).
    search_text = models.TextField(editable=False, blank=True)
    # Checksum of title/summary/body as `load_library` last wrote them (see Article).
    loaded_checksum = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("article", "language")
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = "\n".join((self.title, self.summary, self.body)).casefold()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def content_checksum(self) -> str:
        return checksum({"title": self.title, "summary": self.summary, "body": self.body})


def checksum(data: dict[str, Any]) -> str:
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(raw).hexdigest()
