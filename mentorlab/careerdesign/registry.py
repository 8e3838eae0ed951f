"""The kinds of shareable toolkit item, in one place: their model, a human name and the
exercise page they belong to. Views, selectors and services look kinds up here."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import (
    CareerStory,
    JournalEntry,
    Moment,
    OdysseyPlan,
    Prototype,
    ToolkitItem,
    ValuesProfile,
    WeeklyReflection,
)


@dataclass(frozen=True)
class ItemKind:
    key: str
    model: type[ToolkitItem]
    label: Promise
    exercise: str  # URL name of the exercise page, in the "careerdesign" namespace


KINDS: dict[str, ItemKind] = {
    k.key: k
    for k in (
        ItemKind("entry", JournalEntry, _("Journal entry"), "journal"),
        ItemKind("reflection", WeeklyReflection, _("Weekly reflection"), "journal"),
        ItemKind("moment", Moment, _("Meaningful moment"), "moments"),
        ItemKind("values", ValuesProfile, _("Values and strengths"), "values"),
        ItemKind("plan", OdysseyPlan, _("Odyssey plan"), "odyssey"),
        ItemKind("prototype", Prototype, _("Prototype"), "prototypes"),
        ItemKind("story", CareerStory, _("Career story"), "story"),
    )
}


def kind_or_404(key: str) -> ItemKind:
    try:
        return KINDS[key]
    except KeyError:
        raise Http404 from None
