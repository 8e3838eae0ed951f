"""Notifications in the app, preferences, one-click unsubscribe and digests."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from mentorlab.mentorships import services as mentorships
from mentorlab.mentorships.models import Goal, Visibility
from mentorlab.notifications import services
from mentorlab.notifications.models import Notification, NotificationPreference
from tests.mentorships.conftest import soon
from tests.mentorships.test_agreement_and_goals import AGREEMENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(programme, actor, mentor):
    return mentorships.mentorship_create(programme=programme, mentor=mentor, actors=[actor])


def book(pair, by):
    return mentorships.meeting_schedule(
        mentorship=pair, by=by, start=soon(), end=soon() + dt.timedelta(hours=1), mode="on_site"
    )


def shared_goal(pair, actor):
    return Goal.objects.create(
        mentorship=pair, owner=actor, title="Find a thesis topic", visibility=Visibility.SHARED
    )


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_booking_a_meeting_notifies_the_other_participant_in_the_app_and_by_mail(
    pair, actor, mentor
):
    meeting = book(pair, actor)

    notification = Notification.objects.get(user=mentor)
    assert notification.text.startswith("Aino booked a meeting on")
    assert notification.url == reverse("mentorships:meeting", args=[meeting.pk])
    assert not Notification.objects.filter(user=actor).exists()
    [sent] = mails_to(mentor)
    assert sent.subject.startswith("Mentoring meeting on")
    assert "booked a meeting with you" in sent.body
    assert sent.reply_to == [actor.email]
    link = re.search(r"<(.+)>", sent.extra_headers["List-Unsubscribe"]).group(1)
    assert "/notifications/unsubscribe/meeting/" in link
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in sent.body


def test_moving_and_cancelling_a_meeting_notify_the_other_participant(pair, actor, mentor):
    meeting = book(pair, actor)
    mentorships.meeting_update(
        meeting=meeting,
        by=mentor,
        start=soon(4),
        end=soon(4) + dt.timedelta(hours=1),
        mode="online",
    )
    mentorships.meeting_set_status(meeting=meeting, by=mentor, status="cancelled")

    texts = list(Notification.objects.filter(user=actor).values_list("text", flat=True))
    assert [t.split(" the meeting")[0] for t in texts] == [
        "Maija cancelled",
        "Maija changed",
    ]


def test_a_goal_comment_and_an_agreement_draft_notify_the_pair(pair, actor, mentor, as_user):
    goal = shared_goal(pair, actor)
    mentorships.goal_comment_add(goal=goal, by=mentor, text="Nice")
    as_user(actor).post(reverse("mentorships:agreement", args=[pair.pk]), AGREEMENT)

    assert list(Notification.objects.filter(user=actor).values_list("text", flat=True)) == [
        "Maija commented on the goal “Find a thesis topic”."
    ]
    assert Notification.objects.filter(user=mentor, kind="agreement").exists()


def test_the_bell_shows_the_unread_count_on_every_page(pair, actor, mentor, as_user):
    book(pair, actor)
    book(pair, actor)
    page = as_user(mentor).get(reverse("events:list")).content.decode()
    assert 'aria-label="Notifications: 2 unread"' in page
    page = as_user(actor).get(reverse("events:list")).content.decode()
    assert 'aria-label="Notifications: 0 unread"' in page


def test_the_bell_costs_one_query(pair, actor, mentor, rf, django_assert_num_queries):
    from mentorlab.notifications.context_processors import bell

    book(pair, actor)
    request = rf.get("/")
    request.user = mentor
    with django_assert_num_queries(1):
        assert bell(request)["unread_notifications"] == 1


def test_opening_a_notification_marks_it_read_and_goes_to_the_thing(pair, actor, mentor, as_user):
    meeting = book(pair, actor)
    notification = Notification.objects.get(user=mentor)
    client = as_user(mentor)
    url = reverse("notifications:open", args=[notification.pk])

    assert client.get(url).status_code == 405  # no writes on GET
    notification.refresh_from_db()
    assert notification.read_at is None

    response = client.post(url)
    assert response.url == reverse("mentorships:meeting", args=[meeting.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_opens_another_persons_notification(pair, actor, mentor, coordinator, as_user):
    book(pair, actor)
    notification = Notification.objects.get(user=mentor)
    for user in (actor, coordinator):
        url = reverse("notifications:open", args=[notification.pk])
        assert as_user(user).post(url).status_code == 404
    assert as_user(None).get(reverse("notifications:list")).status_code == 302


def test_the_notifications_page_lists_newest_first_in_pages(pair, actor, mentor, as_user):
    for n in range(30):
        Notification.objects.create(user=mentor, kind="meeting", text=f"Item {n:02}")
    client = as_user(mentor)
    first = client.get(reverse("notifications:list")).content.decode()
    assert first.index("Item 29") < first.index("Item 28")
    assert "Item 04" not in first
    assert "Item 04" in client.get(reverse("notifications:list") + "?page=2").content.decode()
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(user=mentor, read_at__isnull=True).exists()


def test_unsubscribe_works_without_signing_in_and_stops_exactly_that_kind(pair, actor, mentor):
    link = services.unsubscribe_url(user=mentor, kind="meeting")
    path = link.split("testserver")[-1] if "testserver" in link else link[link.index("/notif") :]
    anonymous = Client(enforce_csrf_checks=True)

    page = anonymous.get(path)
    assert page.status_code == 200
    assert "Meetings booked, moved or cancelled" in page.content.decode()
    assert not NotificationPreference.objects.exists()  # a GET changes nothing

    # RFC 8058: the mail client POSTs without a session or a CSRF token.
    done = anonymous.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    mail.outbox.clear()

    book(pair, actor)
    mentorships.goal_comment_add(goal=shared_goal(pair, mentor), by=actor, text="Good")
    assert Notification.objects.filter(user=mentor).count() == 2  # still in the app
    [only] = mails_to(mentor)
    assert "commented on the goal" in only.subject


@pytest.mark.parametrize("broken", ["forged", "other-kind", "expired"])
def test_a_forged_or_expired_unsubscribe_link_changes_nothing(broken, mentor, monkeypatch):
    token = services.unsubscribe_token(user=mentor, kind="goal_comment")
    kind = "meeting" if broken == "other-kind" else "goal_comment"
    if broken == "forged":
        token = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    if broken == "expired":
        monkeypatch.setattr(services, "UNSUBSCRIBE_MAX_AGE", dt.timedelta(seconds=-1))
    path = reverse("notifications:unsubscribe", args=[kind, token])

    response = Client().post(path)

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_preferences_page_saves_choices_and_explains_required_mail(mentor, as_user):
    client = as_user(mentor)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Agreement to confirm" in page and "mentorship starts only when" in page
    assert "Your match" in page

    client.post(reverse("notifications:preferences"), {"meeting": "weekly"})
    assert NotificationPreference.objects.get(user=mentor, kind="meeting").delivery == "weekly"

    client.post(reverse("notifications:preferences"), {"meeting": "hourly"})
    assert NotificationPreference.objects.get(user=mentor, kind="meeting").delivery == "weekly"


def test_a_required_kind_is_mailed_whatever_the_preference(pair, actor, mentor, as_user):
    with pytest.raises(ValueError):
        services.preference_set(user=mentor, kind="agreement", delivery="app")
    as_user(actor).post(reverse("mentorships:agreement", args=[pair.pk]), AGREEMENT)
    assert len(mails_to(mentor)) == 1
    assert "List-Unsubscribe" not in mails_to(mentor)[0].extra_headers


def test_the_daily_digest_groups_what_happened_and_is_sent_once(pair, actor, mentor):
    services.preference_set(user=mentor, kind="meeting", delivery="daily")
    services.preference_set(user=mentor, kind="goal_comment", delivery="daily")
    book(pair, actor)
    mentorships.goal_comment_add(goal=shared_goal(pair, mentor), by=actor, text="Good")
    assert mails_to(mentor) == []

    call_command("send_digests", stdout=None)
    call_command("send_digests", stdout=None)

    [digest] = mails_to(mentor)
    assert digest.subject == "Your day in Mentorlab"
    assert "booked a meeting" in digest.body
    assert "commented on the goal" in digest.body
    assert mails_to(actor) == [m for m in mail.outbox if m.to == [actor.email]]
    assert not Notification.objects.filter(user=mentor, digested_at__isnull=True).exists()


def test_the_weekly_digest_waits_until_its_oldest_item_is_a_week_old(pair, actor, mentor):
    services.preference_set(user=mentor, kind="meeting", delivery="weekly")
    book(pair, actor)
    assert services.digests_send() == 0
    assert services.digests_send(now=timezone.now() + dt.timedelta(days=7, minutes=1)) == 1
    assert "booked a meeting" in mails_to(mentor)[0].body


def test_in_the_app_only_sends_no_mail(pair, actor, mentor):
    services.preference_set(user=mentor, kind="meeting", delivery="app")
    book(pair, actor)
    assert services.digests_send(now=timezone.now() + dt.timedelta(days=30)) == 0
    assert mails_to(mentor) == []
    assert Notification.objects.filter(user=mentor).count() == 1


def test_a_message_notifies_the_others_and_in_the_app_only_stops_its_unread_mail(
    pair, actor, mentor, django_capture_on_commit_callbacks
):
    from mentorlab.conversations import reminders
    from mentorlab.conversations import services as conversations
    from mentorlab.conversations.models import Message

    conversations.message_post(by=actor, kind="mentorship", owner_id=pair.pk, text="Hi")
    [notification] = Notification.objects.filter(user=mentor)
    assert notification.text == "Aino sent you a message."
    assert notification.url == f"/conversations/mentorship/{pair.pk}/#latest"
    assert mails_to(mentor) == []  # mailed only if it stays unread a while

    Message.objects.update(created_at=timezone.now() - dt.timedelta(minutes=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(timezone.now()) == 1
    [unread] = mails_to(mentor)
    assert unread.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/conversation_unread/" in unread.body

    mail.outbox.clear()
    services.preference_set(user=actor, kind="conversation_unread", delivery="app")
    conversations.message_post(by=mentor, kind="mentorship", owner_id=pair.pk, text="Hello")
    Message.objects.update(created_at=timezone.now() - dt.timedelta(minutes=31))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due(timezone.now())
    assert mails_to(actor) == []
    assert Notification.objects.filter(user=actor).count() == 1


def test_the_demo_has_notifications_for_the_demo_student_and_mentor():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    # The bell's own demo; the coordinator's announcement (and a nudge) come on top.
    outreach = ["announcement", "nudge"]
    actor = Notification.objects.filter(user__email="actor@demo.mentorlab.fi")
    assert actor.exclude(kind__in=outreach).count() == 3
    assert actor.exclude(kind__in=outreach).filter(read_at__isnull=True).count() == 2
    assert actor.filter(kind="announcement").count() == 1
    mentor = Notification.objects.filter(user__email="mentor@demo.mentorlab.fi")
    assert mentor.exclude(kind__in=outreach).count() == 1


def test_a_meeting_notice_writes_the_time_in_each_readers_own_format(pair, actor, mentor):
    mentor.language = "fi"
    mentor.save(update_fields=["language"])
    meeting = book(pair, actor)
    local = timezone.localtime(meeting.start)

    text = Notification.objects.get(user=mentor).text
    with translation.override("fi"):
        assert formats.date_format(local, "DATETIME_FORMAT") in text
    with translation.override("en"):
        assert formats.date_format(local, "DATETIME_FORMAT") not in text


# --- read when seen (issue 12: "marked read when opened") -----------------------------------
def test_opening_a_notifications_target_directly_marks_it_read_and_updates_the_bell(
    pair, actor, mentor, as_user
):
    """From a mail link or by browsing: the page's bell posts what was seen once loaded."""
    meeting = book(pair, actor)
    other = book(pair, actor)
    client = as_user(mentor)
    target = reverse("mentorships:meeting", args=[meeting.pk])
    page = client.get(target).content.decode()
    assert 'aria-label="Notifications: 2 unread"' in page
    assert f'hx-post="{reverse("notifications:seen")}"' in page
    assert f'name="path" value="{target}"' in page
    assert client.get(reverse("notifications:seen")).status_code == 405  # no writes on GET

    bell = client.post(reverse("notifications:seen"), {"path": target}).content.decode()
    assert 'aria-label="Notifications: 1 unread"' in bell
    assert "hx-post" not in bell  # the swapped-in bell does not post again
    assert Notification.objects.get(url=target).read_at is not None
    other_target = reverse("mentorships:meeting", args=[other.pk])
    assert Notification.objects.get(url=other_target).read_at is None


