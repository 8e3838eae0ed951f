"""Announcements: exactly the right recipients by audience, track and pair state; a preview
sends nothing; sending mails each recipient once through the outbox and notifies them in
the app; the archive shows each person what was addressed to them, coordinators all."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentorlab.audit.models import Action, AuditEntry
from mentorlab.conversations import announcements
from mentorlab.conversations.announcements import Choice
from mentorlab.conversations.models import Announcement
from mentorlab.mentorships import services as mentorship_services
from mentorlab.mentorships.models import Meeting, MeetingStatus, Mentorship
from mentorlab.notifications.models import MailState, Notification, OutboxMail
from mentorlab.notifications.services import preference_set
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel, MentorLevels
from tests.factories import ActorApplicationFactory, MentorApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(programme, actor, mentor, other_actor, other_mentor):
    """Two pairs (the first new and quiet, the second agreed and meeting), an unmatched
    doctoral student and mentor, and a waitlisted student who is not in the programme."""
    pair = mentorship_services.mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    other = mentorship_services.mentorship_create(
        programme=programme, mentor=other_mentor, actors=[other_actor]
    )
    Mentorship.objects.filter(pk=other.pk).update(state="active", agreed_at=timezone.now())
    Meeting.objects.create(mentorship=other, start=timezone.now(), status=MeetingStatus.HELD)
    doc_student = UserFactory(email="doc@example.org", full_name="Dora Doctoral")
    ActorApplicationFactory(
        programme=programme, user=doc_student, degree_level=DegreeLevel.DOCTORAL
    )
    doc_mentor = UserFactory(email="docmentor@example.org", full_name="Dan Docmentor")
    MentorApplicationFactory(programme=programme, user=doc_mentor, levels=MentorLevels.DOCTORAL)
    waiting = UserFactory(email="waiting@example.org", full_name="Wilma Waiting")
    ActorApplicationFactory(programme=programme, user=waiting, status=ApplicationStatus.WAITLISTED)
    mail.outbox.clear()
    return {
        "pair": pair,
        "doc_student": doc_student,
        "doc_mentor": doc_mentor,
        "waiting": waiting,
    }


def names(programme, choice: Choice) -> list[str]:
    return [u.full_name for u in announcements.announcement_recipients(programme, choice)]


ALL = ["Aino Actor", "Bea Second", "Dora Doctoral", "Maija Mentor", "Niko Othermentor"]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (Choice("both"), sorted([*ALL, "Dan Docmentor"])),
        (Choice("actors"), ["Aino Actor", "Bea Second", "Dora Doctoral"]),
        (Choice("mentors"), ["Dan Docmentor", "Maija Mentor", "Niko Othermentor"]),
        (
            Choice("both", track="doctoral"),
            ["Dan Docmentor", "Dora Doctoral", "Maija Mentor", "Niko Othermentor"],
        ),
        (Choice("mentors", track="masters"), ["Maija Mentor", "Niko Othermentor"]),
        (
            Choice("both", pair_state="matched"),
            ["Aino Actor", "Bea Second", "Maija Mentor", "Niko Othermentor"],
        ),
        (Choice("both", pair_state="unmatched"), ["Dan Docmentor", "Dora Doctoral"]),
        (Choice("both", pair_state="no_agreement"), ["Aino Actor", "Maija Mentor"]),
        (Choice("actors", pair_state="no_meeting"), ["Aino Actor"]),
        (Choice("actors", track="doctoral", pair_state="matched"), []),
    ],
)
def test_recipients_are_exactly_the_chosen_people(programme, cohort, choice, expected):
    assert names(programme, choice) == expected


def test_pairs_that_need_attention_are_the_coordinators_flagged_pairs(programme, cohort):
    assert names(programme, Choice("both", pair_state="attention")) == []
    Mentorship.objects.filter(pk=cohort["pair"].pk).update(
        introduced_at=timezone.now() - dt.timedelta(weeks=4)
    )
    assert names(programme, Choice("both", pair_state="attention")) == [
        "Aino Actor",
        "Maija Mentor",
    ]


def test_erased_or_inactive_accounts_get_nothing(programme, cohort):
    cohort["doc_student"].is_active = False
    cohort["doc_student"].save()
    assert "Dora Doctoral" not in names(programme, Choice("actors"))


# --- compose, preview, send ---------------------------------------------------------------
def form(**overrides):
    data = {
        "subject": "Kick-off on Thursday",
        "body": "See you at **Dipoli** at 17.\n\n<script>alert(1)</script>",
        "audience": "mentors",
        "track": "",
        "pair_state": "",
        "token": str(uuid.uuid4()),
    }
    return data | overrides


def new_url(programme) -> str:
    return reverse("announcements:new", args=[programme.slug])


def test_the_preview_shows_who_gets_it_and_how_it_looks_and_sends_nothing(
    as_user, coordinator, programme, cohort
):
    response = as_user(coordinator).post(new_url(programme), form(action="preview"))
    page = response.content.decode()
    assert "3 people:" in page
    for name in ["Dan Docmentor", "Maija Mentor", "Niko Othermentor"]:
        assert name in page
    assert "Aino Actor" not in page
    assert "<strong>Dipoli</strong>" in page and "<script>alert" not in page
    assert "Send to 3 people" in page
    assert not Announcement.objects.exists()
    assert not Notification.objects.exists() and not OutboxMail.objects.exists()
    assert mail.outbox == []


def test_sending_mails_each_recipient_once_and_notifies_them_in_the_app(
    as_user, coordinator, programme, cohort, mentor, other_mentor
):
    data = form(action="send")
    response = as_user(coordinator).post(new_url(programme), data)
    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "announcements:detail", args=[programme.slug, announcement.pk]
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "docmentor@example.org",
        "mentor2@example.org",
        "mentor@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "Kick-off on Thursday"
    assert "See you at **Dipoli** at 17." in message.body
    html = message.alternatives[0][0]
    assert "<strong>Dipoli</strong>" in html and "<script" not in html
    assert "List-Unsubscribe" in message.extra_headers
    assert message.reply_to == [coordinator.email]
    assert set(OutboxMail.objects.values_list("state", flat=True)) == {MailState.SENT}
    assert Notification.objects.filter(kind="announcement").count() == 3
    assert Notification.objects.get(user=mentor).text == (
        "Announcement from Mentoring 2031: Kick-off on Thursday"
    )
    # A second click on "Send" (the same form) sends nothing more.
    as_user(coordinator).post(new_url(programme), data)
    assert Announcement.objects.count() == 1 and len(mail.outbox) == 3
    entry = AuditEntry.objects.get(action=Action.ANNOUNCEMENT_SENT)
    assert entry.actor == coordinator and entry.details["recipients"] == 3


def test_each_person_hears_as_they_chose_for_announcements(
    as_user, coordinator, programme, cohort, mentor, other_mentor
):
    preference_set(user=mentor, kind="announcement", delivery="daily")
    preference_set(user=other_mentor, kind="announcement", delivery="app")
    as_user(coordinator).post(new_url(programme), form(action="send"))
    assert [m.to for m in mail.outbox] == [["docmentor@example.org"]]
    assert Notification.objects.get(user=mentor).digest == "daily"
    assert Notification.objects.get(user=other_mentor).digest == ""


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"subject": " "}, "Write a subject."),
        ({"body": ""}, "Write the announcement."),
        ({"subject": "x" * 151}, "The subject can be at most 150 characters long"),
        ({"body": "x" * 10_001}, "The announcement can be at most 10000 characters long"),
        ({"audience": "alumni"}, "Select a valid choice"),
        (
            {"audience": "actors", "track": "doctoral", "pair_state": "matched"},
            "Nobody matches these recipients, so nothing was sent.",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_sent(
    as_user, coordinator, programme, cohort, overrides, error
):
    response = as_user(coordinator).post(new_url(programme), form(action="send", **overrides))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Announcement.objects.exists() and mail.outbox == []
    assert not Notification.objects.exists()


@pytest.mark.parametrize("who", ["actor", "mentor", "outsider", "other_coordinator"])
def test_only_the_programmes_coordinators_write_announcements(
    as_user, request, programme, cohort, who
):
    client = as_user(request.getfixturevalue(who))
    assert client.get(new_url(programme)).status_code == 404
    assert client.post(new_url(programme), form(action="send")).status_code == 404
    assert not Announcement.objects.exists() and mail.outbox == []


# --- the archive --------------------------------------------------------------------------
@pytest.fixture
def to_mentors(programme, coordinator, cohort):
    return announcements.announcement_send(
        programme=programme,
        by=coordinator,
        subject="Mentors' briefing",
        body="For mentors only.",
        choice=Choice("mentors"),
        token=uuid.uuid4(),
    )


def test_the_archive_shows_addressed_participants_their_announcements(
    as_user, programme, to_mentors, mentor
):
    client = as_user(mentor)
    listing = client.get(reverse("announcements:list", args=[programme.slug])).content.decode()
    assert "Mentors&#x27; briefing" in listing
    page = client.get(reverse("announcements:detail", args=[programme.slug, to_mentors.pk]))
    assert page.status_code == 200 and "For mentors only." in page.content.decode()
    assert "3 people" not in page.content.decode()  # who else got it is not theirs to see


def test_the_coordinator_sees_every_announcement_with_its_count(
    as_user, programme, to_mentors, coordinator
):
    page = as_user(coordinator).get(
        reverse("announcements:detail", args=[programme.slug, to_mentors.pk])
    )
    assert "To Mentors: 3 people" in page.content.decode()


@pytest.mark.parametrize("who", ["actor", "other_actor", "outsider", "other_coordinator"])
def test_anyone_the_announcement_was_not_for_gets_a_404(
    as_user, request, programme, to_mentors, who
):
    client = as_user(request.getfixturevalue(who))
    detail = reverse("announcements:detail", args=[programme.slug, to_mentors.pk])
    assert client.get(detail).status_code == 404
    listing = client.get(reverse("announcements:list", args=[programme.slug]))
    if who in ("actor", "other_actor"):  # students of the programme: an empty archive
        assert listing.status_code == 200
        assert "Mentors&#x27; briefing" not in listing.content.decode()
    else:
        assert listing.status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, programme, to_mentors):
    detail = reverse("announcements:detail", args=[programme.slug, to_mentors.pk])
    response = client.get(detail)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_data_download_lists_the_announcements_received(mentor, to_mentors):
    from mentorlab.conversations.privacy import export

    assert export(mentor)["announcements_received"][0]["subject"] == "Mentors' briefing"
