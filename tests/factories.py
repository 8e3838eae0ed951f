"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel, MentorLevels, Track
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme, Topic
from mentorlab.programmes.services import programme_prepare


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme whose windows are open today for both roles."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mentoring {2030 + n}")
    slug = factory.Sequence(lambda n: f"mentoring-{2030 + n}")
    track = Track.BOTH
    mentor_signup_opens = factory.LazyFunction(lambda: days(-5))
    mentor_signup_closes = factory.LazyFunction(lambda: days(5))
    actor_applications_open = factory.LazyFunction(lambda: days(-5))
    actor_applications_close = factory.LazyFunction(lambda: days(10))
    matching_date = factory.LazyFunction(lambda: days(20))
    kickoff_date = factory.LazyFunction(lambda: days(30))
    halfway_date = factory.LazyFunction(lambda: days(120))
    closing_date = factory.LazyFunction(lambda: days(200))
    end_date = factory.LazyFunction(lambda: days(210))

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create:
            for i, name in enumerate(extracted or ["Career options", "Leadership", "Startups"]):
                Topic.objects.create(programme=obj, name=name, order=i)
            programme_prepare(programme=obj)  # as the admin and the set-up pages do


class ActorApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorApplication

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    status = ApplicationStatus.ACCEPTED
    degree_level = DegreeLevel.MASTERS
    field_of_study = "Computer Science"
    school = "SCI"
    study_year = 1
    goals = "I want to understand my career options and grow my confidence."
    languages = factory.LazyFunction(lambda: ["en", "fi"])
    city = "Espoo"
    privacy_consent = True


class MentorApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorApplication

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    status = ApplicationStatus.ACCEPTED
    degree = "M.Sc. (Tech.)"
    degree_field = "Computer Science"
    graduation_year = 2010
    current_role = "Engineering Manager"
    employer = "Reaktor"
    industry = "technology"
    levels = MentorLevels.BOTH
    capacity = 2
    offer = "I have moved from engineering to management and like to talk about career options."
    languages = factory.LazyFunction(lambda: ["en", "fi"])
    city = "Helsinki"
    privacy_consent = True
