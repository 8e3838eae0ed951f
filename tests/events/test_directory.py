from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.events.models import DirectoryEntry
from mentorlab.programmes.models import Topic

pytestmark = pytest.mark.django_db


def join(client, programme, **changes):
    topic = Topic.objects.get(programme=programme, name="Startups")
    data = {
        "field": "Product management",
        "industry": "technology",
        "topics": [topic.pk],
        "languages": ["fi", "en"],
        "intro": "Happy to talk about moving from code to product.",
        "contact_email": "",
    }
    data.update(changes)
    return client.post(reverse("events:directory_me", args=[programme.slug]), data)


def test_opted_in_person_is_found_by_topic_industry_and_language(as_user, mentor, actor, programme):
    join(as_user(mentor), programme)
    url = reverse("events:directory", args=[programme.slug])
    startups = Topic.objects.get(programme=programme, name="Startups")
    leadership = Topic.objects.get(programme=programme, name="Leadership")
    client = as_user(actor)
    assert "Maija Mentor" in client.get(url).content.decode()
    assert "Maija Mentor" in client.get(url, {"topic": startups.pk}).content.decode()
    assert "Maija Mentor" not in client.get(url, {"topic": leadership.pk}).content.decode()
    assert "Maija Mentor" not in client.get(url, {"industry": "finance"}).content.decode()
    assert "Maija Mentor" in client.get(url, {"language": "fi"}).content.decode()
    assert "Maija Mentor" not in client.get(url, {"language": "sv"}).content.decode()
    assert "Maija Mentor" in client.get(url, {"q": "product"}).content.decode()


def test_email_is_shown_only_when_the_person_chooses(as_user, mentor, actor, programme):
    url = reverse("events:directory", args=[programme.slug])
    join(as_user(mentor), programme)
    assert mentor.email not in as_user(actor).get(url).content.decode()
    join(as_user(mentor), programme, contact_email="maija.work@example.com")
    body = as_user(actor).get(url).content.decode()
    assert "maija.work@example.com" in body
    assert mentor.email not in body


def test_people_who_did_not_opt_in_are_not_listed(as_user, actor, mentor, programme):
    body = as_user(actor).get(reverse("events:directory", args=[programme.slug])).content.decode()
    assert "Maija Mentor" not in body


def test_opting_out_removes_the_person_at_once(as_user, mentor, actor, programme):
    join(as_user(mentor), programme)
    as_user(mentor).post(reverse("events:directory_remove", args=[programme.slug]))
    assert not DirectoryEntry.objects.exists()
    body = as_user(actor).get(reverse("events:directory", args=[programme.slug])).content.decode()
    assert "Maija Mentor" not in body


def test_bad_contact_email_is_refused_and_input_kept(as_user, mentor, programme):
    response = join(as_user(mentor), programme, contact_email="not-an-email")
    body = response.content.decode()
    assert response.status_code == 200
    assert "valid email" in body
    assert "Happy to talk about moving from code to product." in body
    assert not DirectoryEntry.objects.exists()


def test_a_withdrawn_participant_leaves_the_directory(as_user, mentor, actor, programme):
    join(as_user(mentor), programme)
    url = reverse("events:directory", args=[programme.slug])
    assert "Maija Mentor" in as_user(actor).get(url).content.decode()
    application = mentor.mentor_applications.get()
    application.status = "withdrawn"
    application.save()
    assert "Maija Mentor" not in as_user(actor).get(url).content.decode()


def test_removing_oneself_from_the_directory_needs_a_post(as_user, mentor, programme):
    join(as_user(mentor), programme)
    response = as_user(mentor).get(reverse("events:directory_remove", args=[programme.slug]))
    assert response.status_code == 405
    assert DirectoryEntry.objects.exists()
