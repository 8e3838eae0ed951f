"""An agenda item's link is a path inside Mentorlab: the mentor who clicks it must never
land on another site."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.mentorships.models import AgendaItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "link", ["//evil.example/login", "/\\evil.example/login", "https://evil.example/"]
)
def test_agenda_link_to_another_site_is_refused(as_user, actor, meeting, link):
    url = reverse("mentorships:agenda_add", args=[meeting.pk])
    page = as_user(actor).post(url, {"title": "My CV", "link": link})
    assert "The link must be a path inside Mentorlab." in page.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_agenda_link_inside_mentorlab_is_kept(as_user, actor, meeting):
    url = reverse("mentorships:agenda_add", args=[meeting.pk])
    as_user(actor).post(url, {"title": "My plan", "link": "/toolkit/odyssey/"})
    assert AgendaItem.objects.get(meeting=meeting).link == "/toolkit/odyssey/"
