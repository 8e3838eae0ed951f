"""The event page and the registration service share one rule (`registration_blocker`), and
raising an event's capacity moves people up from the waitlist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.timezone import make_aware

from mentorlab.events import selectors, services
from mentorlab.events.models import EventStatus, Registration, RegistrationStatus
from tests.events.factories import EventFactory, in_hours

pytestmark = pytest.mark.django_db


def detail(event):
    return reverse("events:detail", args=[event.pk])


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"registration_deadline": in_hours(-1)}, "Registration closed on"),
        ({"status": EventStatus.CANCELLED}, "This event has been cancelled."),
    ],
)
def test_the_page_offers_no_button_the_service_would_refuse(
    as_user, actor, programme, changes, reason
):
    event = EventFactory(programme=programme, **changes)
    blocker = selectors.registration_blocker(event, actor)
    assert blocker is not None and reason in blocker
    with pytest.raises(Exception, match=reason):
        services.event_register(event=event, user=actor)
    body = as_user(actor).get(detail(event)).content.decode()
    assert "Registration is closed." in body
    assert reason in body
    assert ">Register</button>" not in body


def test_an_open_event_has_no_blocker_and_offers_the_button(as_user, actor, event):
    assert selectors.registration_blocker(event, actor) is None
    assert ">Register</button>" in as_user(actor).get(detail(event)).content.decode()


def test_cancelling_a_registration_has_its_own_address(as_user, actor, event):
    services.event_register(event=event, user=actor)
    response = as_user(actor).post(
        reverse("events:registration_cancel", args=[event.pk]), follow=True
    )
    assert "Your registration has been cancelled." in response.content.decode()
    assert Registration.objects.get(user=actor).status == RegistrationStatus.CANCELLED
    assert (
        as_user(actor).get(reverse("events:registration_cancel", args=[event.pk])).status_code
        == 405
    )


def test_raising_the_capacity_promotes_the_waitlist_in_order_and_emails_them(
    as_user, coordinator, actor, other_actor, mentor, programme, django_capture_on_commit_callbacks
):
    small_event = EventFactory(
        programme=programme,
        title="Sauna talk",
        capacity=1,
        starts_at=make_aware(dt.datetime(2031, 5, 5, 17, 0)),
        ends_at=make_aware(dt.datetime(2031, 5, 5, 19, 0)),
    )
    services.event_register(event=small_event, user=actor)
    services.event_register(event=small_event, user=other_actor)
    services.event_register(event=small_event, user=mentor)
    mail.outbox.clear()  # the registration receipts are another test's
    form = {
        "kind": small_event.kind,
        "title": small_event.title,
        "description": small_event.description,
        "starts_at": "2031-05-05T17:00",
        "ends_at": "2031-05-05T19:00",
        "place": small_event.place,
        "audience": "everyone",
        "capacity": 2,
        "reminder_hours": 24,
    }
    url = reverse("events:edit", args=[small_event.programme.slug, small_event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(coordinator).post(url, form)
    assert response.status_code == 302
    assert Registration.objects.get(user=other_actor).status == RegistrationStatus.REGISTERED
    assert Registration.objects.get(user=mentor).status == RegistrationStatus.WAITLISTED
    assert [m.to[0] for m in mail.outbox] == [other_actor.email]
    assert "A seat freed up" in mail.outbox[0].subject
    page = as_user(other_actor).get(detail(small_event)).content.decode()
    assert "You are registered." in page


@pytest.mark.parametrize("persona", ["actor", "mentor", "outsider", "other_coordinator"])
def test_the_group_actions_are_404_for_everyone_but_coordinators(
    request, as_user, persona, programme, group
):
    client = as_user(request.getfixturevalue(persona))
    was_published = group.is_published
    for name, args in [
        ("events:groups_propose", [programme.slug]),
        ("events:group_create", [programme.slug]),
        ("events:group_member_move", [programme.slug]),
        ("events:group_publish", [programme.slug, group.pk]),
        ("events:group_unpublish", [programme.slug, group.pk]),
        ("events:group_delete", [programme.slug, group.pk]),
    ]:
        assert client.post(reverse(name, args=args), {"name": "X"}).status_code == 404, name
    group.refresh_from_db()
    assert group.is_published == was_published


def test_coordinator_creates_hides_and_removes_a_group(as_user, coordinator, programme):
    client = as_user(coordinator)
    response = client.post(reverse("events:group_create", args=[programme.slug]), {"name": ""})
    assert response.status_code == 200
    assert "Give the group a name." in response.content.decode()
    response = client.post(
        reverse("events:group_create", args=[programme.slug]),
        {"name": "Makers", "theme": "hardware"},
        follow=True,
    )
    assert "The group has been created." in response.content.decode()
    made = programme.peer_groups.get(name="Makers")
    made.is_published = True
    made.save()
    response = client.post(
        reverse("events:group_unpublish", args=[programme.slug, made.pk]), follow=True
    )
    assert "Makers is hidden again." in response.content.decode()
    response = client.post(
        reverse("events:group_delete", args=[programme.slug, made.pk]), follow=True
    )
    assert "The group has been removed." in response.content.decode()
    assert not programme.peer_groups.filter(name="Makers").exists()
