"""What coordinators write for participants to read, stored in English, Finnish and Swedish
(django-modeltranslation adds `<field>_en`, `<field>_fi` and `<field>_sv`; the plain attribute
gives the reader's language, falling back as MODELTRANSLATION_FALLBACK_LANGUAGES says)."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from .models import CustomQuestion, Programme, Topic


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)
    # An untranslated name is NULL, not "", so that the per-language copies of
    # `topic_unique_per_programme` only compare names that were written.
    empty_values = None


@register(CustomQuestion)
class CustomQuestionTranslation(TranslationOptions):
    fields = ("label", "help_text", "choices")
