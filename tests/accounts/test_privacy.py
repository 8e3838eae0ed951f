"""GDPR rights: download my data, and delete my account."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentorlab.accounts.models import CalendarFeed, User
from mentorlab.accounts.privacy import data_export
from mentorlab.careerdesign.models import Comment, JournalEntry
from mentorlab.events import services as event_services
from mentorlab.events.models import BoardPost, DirectoryEntry, Registration, RegistrationStatus
from mentorlab.matching.models import Preference
from mentorlab.mentorships import services as mentorship_services
from mentorlab.mentorships.models import (
    Goal,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipState,
    Reflection,
    Visibility,
)
from mentorlab.programmes.models import ActorApplication
from mentorlab.surveys.models import Invitation, Response
from tests.events.factories import EventFactory, PeerGroupFactory
from tests.surveys.conftest import answer, make_survey

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def _past_meeting(mentorship: Mentorship) -> Meeting:
    return Meeting.objects.create(
        mentorship=mentorship,
        start=timezone.now() - dt.timedelta(days=7),
        status=MeetingStatus.HELD,
        shared_notes="SHARED-NOTES-OF-THE-PAIR",
    )


@pytest.fixture
def group(programme, actor, other_actor, mentor):
    """Two students and their mentor in one mentorship, each with private and shared things."""
    m = mentorship_services.mentorship_create(
        programme=programme, mentor=mentor, actors=[actor, other_actor]
    )
    meeting = _past_meeting(m)
    Goal.objects.create(mentorship=m, owner=actor, title="ACTOR-PRIVATE-GOAL")
    Goal.objects.create(mentorship=m, owner=other_actor, title="OTHER-PRIVATE-GOAL")
    Goal.objects.create(
        mentorship=m, owner=other_actor, title="OTHER-SHARED-GOAL", visibility=Visibility.SHARED
    )
    Goal.objects.create(mentorship=m, owner=mentor, title="MENTOR-PRIVATE-GOAL")
    Reflection.objects.create(meeting=meeting, author=actor, text="ACTOR-REFLECTION")
    Reflection.objects.create(meeting=meeting, author=other_actor, text="OTHER-REFLECTION")
    Reflection.objects.create(meeting=meeting, author=mentor, text="MENTOR-REFLECTION")
    JournalEntry.objects.create(owner=actor, activity="ACTOR-JOURNAL", engagement=7, energy=2)
    JournalEntry.objects.create(
        owner=other_actor, activity="OTHER-JOURNAL", engagement=5, energy=1, shared=True
    )
    return m


@pytest.fixture
def pair(programme, actor, mentor):
    """The actor and the mentor alone, with a held meeting and private things on both sides."""
    m = mentorship_services.mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    meeting = _past_meeting(m)
    Goal.objects.create(mentorship=m, owner=actor, title="ACTOR-PRIVATE-GOAL")
    Goal.objects.create(
        mentorship=m, owner=actor, title="ACTOR-SHARED-GOAL", visibility=Visibility.SHARED
    )
    Goal.objects.create(mentorship=m, owner=mentor, title="MENTOR-PRIVATE-GOAL")
    Reflection.objects.create(meeting=meeting, author=actor, text="ACTOR-REFLECTION")
    Reflection.objects.create(meeting=meeting, author=mentor, text="MENTOR-REFLECTION")
    entry = JournalEntry.objects.create(
        owner=actor, activity="ACTOR-JOURNAL", engagement=7, energy=2, shared=True
    )
    Comment.objects.create(item_kind="entry", item_id=entry.pk, author=mentor, body="NICE")
    return m


def _download(client: Client) -> dict:
    response = client.post(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def _erase(client: Client, typed: str):
    return client.post(reverse("accounts:account_delete"), {"confirmation": typed})


# --- download my data -----------------------------------------------------------------
def test_data_page_explains_what_the_file_holds(as_user, actor):
    response = as_user(actor).get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert "What the file contains" in response.content.decode()


def test_export_holds_own_private_things_and_shared_pair_records(as_user, actor, group):
    data = _download(as_user(actor))
    text = json.dumps(data)
    for own in ("ACTOR-PRIVATE-GOAL", "ACTOR-REFLECTION", "ACTOR-JOURNAL"):
        assert own in text
    assert "SHARED-NOTES-OF-THE-PAIR" in text
    assert "OTHER-SHARED-GOAL" in text
    assert data["accounts"]["profile"]["email"] == "actor@example.org"
    assert data["programmes"]["applications"][0]["goals"]


def test_export_never_holds_another_persons_private_goal_reflection_or_toolkit(
    as_user, actor, mentor, group
):
    text = json.dumps(_download(as_user(actor)))
    for other in (
        "OTHER-PRIVATE-GOAL",
        "OTHER-REFLECTION",
        "OTHER-JOURNAL",
        "MENTOR-PRIVATE-GOAL",
        "MENTOR-REFLECTION",
    ):
        assert other not in text
    # The mentor may read the student's shared journal entry, but it is not the mentor's data.
    mentor_text = json.dumps(_download(as_user(mentor)))
    assert "OTHER-JOURNAL" not in mentor_text
    assert "ACTOR-REFLECTION" not in mentor_text
    assert "MENTOR-REFLECTION" in mentor_text


def test_export_has_own_answers_to_an_anonymous_survey_but_nobody_elses(
    programme, coordinator, actor, other_actor
):
    survey = make_survey(programme, coordinator, anonymous=True)
    answer(survey, actor, texts=["MY-OWN-ANONYMOUS-ANSWER"])
    answer(survey, other_actor, texts=["SOMEONE-ELSES-ANSWER"])
    text = json.dumps(data_export(user=actor))
    assert "MY-OWN-ANONYMOUS-ANSWER" in text
    assert "SOMEONE-ELSES-ANSWER" not in text


def test_export_has_registration_note_and_calendar_feed_without_token(programme, actor):
    event = EventFactory(programme=programme)
    event_services.event_register(event=event, user=actor, note="NO-NUTS-PLEASE")
    feed = CalendarFeed.objects.create(user=actor)
    data = data_export(user=actor)
    text = json.dumps(data)  # plain JSON, no special encoder needed
    assert "NO-NUTS-PLEASE" in text
    assert data["accounts"]["calendar_feed"]["exists"] is True
    assert feed.token not in text


# --- delete my account ----------------------------------------------------------------
def test_delete_page_warns_about_live_mentorships(as_user, actor, pair):
    body = as_user(actor).get(reverse("accounts:account_delete")).content.decode()
    assert "Delete my account" in body
    assert "still going on" in body


def test_wrong_confirmation_changes_nothing(as_user, actor, pair):
    client = as_user(actor)
    response = _erase(client, "someone@example.org")
    assert response.status_code == 200
    assert "That is not the e-mail address you sign in with" in response.content.decode()
    actor.refresh_from_db()
    assert actor.is_active and actor.full_name == "Aino Actor"
    assert Goal.objects.filter(title="ACTOR-PRIVATE-GOAL").exists()
    assert Mentorship.objects.get(pk=pair.pk).is_live
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_erasure_anonymises_and_signs_out_for_good(as_user, actor, pair):
    EmailAddress.objects.create(user=actor, email=actor.email, verified=True, primary=True)
    CalendarFeed.objects.create(user=actor)
    client = as_user(actor)
    response = _erase(client, "  Actor@Example.org ")
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.full_name == "Former participant"
    assert actor.email != "actor@example.org" and actor.email.endswith(".invalid")
    assert not actor.is_active and not actor.has_usable_password()
    assert not EmailAddress.objects.filter(user=actor).exists()
    assert not CalendarFeed.objects.filter(user=actor).exists()
    # Signed out, and signing in again fails.
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert not Client().login(email="actor@example.org", password=PASSWORD)
    login = Client().post(
        reverse("account_login"), {"login": "actor@example.org", "password": PASSWORD}
    )
    assert not login.wsgi_request.user.is_authenticated


def test_erasure_deletes_own_private_things_and_keeps_partners(actor, mentor, pair, as_user):
    _erase(as_user(actor), actor.email)
    assert not Goal.objects.filter(title="ACTOR-PRIVATE-GOAL").exists()
    assert not Reflection.objects.filter(text="ACTOR-REFLECTION").exists()
    assert not JournalEntry.objects.filter(activity="ACTOR-JOURNAL").exists()
    assert not Comment.objects.filter(body="NICE").exists()
    assert not ActorApplication.objects.filter(user=actor).exists()
    # The mentor's own things are untouched.
    assert Goal.objects.filter(title="MENTOR-PRIVATE-GOAL").exists()
    assert Reflection.objects.filter(text="MENTOR-REFLECTION").exists()


def test_partner_still_sees_shared_notes_and_meetings(actor, mentor, pair, as_user):
    _erase(as_user(actor), actor.email)
    client = as_user(mentor)
    meeting = pair.meetings.get()
    page = client.get(reverse("mentorships:meeting", args=[meeting.pk])).content.decode()
    assert "SHARED-NOTES-OF-THE-PAIR" in page
    detail = client.get(reverse("mentorships:detail", args=[pair.pk])).content.decode()
    assert "Former participant" in detail
    assert "ACTOR-SHARED-GOAL" in detail
    assert "Aino" not in detail


def test_live_mentorship_ends_early_and_coordinators_are_told(
    actor, pair, coordinator, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _erase(as_user(actor), actor.email)
    pair.refresh_from_db()
    assert pair.state == MentorshipState.ENDED_EARLY
    assert "left the programme" in pair.end_reason
    to_coordinator = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert to_coordinator and "ended early" in to_coordinator[0].subject


def test_one_student_leaving_a_group_leaves_the_group_running(
    actor, other_actor, group, coordinator, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _erase(as_user(actor), actor.email)
    group.refresh_from_db()
    assert group.is_live
    assert [m.actor_id for m in group.members.all()] == [other_actor.pk]
    assert Goal.objects.filter(title="OTHER-PRIVATE-GOAL").exists()
    assert any(m.to == [coordinator.email] and "left the group" in m.subject for m in mail.outbox)


def test_coordinator_erasure_leaves_the_programme_running(programme, coordinator, as_user):
    _erase(as_user(coordinator), coordinator.email)
    programme.refresh_from_db()
    assert not programme.coordinators.exists()
    assert as_user(None).get(reverse("programmes:detail", args=[programme.slug])).status_code == 200


def test_surveys_anonymous_answers_stay_named_ones_go(programme, coordinator, actor, as_user):
    anonymous = make_survey(programme, coordinator, anonymous=True, title="Anon")
    named = make_survey(programme, coordinator, anonymous=False, kind="final", title="Named")
    answer(anonymous, actor, texts=["ANON-TEXT"])
    answer(named, actor, texts=["NAMED-TEXT"])
    _erase(as_user(actor), actor.email)
    assert Response.objects.filter(survey=anonymous, answers__text="ANON-TEXT").exists()
    assert not Response.objects.filter(survey=named).exists()
    assert not Invitation.objects.filter(survey=named, user=actor).exists()


def test_event_seat_goes_to_the_waitlist_and_board_and_directory_are_removed(
    programme, actor, other_actor, as_user, django_capture_on_commit_callbacks
):
    event = EventFactory(programme=programme, capacity=1)
    event_services.event_register(event=event, user=actor, note="DIET")
    waiting = event_services.event_register(event=event, user=other_actor)
    assert waiting.status == RegistrationStatus.WAITLISTED
    peer_group = PeerGroupFactory(programme=programme)
    BoardPost.objects.create(group=peer_group, author=actor, body="MY-POST")
    BoardPost.objects.create(group=peer_group, author=other_actor, body="THEIR-POST")
    DirectoryEntry.objects.create(programme=programme, user=actor, role="actor")
    Preference.objects.create(programme=programme, actor=actor, mentor=other_actor, rank=1)
    with django_capture_on_commit_callbacks(execute=True):
        _erase(as_user(actor), actor.email)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert not Registration.objects.filter(user=actor).exists()
    assert list(BoardPost.objects.values_list("body", flat=True)) == ["THEIR-POST"]
    assert not DirectoryEntry.objects.filter(user=actor).exists()
    assert not Preference.objects.filter(actor=actor).exists()


def test_erased_user_row_keeps_counterparts_data(actor, mentor, pair, as_user):
    before = Meeting.objects.filter(mentorship=pair).count()
    _erase(as_user(actor), actor.email)
    assert User.objects.filter(pk=actor.pk).exists()  # anonymised, not deleted
    assert Meeting.objects.filter(mentorship=pair).count() == before
    assert Goal.objects.filter(title="ACTOR-SHARED-GOAL").exists()


# --- permissions ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["accounts:data_export", "accounts:account_delete"])
def test_anonymous_visitor_is_sent_to_sign_in(client, name):
    for response in (client.get(reverse(name)), client.post(reverse(name))):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


# --- where people find their rights ---------------------------------------------------
def test_privacy_notice_explains_rights_and_links_to_them(client):
    body = client.get(reverse("core:privacy")).content.decode()
    assert "Your rights and how to use them" in body
    assert reverse("accounts:data_export") in body
    assert reverse("accounts:account_delete") in body
    assert "Former participant" in body


def test_profile_links_to_download_and_delete(as_user, actor):
    body = as_user(actor).get(reverse("accounts:profile")).content.decode()
    assert "Download my data" in body and reverse("accounts:data_export") in body
    assert "Delete my account" in body and reverse("accounts:account_delete") in body


def test_pending_matching_proposal_with_the_person_must_be_rerun(
    programme, actor, mentor, other_actor, as_user
):
    from mentorlab.matching.models import MatchRun, ProposedPair, RunStatus

    run = MatchRun.objects.create(programme=programme, status=RunStatus.DONE)
    ProposedPair.objects.create(run=run, actor=actor, mentor=mentor, score=80)
    ProposedPair.objects.create(run=run, actor=other_actor, mentor=mentor, score=70)
    _erase(as_user(actor), actor.email)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "re-run" in run.error
    assert list(run.pairs.values_list("actor_id", flat=True)) == [other_actor.pk]


def test_mentor_leaving_keeps_their_comments_on_the_students_shared_item(
    actor, mentor, pair, as_user
):
    _erase(as_user(mentor), mentor.email)
    assert JournalEntry.objects.filter(owner=actor, activity="ACTOR-JOURNAL").exists()
    comment = Comment.objects.get(body="NICE")
    assert str(comment.author) == "Former participant"
    pair.refresh_from_db()
    assert pair.state == MentorshipState.ENDED_EARLY
    assert Goal.objects.filter(title="ACTOR-PRIVATE-GOAL").exists()