def test_seeing_a_page_marks_only_ones_own_notifications_read(pair, actor, mentor, as_user):
    meeting = book(pair, actor)
    target = reverse("mentorships:meeting", args=[meeting.pk])
    as_user(actor).post(reverse("notifications:seen"), {"path": target})
    assert Notification.objects.get(user=mentor).read_at is None
    # A page with nothing unread does not post at all.
    page = as_user(actor).get(target).content.decode()
    assert "notifications/seen/" not in page


def test_reading_a_conversation_marks_its_message_notifications_read(pair, actor, mentor, as_user):
    from mentorlab.conversations import services as conversations

    first = conversations.message_post(by=actor, kind="mentorship", owner_id=pair.pk, text="1")
    conversations.message_post(by=actor, kind="mentorship", owner_id=pair.pk, text="2")
    book(pair, actor)
    assert Notification.objects.filter(user=mentor, read_at__isnull=True).count() == 3
    client = as_user(mentor)
    thread = reverse("conversations:thread", args=["mentorship", pair.pk])
    # The reader's page showed the first message only (the second came later).
    client.post(reverse("conversations:read", args=["mentorship", pair.pk]), {"up_to": first.pk})
    unread = Notification.objects.filter(user=mentor, read_at__isnull=True)
    assert unread.count() == 2
    client.post(
        reverse("conversations:read", args=["mentorship", pair.pk]), {"up_to": first.pk + 1}
    )
    assert [n.kind for n in unread] == ["meeting"]
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'aria-label="Notifications: 1 unread"' in page
    assert thread
