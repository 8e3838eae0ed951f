"""Check-in at the door: search as you type (htmx, and a plain form without JavaScript) and
a live "present / registered" count, for a kick-off of 120 and for 2,000."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.events import services
from mentorlab.events.models import Registration, RegistrationStatus
from mentorlab.events.views import CHECK_IN_SHOWN
from tests.performance.rows import rows_fetched

pytestmark = pytest.mark.django_db


def page(event, query: str = "") -> str:
    return reverse("events:check_in", args=[event.pk]) + query


def toggle(event, registration) -> str:
    return reverse("events:check_in_toggle", args=[event.pk, registration.pk])


def crowd(event, n: int) -> None:
    """`n` people registered for the event, in two statements."""
    people = User.objects.bulk_create(
        User(email=f"guest{i}@example.org", full_name=f"Guest {i:05d}") for i in range(n)
    )
    Registration.objects.bulk_create(
        Registration(
            event=event, user=u, status=RegistrationStatus.REGISTERED, queued_at=timezone.now()
        )
        for u in people
    )


def test_search_narrows_the_list_by_name_or_e_mail(as_user, coordinator, actor, other_actor, event):
    services.event_register(event=event, user=actor)
    services.event_register(event=event, user=other_actor)
    client = as_user(coordinator)
    body = client.get(page(event, "?q=aino")).content.decode()
    assert "Aino Actor" in body and "Bea Second" not in body
    assert 'value="aino"' in body  # the search box keeps what was typed
    body = client.get(page(event, "?q=actor2%40")).content.decode()
    assert "Bea Second" in body and "Aino Actor" not in body
    body = client.get(page(event, "?q=zzz")).content.decode()
    assert "Nobody registered matches the search." in body


def test_htmx_search_answers_with_the_list_alone(as_user, coordinator, actor, other_actor, event):
    services.event_register(event=event, user=actor)
    services.event_register(event=event, user=other_actor)
    response = as_user(coordinator).get(
        page(event, "?q=bea"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="check-in-list"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "Bea Second" in body and "Aino Actor" not in body
    assert "1 person found for “bea”." in body


def test_count_shows_present_of_registered_and_updates_when_someone_is_checked_in(
    as_user, coordinator, actor, other_actor, event
):
    mine = services.event_register(event=event, user=actor)
    services.event_register(event=event, user=other_actor)
    client = as_user(coordinator)
    body = client.get(page(event)).content.decode()
    assert 'aria-live="polite"' in body
    assert "0 present / 2 registered" in body
    response = client.post(toggle(event, mine), {"attended": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="check-in-count" hx-swap-oob="innerHTML"' in body
    assert "1 present / 2 registered" in body
    assert "1 present / 2 registered" in client.get(page(event)).content.decode()


def test_without_javascript_a_check_in_returns_to_the_same_search(
    as_user, coordinator, actor, event
):
    registration = services.event_register(event=event, user=actor)
    response = as_user(coordinator).post(toggle(event, registration), {"attended": "1", "q": "ai"})
    assert response["Location"] == page(event, "?q=ai")
    registration.refresh_from_db()
    assert registration.attended


def test_another_programmes_coordinator_cannot_search_the_list(
    as_user, other_coordinator, actor, event
):
    services.event_register(event=event, user=actor)
    assert as_user(other_coordinator).get(page(event, "?q=aino")).status_code == 404
    assert as_user(actor).get(page(event, "?q=aino")).status_code == 404


def test_a_2000_person_event_lists_one_screenful_and_finds_anyone(as_user, coordinator, event):
    crowd(event, 2000)
    client = as_user(coordinator)
    client.get(page(event))  # sessions and caches warm
    with rows_fetched() as rows:
        body = client.get(page(event)).content.decode()
    assert body.count('class="check-in-toggle') == CHECK_IN_SHOWN
    assert "0 present / 2000 registered" in body
    assert f"The first {CHECK_IN_SHOWN} are listed" in body
    assert rows.total < 300, rows.by_table()
    body = client.get(page(event, "?q=01999")).content.decode()
    assert "Guest 01999" in body
    assert body.count('class="check-in-toggle') == 1
