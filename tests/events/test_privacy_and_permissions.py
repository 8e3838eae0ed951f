from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.events import services
from mentorlab.events.models import Audience, EventStatus
from mentorlab.mentorships.models import Mentorship, MentorshipActor
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

NOTE = "Gluten-free, wheelchair access please"


def pages_for(event, group, programme):
    return [
        reverse("events:list"),
        reverse("events:detail", args=[event.pk]),
        reverse("events:registrations", args=[event.pk]),
        reverse("events:check_in", args=[event.pk]),
        reverse("events:manage", args=[programme.slug]),
        reverse("events:groups", args=[programme.slug]),
        reverse("events:group", args=[group.pk]),
        reverse("events:directory", args=[programme.slug]),
        reverse("core:home"),
    ]


def test_dietary_note_is_seen_by_coordinators_only(
    as_user, actor, other_actor, mentor, coordinator, event, group, programme
):
    services.event_register(event=event, user=actor, note=NOTE)
    services.event_register(event=event, user=other_actor)
    mentorship = Mentorship.objects.create(programme=programme, mentor=mentor)
    MentorshipActor.objects.create(mentorship=mentorship, actor=actor, programme=programme)
    for person in (other_actor, mentor):
        for url in pages_for(event, group, programme):
            response = as_user(person).get(url)
            assert NOTE not in response.content.decode(), (person, url)
    body = as_user(coordinator).get(reverse("events:registrations", args=[event.pk]))
    assert NOTE in body.content.decode()


@pytest.mark.parametrize("persona", ["actor", "mentor", "outsider", "other_coordinator"])
def test_coordinator_pages_are_404_for_everyone_else(
    request, as_user, persona, event, programme, group
):
    person = request.getfixturevalue(persona)
    registration_pk = 999
    urls = [
        ("get", reverse("events:registrations", args=[event.pk])),
        ("get", reverse("events:check_in", args=[event.pk])),
        ("post", reverse("events:check_in_toggle", args=[event.pk, registration_pk])),
        ("get", reverse("events:manage", args=[programme.slug])),
        ("get", reverse("events:create", args=[programme.slug])),
        ("get", reverse("events:edit", args=[programme.slug, event.pk])),
        ("post", reverse("events:publish", args=[event.pk])),
        ("post", reverse("events:cancel", args=[event.pk])),
        ("get", reverse("events:groups", args=[programme.slug])),
    ]
    client = as_user(person)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


@pytest.mark.parametrize("persona", ["outsider", "other_coordinator"])
def test_outsiders_cannot_see_events_groups_or_directory(
    request, as_user, persona, event, programme, group
):
    client = as_user(request.getfixturevalue(persona))
    for url in [
        reverse("events:detail", args=[event.pk]),
        reverse("events:ics", args=[event.pk]),
        reverse("events:group", args=[group.pk]),
        reverse("events:directory", args=[programme.slug]),
        reverse("events:directory_me", args=[programme.slug]),
    ]:
        assert client.get(url).status_code == 404, url
    assert "Networking evening" not in client.get(reverse("events:list")).content.decode()


def test_anonymous_is_sent_to_sign_in(client, event, programme, group):
    for url in [
        reverse("events:list"),
        reverse("events:detail", args=[event.pk]),
        reverse("events:group", args=[group.pk]),
        reverse("events:directory", args=[programme.slug]),
        reverse("events:manage", args=[programme.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_audience_decides_who_sees_an_event(as_user, actor, mentor, coordinator, programme):
    students = EventFactory(programme=programme, title="Student briefing", audience=Audience.ACTORS)
    mentors = EventFactory(programme=programme, title="Mentor briefing", audience=Audience.MENTORS)
    actor_list = as_user(actor).get(reverse("events:list")).content.decode()
    mentor_list = as_user(mentor).get(reverse("events:list")).content.decode()
    coord_list = as_user(coordinator).get(reverse("events:list")).content.decode()
    assert "Student briefing" in actor_list and "Mentor briefing" not in actor_list
    assert "Mentor briefing" in mentor_list and "Student briefing" not in mentor_list
    assert "Student briefing" in coord_list and "Mentor briefing" in coord_list
    assert as_user(actor).get(reverse("events:detail", args=[mentors.pk])).status_code == 404
    assert as_user(mentor).get(reverse("events:detail", args=[students.pk])).status_code == 404


def test_applicant_not_yet_accepted_sees_no_events(as_user, programme, event):
    from tests.factories import ActorApplicationFactory

    pending = ActorApplicationFactory(programme=programme, status="submitted").user
    assert as_user(pending).get(reverse("events:detail", args=[event.pk])).status_code == 404
