"""Factories for the toolkit's items."""

from __future__ import annotations

import datetime as dt

import factory

from mentorlab.careerdesign.models import (
    CareerStory,
    JournalEntry,
    Moment,
    OdysseyPlan,
    PlanKind,
    Prototype,
    StoryVersion,
    ValuesProfile,
    WeeklyReflection,
)
from tests.factories import UserFactory


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    owner = factory.SubFactory(UserFactory)
    day = dt.date(2026, 3, 2)
    activity = "Explaining an algorithm to a classmate"
    engagement = 8
    energy = 3


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyReflection

    owner = factory.SubFactory(UserFactory)
    week = dt.date(2026, 3, 2)
    text = "Teaching energises me more than coding alone."


class MomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Moment

    owner = factory.SubFactory(UserFactory)
    title = "Won the hackathon with strangers"


class ValuesProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValuesProfile

    owner = factory.SubFactory(UserFactory)
    workview = "Work is how I make useful things with good people."


class OdysseyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OdysseyPlan

    owner = factory.SubFactory(UserFactory)
    plan_kind = PlanKind.CURRENT
    title = "Software engineer in energy"
    questions = "Would I enjoy a big company?"


class PrototypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prototype

    owner = factory.SubFactory(UserFactory)
    question = "What does a product manager do all week?"


class CareerStoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerStory
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)

    @factory.post_generation
    def text(obj, create, extracted, **kwargs):
        if create:
            StoryVersion.objects.create(
                story=obj, number=1, text=extracted or "I grew up fixing bikes."
            )


ITEM_FACTORIES = {
    "entry": JournalEntryFactory,
    "reflection": ReflectionFactory,
    "moment": MomentFactory,
    "values": ValuesProfileFactory,
    "plan": OdysseyPlanFactory,
    "prototype": PrototypeFactory,
    "story": CareerStoryFactory,
}

# A distinctive phrase each item's page shows, to check what a viewer sees.
ITEM_MARKERS = {
    "entry": "Explaining an algorithm to a classmate",
    "reflection": "Teaching energises me more than coding alone.",
    "moment": "Won the hackathon with strangers",
    "values": "Work is how I make useful things with good people.",
    "plan": "Software engineer in energy",
    "prototype": "What does a product manager do all week?",
    "story": "I grew up fixing bikes.",
}
