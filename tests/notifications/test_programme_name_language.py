"""A notification names the programme in its recipient's language, whoever caused it and
whatever language their page was in."""

from __future__ import annotations

import pytest
from django.utils import translation

from mentorlab.matching.notices import matches_published
from mentorlab.mentorships.models import Mentorship, MentorshipActor
from mentorlab.notifications.models import Notification
from tests.factories import ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_match_notice_names_the_programme_in_each_recipients_language() -> None:
    programme = ProgrammeFactory(
        name_en="Mentoring 2027", name_fi="Mentorointi 2027", name_sv="Mentorskap 2027"
    )
    student = UserFactory(language="fi")
    mentor = UserFactory(language="sv")
    mentorship = Mentorship.objects.create(programme=programme, mentor=mentor)
    MentorshipActor.objects.create(mentorship=mentorship, actor=student, programme=programme)

    with translation.override("en"):  # the coordinator publishes in English
        matches_published([mentorship], programme=programme)

    assert "Mentorointi 2027" in Notification.objects.get(user=student).text
    assert "Mentorskap 2027" in Notification.objects.get(user=mentor).text
    assert not Notification.objects.filter(text__contains="Mentoring 2027").exists()
