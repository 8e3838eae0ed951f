"""Event and peer-group content in English, Finnish and Swedish (see
programmes/translation.py)."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from .models import Event, PeerGroup


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "place")


@register(PeerGroup)
class PeerGroupTranslation(TranslationOptions):
    fields = ("name", "theme")
    # NULL when untranslated: see TopicTranslation.
    empty_values = {"name": None}
