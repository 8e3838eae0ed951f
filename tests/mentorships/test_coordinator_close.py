"""A coordinator ends a mentorship early or marks it completed from the overview."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorlab.mentorships import services
from mentorlab.mentorships.models import ClosingReflection, Mentorship
from tests.factories import UserFactory


def activate(pair):
    Mentorship.objects.filter(pk=pair.pk).update(state="active", agreed_at=timezone.now())
    pair.refresh_from_db()


def close_url(programme, pair):
    return reverse("mentorships:coordinator_close", args=[programme.slug, pair.pk])


@pytest.fixture
def second_coordinator(programme):
    user = UserFactory(email="coordinator2@example.org", full_name="Carl Cocoordinator")
    programme.coordinators.add(user)
    return user


def test_coordinator_ends_mentorship_early_and_participants_read_the_reason(
    as_user,
    pair,
    meeting,
    programme,
    coordinator,
    second_coordinator,
    actor,
    mentor,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(coordinator).post(
            close_url(programme, pair),
            {"action": "end", "reason": "The mentor has changed jobs and cannot go on."},
        )
    assert response.status_code == 302
    assert response.url == reverse("mentorships:coordinator", args=[programme.slug])
    pair.refresh_from_db()
    assert pair.state == "ended_early"
    assert pair.end_reason == "The mentor has changed jobs and cannot go on."
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"

    by_recipient = {m.to[0]: m for m in mailoutbox}
    # The participants and the other coordinator, never the coordinator who acted.
    assert sorted(by_recipient) == sorted([actor.email, mentor.email, second_coordinator.email])
    for email in (actor.email, mentor.email):
        message = by_recipient[email]
        assert "has ended" in message.subject
        assert "The mentor has changed jobs and cannot go on." in message.body
        assert "Cora Coordinator" in message.body
        assert message.reply_to == [coordinator.email]
    assert "not be matched with a new mentor" in by_recipient[actor.email].body
    assert "matched" not in by_recipient[mentor.email].body
    to_colleague = by_recipient[second_coordinator.email]
    assert "ended early" in to_colleague.subject
    assert "Closed by the coordinator Cora Coordinator" in to_colleague.body


def test_overview_shows_the_ended_state_and_no_more_action(as_user, pair, programme, coordinator):
    overview = reverse("mentorships:coordinator", args=[programme.slug])
    page = as_user(coordinator).get(overview).content.decode()
    assert close_url(programme, pair) in page and "End or complete" in page
    response = as_user(coordinator).post(
        close_url(programme, pair),
        {"action": "end", "reason": "No contact for months."},
        follow=True,
    )
    page = response.content.decode()
    assert "The mentorship has ended; the participants were told by e-mail." in page
    assert "Ended early" in page
    assert close_url(programme, pair) not in page


def test_coordinator_marks_active_mentorship_completed(
    as_user,
    pair,
    programme,
    coordinator,
    actor,
    mentor,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    activate(pair)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(coordinator).post(
            close_url(programme, pair), {"action": "complete"}, follow=True
        )
    pair.refresh_from_db()
    assert pair.state == "completed" and pair.ended_at is not None
    assert "Completed" in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([actor.email, mentor.email])
    assert all("is completed" in m.subject for m in mailoutbox)
    assert not ClosingReflection.objects.exists()  # each participant writes their own
    # The participants are invited to write their closing reflection.
    home = as_user(actor).get(reverse("core:home")).content.decode()
    assert "Write your closing reflection" in home


def test_introduced_mentorship_cannot_be_marked_completed(
    as_user, pair, programme, coordinator, mailoutbox
):
    page = as_user(coordinator).get(close_url(programme, pair)).content.decode()
    assert "cannot be completed" in page and 'value="complete"' not in page
    response = as_user(coordinator).post(close_url(programme, pair), {"action": "complete"})
    assert response.status_code == 200
    assert "Only an active mentorship" in response.content.decode()
    pair.refresh_from_db()
    assert pair.state == "introduced" and not mailoutbox


def test_coordinator_end_follows_rematch_setting(
    as_user, pair, programme, coordinator, actor, django_capture_on_commit_callbacks, mailoutbox
):
    programme.rematch_after_early_end = True
    programme.save()
    with django_capture_on_commit_callbacks(execute=True):
        as_user(coordinator).post(
            close_url(programme, pair), {"action": "end", "reason": "Personal reasons."}
        )
    assert not pair.members.get().live  # the student may be matched again
    to_actor = next(m for m in mailoutbox if m.to == [actor.email])
    assert "can be matched with a new mentor" in to_actor.body


def test_coordinator_end_without_rematch_keeps_student_taken(as_user, pair, programme, coordinator):
    as_user(coordinator).post(close_url(programme, pair), {"action": "end", "reason": "Moved."})
    pair.refresh_from_db()
    assert pair.state == "ended_early" and pair.members.get().live


def test_ending_needs_a_reason_and_keeps_nothing(
    as_user, pair, programme, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(coordinator).post(
            close_url(programme, pair), {"action": "end", "reason": "   "}
        )
    assert response.status_code == 200
    assert "Tell the participants briefly why the mentorship ends." in response.content.decode()
    pair.refresh_from_db()
    assert pair.is_live and not mailoutbox


def test_already_ended_mentorship_cannot_be_closed_again(
    as_user, pair, programme, coordinator, mentor, django_capture_on_commit_callbacks, mailoutbox
):
    services.mentorship_end(mentorship=pair, by=mentor, reason="First reason")
    # The first end tells the coordinators (its mail now leaves when it commits); this test
    # is about the second attempt.
    mailoutbox.clear()
    page = as_user(coordinator).get(close_url(programme, pair)).content.decode()
    assert "already ended" in page and 'name="reason"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(coordinator).post(
            close_url(programme, pair), {"action": "end", "reason": "Second reason"}
        )
    assert response.status_code == 200
    assert "This mentorship has already ended." in response.content.decode()
    pair.refresh_from_db()
    assert pair.end_reason == "First reason" and not mailoutbox


def test_close_page_shows_no_pair_content(as_user, private_things, programme, coordinator):
    activate(private_things)
    services.closing_reflection_save(
        mentorship=private_things, by=private_things.mentor, text="MENTOR-CLOSING-TEXT"
    )
    page = as_user(coordinator).get(close_url(programme, private_things)).content.decode()
    assert "Maija Mentor" in page and "Aino Actor" in page
    for secret in (
        "PRIVATE-GOAL-ACTOR",
        "SHARED-GOAL-ACTOR",
        "PRIVATE-GOAL-MENTOR",
        "ACTOR-REFLECTION",
        "MENTOR-REFLECTION",
        "SHARED-NOTE-TEXT",
        "MENTOR-CLOSING-TEXT",
    ):
        assert secret not in page


def test_close_emails_carry_no_pair_content(
    as_user, private_things, programme, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(coordinator).post(
            close_url(programme, private_things), {"action": "end", "reason": "Moved."}
        )
    assert mailoutbox
    for message in mailoutbox:
        for secret in ("GOAL", "REFLECTION", "SHARED-NOTE-TEXT"):
            assert secret not in message.body


@pytest.mark.parametrize("persona", ["other_coordinator", "actor", "mentor", "outsider"])
def test_only_the_programmes_coordinators_reach_the_close_page(
    request, as_user, pair, programme, other_programme, persona, mailoutbox
):
    user = request.getfixturevalue(persona)
    client = as_user(user)
    assert client.get(close_url(programme, pair)).status_code == 404
    response = client.post(close_url(programme, pair), {"action": "end", "reason": "Sabotage"})
    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.is_live and not mailoutbox


def test_other_coordinator_cannot_reach_it_through_their_own_programme(
    as_user, pair, other_programme, other_coordinator
):
    url = reverse("mentorships:coordinator_close", args=[other_programme.slug, pair.pk])
    assert as_user(other_coordinator).get(url).status_code == 404
    response = as_user(other_coordinator).post(url, {"action": "end", "reason": "Sabotage"})
    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.is_live


def test_anonymous_is_sent_to_login(as_user, pair, programme):
    response = as_user(None).post(close_url(programme, pair), {"action": "end", "reason": "x"})
    assert response.status_code == 302 and "login" in response.url
    pair.refresh_from_db()
    assert pair.is_live


def test_service_refuses_a_participant_acting_as_coordinator(pair, mentor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.mentorship_close_by_coordinator(
            mentorship=pair, by=mentor, outcome="ended_early", reason="Not allowed"
        )
    pair.refresh_from_db()
    assert pair.is_live
