from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from mentorlab.programmes.models import (
    ActorApplication,
    CustomQuestion,
    MentorApplication,
    QuestionKind,
)
from tests.factories import ActorApplicationFactory, ProgrammeFactory, UserFactory, days

pytestmark = pytest.mark.django_db


def actor_data(programme, **overrides):
    topic = programme.topics.first()
    data = {
        "degree_level": "masters",
        "field_of_study": "Energy Technology",
        "school": "ENG",
        "study_year": "2",
        "goals": "I want to find out whether research or industry suits me better.",
        "topics": [str(topic.pk)],
        "industries": ["energy", "research"],
        "languages": ["fi", "en"],
        "city": "Espoo",
        "remote_ok": "on",
        "conflict_employer": "Fortum",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def mentor_data(programme, **overrides):
    data = {
        "degree": "M.Sc. (Tech.)",
        "degree_field": "Energy Technology",
        "graduation_year": "2008",
        "current_role": "Head of Sustainability",
        "employer": "Neste",
        "industry": "energy",
        "topics": [str(t.pk) for t in programme.topics.all()[:2]],
        "levels": "both",
        "capacity": "2",
        "offer": "Twenty years in energy, two career changes and a lot of questions.",
        "languages": ["en"],
        "city": "Helsinki",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def apply_url(programme, role):
    return reverse("programmes:application", args=[programme.slug, role])


def test_student_applies_during_the_window(as_user, programme, django_capture_on_commit_callbacks):
    student = UserFactory(full_name="Sanni Student")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(student).post(apply_url(programme, "actor"), actor_data(programme))
    assert response.status_code == 302
    application = ActorApplication.objects.get(user=student)
    assert application.programme == programme
    assert application.conflict_employer == "Fortum"
    assert application.languages == ["fi", "en"]
    assert application.status == "submitted"
    assert [m.to for m in mail.outbox] == [[student.email]]
    assert "We received your application" in mail.outbox[0].subject
    home = as_user(student).get(reverse("core:home")).content.decode()
    assert "Mentoring 2031" in home
    assert "you can still edit your application" in home


def test_mentor_signs_up_with_capacity(as_user, programme):
    alum = UserFactory()
    response = as_user(alum).post(apply_url(programme, "mentor"), mentor_data(programme))
    assert response.status_code == 302
    application = MentorApplication.objects.get(user=alum)
    assert application.capacity == 2
    assert application.topics.count() == 2


@pytest.mark.parametrize("capacity", ["0", "4", "-1"])
def test_mentor_capacity_outside_the_programme_limit_is_refused(as_user, programme, capacity):
    alum = UserFactory()
    response = as_user(alum).post(
        apply_url(programme, "mentor"), mentor_data(programme, capacity=capacity)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose between 1 and 3 students." in body or "greater than or equal to 0" in body
    assert not MentorApplication.objects.exists()


def test_missing_consent_is_refused_and_typed_text_is_kept(as_user, programme):
    student = UserFactory()
    data = actor_data(programme, privacy_consent=None, goals="My very own words about my goals.")
    response = as_user(student).post(apply_url(programme, "actor"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "You must agree to the privacy notice to apply." in body
    assert "My very own words about my goals." in body
    assert not ActorApplication.objects.exists()


def test_applying_when_the_window_is_closed_is_refused(as_user):
    closed = ProgrammeFactory(
        actor_applications_open=days(-30),
        actor_applications_close=days(-1),
        mentor_signup_opens=days(-30),
        mentor_signup_closes=days(-2),
    )
    student = UserFactory()
    response = as_user(student).post(apply_url(closed, "actor"), actor_data(closed), follow=True)
    assert "not open at the moment" in response.content.decode()
    assert not ActorApplication.objects.exists()


def test_applying_twice_edits_the_first_application(as_user, actor, programme):
    response = as_user(actor).post(
        apply_url(programme, "actor"), actor_data(programme, goals="Updated goals")
    )
    assert response.status_code == 302
    assert ActorApplication.objects.filter(user=actor).count() == 1
    assert ActorApplication.objects.get(user=actor).goals == "Updated goals"


def test_the_database_refuses_a_duplicate_application(actor, programme):
    with pytest.raises(IntegrityError):
        ActorApplicationFactory(programme=programme, user=actor)


def test_a_person_cannot_apply_in_both_roles(as_user, actor, programme):
    response = as_user(actor).post(apply_url(programme, "mentor"), mentor_data(programme))
    assert response.status_code == 200
    assert "already applied to this programme in the other role" in response.content.decode()
    assert not MentorApplication.objects.filter(user=actor).exists()


def test_coordinator_cannot_apply_to_own_programme(as_user, coordinator, programme):
    response = as_user(coordinator).post(apply_url(programme, "actor"), actor_data(programme))
    assert response.status_code == 200
    assert "Coordinators of a programme cannot apply to it." in response.content.decode()


def test_edits_after_the_window_closes_are_refused(as_user, actor, programme):
    programme.actor_applications_close = days(-1)
    programme.actor_applications_open = days(-10)
    programme.save()
    response = as_user(actor).post(
        apply_url(programme, "actor"), actor_data(programme, goals="Too late")
    )
    assert response.status_code == 200
    assert "can no longer be changed" in response.content.decode()
    assert ActorApplication.objects.get(user=actor).goals != "Too late"


def test_doctoral_programme_refuses_a_masters_student(as_user):
    doctoral = ProgrammeFactory(track="doctoral")
    student = UserFactory()
    response = as_user(student).post(apply_url(doctoral, "actor"), actor_data(doctoral))
    assert response.status_code == 200
    assert not ActorApplication.objects.exists()


def test_custom_questions_are_asked_and_answers_kept(as_user, programme):
    short = CustomQuestion.objects.create(
        programme=programme, kind=QuestionKind.SHORT, label="Your favourite book?", audience="actor"
    )
    multi = CustomQuestion.objects.create(
        programme=programme,
        kind=QuestionKind.MULTIPLE,
        label="Which events suit you?",
        choices="Evenings\nWeekends",
        required=True,
    )
    CustomQuestion.objects.create(
        programme=programme, kind=QuestionKind.SHORT, label="Only for mentors", audience="mentor"
    )
    student = UserFactory()
    client = as_user(student)
    page = client.get(apply_url(programme, "actor")).content.decode()
    assert "Your favourite book?" in page
    assert "Only for mentors" not in page
    missing = client.post(apply_url(programme, "actor"), actor_data(programme))
    assert missing.status_code == 200
    assert not ActorApplication.objects.exists()
    data = actor_data(programme, **{f"q_{short.pk}": "Moomins", f"q_{multi.pk}": ["Evenings"]})
    assert client.post(apply_url(programme, "actor"), data).status_code == 302
    answers = ActorApplication.objects.get(user=student).answers
    assert answers == {str(short.pk): "Moomins", str(multi.pk): ["Evenings"]}


def test_withdrawing_an_application(as_user, actor, programme):
    response = as_user(actor).post(reverse("programmes:withdraw", args=[programme.slug, "actor"]))
    assert response.status_code == 302
    assert ActorApplication.objects.get(user=actor).status == "withdrawn"


def test_someone_elses_application_is_not_reachable(as_user, actor, other_actor, programme):
    # The only address of an application is "my application", so another person sees their
    # own (empty) form, never the actor's data.
    page = as_user(other_actor).get(apply_url(programme, "actor")).content.decode()
    assert "Aino Actor" not in page
    own = ActorApplication.objects.get(user=actor)
    review = as_user(other_actor).get(
        reverse("programmes:review_detail", args=[programme.slug, "actor", own.pk])
    )
    assert review.status_code == 404


def test_apply_needs_login(client, programme):
    response = client.get(apply_url(programme, "actor"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_role_is_404(as_user, actor, programme):
    assert as_user(actor).get(apply_url(programme, "wizard")).status_code == 404
