from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mentorlab.core.errors import add_errors_to_form

from .models import TOOLS, Article, ArticleLanguage, Audience, LibraryPhase
from .services import TranslationText


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    audience = forms.ChoiceField(
        label=_("Written for"), required=False, choices=[("", _("Anyone")), *Audience.choices]
    )
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("Any phase")), *LibraryPhase.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search"})


class ArticleForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. first-meeting."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Written for"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    phases = forms.MultipleChoiceField(
        label=_("Phases"), choices=LibraryPhase.choices, widget=forms.CheckboxSelectMultiple
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        initial=100,
        help_text=_("Smaller numbers come first."),
    )
    tool = forms.ChoiceField(label=_("Toolkit page"), choices=TOOLS, required=False)
    is_published = forms.BooleanField(label=_("Published (readers can see it)"), required=False)

    @classmethod
    def initial_for(cls, article: Article) -> dict[str, Any]:
        return {
            "slug": article.slug,
            "audiences": article.audience_codes,
            "phases": article.phase_codes,
            "order": article.order,
            "tool": article.tool,
            "is_published": article.is_published,
        }


class TranslationForm(forms.Form):
    """One language version; the form's prefix is the language code."""

    title = forms.CharField(label=_("Title"), max_length=160, required=False)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        help_text=_("One or two sentences shown in lists and on home pages."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=30000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Markdown: ## Heading, **bold**, *italic*, - list item, [link text](https://…)."
        ),
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        kwargs["prefix"] = language
        super().__init__(*args, **kwargs)
        self.language = language
        self.language_name = ArticleLanguage(language).label

    def text(self) -> TranslationText:
        data = self.cleaned_data
        return TranslationText(data["title"], data["summary"], data["body"])


def translation_forms(data: Any = None, article: Article | None = None) -> list[TranslationForm]:
    found = {t.language: t for t in article.translations.all()} if article else {}
    forms_: list[TranslationForm] = []
    for language in ArticleLanguage.values:
        row = found.get(language)
        initial = {"title": row.title, "summary": row.summary, "body": row.body} if row else None
        forms_.append(TranslationForm(data, initial=initial, language=language))
    return forms_


def spread_errors(
    error: ValidationError, form: ArticleForm, translations: list[TranslationForm]
) -> None:
    """Put the service's field-keyed messages on the matching form fields: "fi-title" on
    the Finnish version's title, everything else on the article form (or above it)."""
    if not hasattr(error, "error_dict"):
        add_errors_to_form(form, error)
        return
    by_prefix = {t.prefix: t for t in translations}
    rest: dict[str, Any] = {}
    for key, messages in error.error_dict.items():
        prefix, _sep, name = key.partition("-")
        target = by_prefix.get(prefix)
        if target is not None and name in target.fields:
            target.add_error(name, messages)
        else:
            rest[key] = messages
    if rest:
        add_errors_to_form(form, ValidationError(rest))
