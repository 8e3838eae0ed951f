from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from mentorlab.events import services
from mentorlab.events.models import Audience, EventStatus, Registration, RegistrationStatus
from tests.events.factories import EventFactory, in_hours

pytestmark = pytest.mark.django_db


def detail(event):
    return reverse("events:detail", args=[event.pk])


def test_actor_registers_from_the_event_page(as_user, actor, event):
    response = as_user(actor).post(detail(event), {"note": ""}, follow=True)
    assert "You are registered" in response.content.decode()
    assert Registration.objects.get(event=event, user=actor).status == "registered"


def test_second_person_goes_to_waitlist_when_full(as_user, actor, other_actor, small_event):
    as_user(actor).post(detail(small_event), {"note": ""})
    response = as_user(other_actor).post(detail(small_event), {"note": ""}, follow=True)
    assert "you are on the waitlist" in response.content.decode()
    assert Registration.objects.get(user=other_actor).status == RegistrationStatus.WAITLISTED
    assert small_event.registrations.filter(status="registered").count() == 1


def test_cancelling_promotes_first_on_waitlist_and_emails_them(
    as_user, actor, other_actor, mentor, small_event, django_capture_on_commit_callbacks
):
    first = services.event_register(event=small_event, user=actor)
    services.event_register(event=small_event, user=other_actor)
    services.event_register(event=small_event, user=mentor)
    mail.outbox.clear()  # the registration receipts are another test's
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(actor).post(reverse("events:registration_cancel", args=[small_event.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(user=other_actor).status == RegistrationStatus.REGISTERED
    assert Registration.objects.get(user=mentor).status == RegistrationStatus.WAITLISTED
    assert [m.to[0] for m in mail.outbox] == [other_actor.email]
    assert "A seat freed up" in mail.outbox[0].subject


def test_leaving_the_waitlist_promotes_nobody(actor, other_actor, mentor, small_event):
    services.event_register(event=small_event, user=actor)
    waiting = services.event_register(event=small_event, user=other_actor)
    services.event_register(event=small_event, user=mentor)
    services.registration_cancel(registration=waiting, by=other_actor)
    assert Registration.objects.get(user=mentor).status == RegistrationStatus.WAITLISTED


def test_registering_twice_is_refused(as_user, actor, event):
    services.event_register(event=event, user=actor)
    response = as_user(actor).post(detail(event), {"note": "again"})
    assert "You are already registered for this event." in response.content.decode()
    with pytest.raises(Exception, match="already registered"):
        services.event_register(event=event, user=actor)
    assert Registration.objects.filter(event=event, user=actor).count() == 1
    assert Registration.objects.get().note == ""


def test_registration_after_deadline_is_refused_with_message(actor, programme):
    event = EventFactory(programme=programme, registration_deadline=in_hours(-1))
    with pytest.raises(Exception, match="Registration closed on"):
        services.event_register(event=event, user=actor)
    assert not Registration.objects.exists()


def test_deadline_message_shown_on_the_page(as_user, actor, programme):
    event = EventFactory(programme=programme, registration_deadline=in_hours(-1))
    body = as_user(actor).get(detail(event)).content.decode()
    assert "Registration is closed" in body
    as_user(actor).post(detail(event), {"note": ""})
    assert not Registration.objects.exists()


def test_mentor_cannot_register_for_a_students_only_event(as_user, mentor, programme):
    event = EventFactory(programme=programme, audience=Audience.ACTORS)
    with pytest.raises(Exception, match="not meant for your role"):
        services.event_register(event=event, user=mentor)
    assert as_user(mentor).get(detail(event)).status_code == 404


def test_actor_cannot_register_for_a_mentors_only_event(actor, programme):
    event = EventFactory(programme=programme, audience=Audience.MENTORS)
    with pytest.raises(Exception, match="not meant for your role"):
        services.event_register(event=event, user=actor)


def test_registration_to_cancelled_event_is_refused(as_user, actor, programme):
    event = EventFactory(programme=programme, status=EventStatus.CANCELLED)
    with pytest.raises(Exception, match="has been cancelled"):
        services.event_register(event=event, user=actor)
    body = as_user(actor).get(detail(event)).content.decode()
    assert "This event has been cancelled" in body


def test_cancelling_event_emails_registered_and_waiting_people(
    as_user, coordinator, actor, other_actor, small_event, django_capture_on_commit_callbacks
):
    services.event_register(event=small_event, user=actor)
    services.event_register(event=small_event, user=other_actor)
    mail.outbox.clear()  # the registration receipts are another test's
    with django_capture_on_commit_callbacks(execute=True):
        as_user(coordinator).post(reverse("events:cancel", args=[small_event.pk]))
    small_event.refresh_from_db()
    assert small_event.status == EventStatus.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([actor.email, other_actor.email])
    assert all(m.subject.startswith("Cancelled: Sauna talk") for m in mail.outbox)


def test_moving_the_event_emails_registrants(
    as_user, coordinator, actor, event, django_capture_on_commit_callbacks
):
    services.event_register(event=event, user=actor)
    mail.outbox.clear()  # the registration receipts are another test's
    form = {
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "starts_at": "2031-05-05T17:00",
        "ends_at": "2031-05-05T19:00",
        "place": "Otaniemi library",
        "audience": "everyone",
        "reminder_hours": 24,
    }
    url = reverse("events:edit", args=[event.programme.slug, event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(coordinator).post(url, form)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.place == "Otaniemi library"
    assert event.sequence == 1
    assert [m.to[0] for m in mail.outbox] == [actor.email]
    assert "Otaniemi library" in mail.outbox[0].body


def _parsed(message):
    from email import message_from_bytes
    from email.policy import default

    return message_from_bytes(message.message().as_bytes(), policy=default)


def test_registering_mails_a_receipt_with_the_calendar_link(as_user, actor, event, programme):
    as_user(actor).post(detail(event), {"note": ""})
    (message,) = mail.outbox
    parsed = _parsed(message)
    assert parsed["To"] == actor.email
    assert parsed["Subject"] == f"You are registered for {event.title}"
    text = parsed.get_body(("plain",)).get_content()
    assert "You have a seat at this event" in text
    assert f"http://testserver/events/{event.pk}/" in text or f"/events/{event.pk}/" in text
    assert f"/events/{event.pk}/event.ics" in text
    assert parsed["Reply-To"] == ", ".join(programme.reply_to())


def test_waitlisted_person_is_told_and_told_again_when_promoted(
    as_user, actor, other_actor, small_event
):
    services.event_register(event=small_event, user=actor)
    mail.outbox.clear()
    as_user(other_actor).post(detail(small_event), {"note": ""})
    (waiting,) = mail.outbox
    assert _parsed(waiting)["Subject"] == f"You are on the waitlist for {small_event.title}"
    assert "you are on the waitlist" in waiting.body
    assert "event.ics" not in waiting.body
    mail.outbox.clear()
    services.registration_cancel(
        registration=Registration.objects.get(user=actor, event=small_event), by=actor
    )
    (promoted,) = mail.outbox
    assert promoted.to == [other_actor.email]
    assert "A seat freed up" in _parsed(promoted)["Subject"]


def test_a_refused_registration_sends_nothing(as_user, actor, event):
    services.event_register(event=event, user=actor)
    mail.outbox.clear()
    as_user(actor).post(detail(event), {"note": "again"})
    assert mail.outbox == []
