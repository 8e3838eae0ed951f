from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mentorlab.core.markdown import render_markdown

from .models import Article, ArticleTranslation


class TranslationInline(admin.StackedInline):
    model = ArticleTranslation
    extra = 0
    max_num = 3
    fields = ("language", "title", "summary", "body", "rendered")
    readonly_fields = ("rendered",)

    @admin.display(description=_("as readers see it (after saving)"))
    def rendered(self, obj: ArticleTranslation) -> str:
        if not obj.pk:
            return "–"
        return format_html(
            '<div class="library-body">{}</div>', render_markdown(obj.body, profile="article")
        )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "slug",
        "english_title",
        "languages",
        "audience_list",
        "phase_list",
        "order",
        "is_published",
        "updated_at",
    )
    list_editable = ("order", "is_published")
    list_filter = ("is_published", "audiences", "phases", "tool")
    search_fields = ("slug", "translations__title", "translations__body")
    readonly_fields = ("updated_at", "starter_state")
    fields = (
        "slug",
        ("audiences", "phases"),
        "order",
        "tool",
        "is_published",
        "updated_at",
        "starter_state",
    )
    inlines = [TranslationInline]

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).prefetch_related("translations", "audiences", "phases")

    @admin.display(description=_("English title"))
    def english_title(self, obj: Article) -> str:
        translation = obj.translation_for("en")
        return translation.title if translation else "–"

    @admin.display(description=_("languages"))
    def languages(self, obj: Article) -> str:
        return ", ".join(sorted(t.language for t in obj.translations.all()))

    @admin.display(description=_("written for"))
    def audience_list(self, obj: Article) -> str:
        return ", ".join(str(tag) for tag in obj.audiences.all())

    @admin.display(description=_("phases"))
    def phase_list(self, obj: Article) -> str:
        return ", ".join(str(tag) for tag in obj.phases.all())

    @admin.display(description=_("starter set"))
    def starter_state(self, obj: Article) -> str:
        if not obj.pk or not obj.loaded_checksum:
            return str(_("Written here, not part of the starter set."))
        return str(
            _(
                "From the starter set. Once you change it here, load_library keeps your "
                "version and no longer updates it."
            )
        )
