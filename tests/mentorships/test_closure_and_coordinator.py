from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from mentorlab.mentorships import emails, selectors, services
from mentorlab.mentorships.models import ClosingReflection, Meeting, Mentorship
from mentorlab.programmes.models import MentorApplication
from tests.factories import ActorApplicationFactory, UserFactory


def activate(pair):
    Mentorship.objects.filter(pk=pair.pk).update(state="active", agreed_at=timezone.now())
    pair.refresh_from_db()


def test_completing_tells_the_coordinator(
    as_user, pair, actor, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    activate(pair)
    with django_capture_on_commit_callbacks(execute=True):
        as_user(actor).post(
            reverse("mentorships:close", args=[pair.pk]),
            {"action": "complete", "reflection": "I found my direction."},
        )
    pair.refresh_from_db()
    assert pair.state == "completed"
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "completed" in mailoutbox[0].subject
    assert "I found my direction." not in mailoutbox[0].body  # reflections stay private
    assert ClosingReflection.objects.get().author == actor


def test_ending_early_needs_a_reason(as_user, pair, mentor, mailoutbox):
    response = as_user(mentor).post(
        reverse("mentorships:close", args=[pair.pk]), {"action": "end", "reason": ""}
    )
    assert response.status_code == 200
    pair.refresh_from_db()
    assert pair.is_live and not mailoutbox


def test_ending_early_follows_rematch_setting(
    pair, mentor, programme, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.mentorship_end(mentorship=pair, by=mentor, reason="Moved abroad")
    pair.refresh_from_db()
    assert pair.state == "ended_early" and pair.members.get().live  # no rematch by default
    assert "ended early" in mailoutbox[0].subject and "Moved abroad" in mailoutbox[0].body


def test_ended_early_frees_actor_when_programme_allows(pair, mentor, programme):
    programme.rematch_after_early_end = True
    programme.save()
    services.mentorship_end(mentorship=pair, by=mentor, reason="Moved abroad")
    assert not pair.members.get().live


def test_introduction_email_carries_applications_and_addresses(pair, mailoutbox):
    emails.mentorship_introduced(pair)
    by_recipient = {m.to[0]: m for m in mailoutbox}
    to_actor = by_recipient["actor@example.org"]
    assert "mentor@example.org" in to_actor.body and "Engineering Manager" in to_actor.body
    to_mentor = by_recipient["mentor@example.org"]
    assert (
        "actor@example.org" in to_mentor.body and "understand my career options" in to_mentor.body
    )


def test_coordinator_flags(pair, other_pair):
    Mentorship.objects.filter(pk=pair.pk).update(
        introduced_at=timezone.now() - dt.timedelta(weeks=4)
    )
    Mentorship.objects.filter(pk=other_pair.pk).update(
        state="active",
        agreed_at=timezone.now() - dt.timedelta(weeks=9),
        introduced_at=timezone.now() - dt.timedelta(weeks=10),
    )
    Meeting.objects.create(
        mentorship=other_pair, start=timezone.now() - dt.timedelta(weeks=7), status="held"
    )
    rows = {r.mentorship.pk: r for r in selectors.coordinator_rows(pair.programme)}
    assert "No agreement three weeks after the introduction" in rows[pair.pk].flags
    assert rows[other_pair.pk].flags == [
        "No meeting in six weeks",
        "No message or meeting in 4 weeks",  # the programme's quiet period
    ]
    assert rows[other_pair.pk].held == 1


def test_coordinator_creates_mentorship_within_capacity(
    as_user,
    coordinator,
    programme,
    mentor,
    actor,
    other_actor,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    MentorApplication.objects.filter(user=mentor).update(capacity=1)
    url = reverse("mentorships:coordinator_create", args=[programme.slug])
    response = as_user(coordinator).post(
        url, {"mentor": mentor.pk, "actors": [actor.pk, other_actor.pk]}
    )
    assert "can take 1 student(s) and already has 0" in response.content.decode()
    assert not Mentorship.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(coordinator).post(url, {"mentor": mentor.pk, "actors": [actor.pk]})
    assert response.status_code == 302
    assert Mentorship.objects.get().mentor == mentor
    assert len(mailoutbox) == 2


def test_coordinator_cannot_pair_actor_of_wrong_level(coordinator, programme, mentor):
    student = UserFactory()
    ActorApplicationFactory(programme=programme, user=student, degree_level="doctoral")
    MentorApplication.objects.filter(user=mentor).update(levels="masters")
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="does not mentor"):
        services.mentorship_create_by_coordinator(
            programme=programme, mentor=mentor, actors=[student], by=coordinator
        )


def test_home_shows_mentorship_and_next_step(as_user, pair, actor):
    page = as_user(actor).get(reverse("core:home")).content.decode()
    assert "Your mentorships" in page and "Draft your mentoring agreement" in page
