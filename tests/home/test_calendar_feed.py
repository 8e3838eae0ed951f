from __future__ import annotations

import pytest
from django.urls import reverse
from icalendar import Calendar

from mentorlab.accounts.models import CalendarFeed

pytestmark = pytest.mark.django_db


def test_person_creates_and_renews_a_secret_feed_address(as_user, actor, client):
    me = as_user(actor)
    assert "Create my feed address" in me.get(reverse("core:calendar_settings")).content.decode()
    me.post(reverse("core:calendar_renew"))
    first = CalendarFeed.objects.get(user=actor).token
    page = me.get(reverse("core:calendar_settings")).content.decode()
    assert f"/calendar/{first}.ics" in page

    response = client.get(reverse("core:calendar_feed", args=[first]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"

    me.post(reverse("core:calendar_renew"))
    second = CalendarFeed.objects.get(user=actor).token
    assert second != first
    assert client.get(reverse("core:calendar_feed", args=[first])).status_code == 404
    assert client.get(reverse("core:calendar_feed", args=[second])).status_code == 200


def test_unknown_feed_token_is_404(client):
    assert client.get(reverse("core:calendar_feed", args=["nope"])).status_code == 404


def test_calendar_settings_need_login(client):
    assert client.get(reverse("core:calendar_settings")).status_code == 302
