"""Survey content in English, Finnish and Swedish (see programmes/translation.py). Answers to
choice items are stored as the choice's key, its line in the first language written
(`Item.choice_list`), so they stay comparable whatever language the respondent reads."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from .models import Item, ProgrammeBenefit, Scale, ScaleItem, Subscale, Survey


@register(ProgrammeBenefit)
class ProgrammeBenefitTranslation(TranslationOptions):
    fields = ("statement",)


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(Item)
class ItemTranslation(TranslationOptions):
    fields = ("text", "help_text", "choices")


@register(Scale)
class ScaleTranslation(TranslationOptions):
    fields = ("name",)


@register(Subscale)
class SubscaleTranslation(TranslationOptions):
    fields = ("name",)


@register(ScaleItem)
class ScaleItemTranslation(TranslationOptions):
    fields = ("text",)
