"""application_save called directly with plain data, as an import or an API would: the same
rules as the application page, without a form."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mentorlab.programmes.models import (
    ActorApplication,
    CustomQuestion,
    MentorApplication,
    QuestionKind,
    Topic,
)
from mentorlab.programmes.services import (
    ActorApplicationData,
    MentorApplicationData,
    application_save,
)
from tests.factories import ProgrammeFactory, UserFactory, days

pytestmark = pytest.mark.django_db


def actor_data(programme, **overrides) -> ActorApplicationData:
    values = {
        "degree_level": "masters",
        "field_of_study": "Energy Technology",
        "school": "ENG",
        "study_year": 2,
        "goals": "I want to find out whether research or industry suits me better.",
        "topics": [programme.topics.first()],
        "industries": ["energy"],
        "languages": ["fi", "en"],
        "city": "Espoo",
        "privacy_consent": True,
    }
    values.update(overrides)
    return ActorApplicationData(**values)


def mentor_data(programme, **overrides) -> MentorApplicationData:
    values = {
        "degree": "M.Sc. (Tech.)",
        "degree_field": "Energy Technology",
        "graduation_year": 2008,
        "current_role": "Head of Sustainability",
        "industry": "energy",
        "offer": "Twenty years in energy and two career changes.",
        "capacity": 2,
        "languages": ["en"],
        "privacy_consent": True,
    }
    values.update(overrides)
    return MentorApplicationData(**values)


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    error = caught.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def test_student_applies_with_plain_data_and_is_told(programme, django_capture_on_commit_callbacks):
    student = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_save(
            programme=programme, user=student, data=actor_data(programme)
        )
    application.refresh_from_db()
    assert isinstance(application, ActorApplication)
    assert application.user == student
    assert list(application.topics.all()) == [programme.topics.first()]
    assert application.languages == ["fi", "en"]
    assert [m.to for m in mail.outbox] == [[student.email]]


def test_applying_again_edits_the_one_application_without_another_mail(
    programme, django_capture_on_commit_callbacks
):
    student = UserFactory()
    application_save(programme=programme, user=student, data=actor_data(programme))
    # The first save's "application received" leaves when it commits; this test is about
    # the second save.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_save(
            programme=programme, user=student, data=actor_data(programme, goals="Changed")
        )
    (application,) = ActorApplication.objects.filter(user=student)
    assert application.goals == "Changed"
    assert mail.outbox == []


def test_mentor_capacity_above_the_programme_limit_is_named_and_nothing_saved(programme):
    mentor = UserFactory()
    errors = errors_of(
        lambda: application_save(
            programme=programme, user=mentor, data=mentor_data(programme, capacity=9)
        )
    )
    assert errors == {"capacity": ["Choose between 1 and 3 students."]}
    assert not MentorApplication.objects.exists()


def test_doctoral_programme_refuses_a_masters_student_by_field():
    doctoral = ProgrammeFactory(track="doctoral")
    errors = errors_of(
        lambda: application_save(programme=doctoral, user=UserFactory(), data=actor_data(doctoral))
    )
    assert errors == {"degree_level": ["This programme is for Doctoral students."]}
    assert not ActorApplication.objects.exists()


def test_missing_consent_unknown_school_and_no_language_are_each_named(programme):
    errors = errors_of(
        lambda: application_save(
            programme=programme,
            user=UserFactory(),
            data=actor_data(programme, privacy_consent=False, school="XYZ", languages=[]),
        )
    )
    assert set(errors) == {"privacy_consent", "school", "languages"}
    assert errors["privacy_consent"] == ["You must agree to the privacy notice to apply."]
    assert not ActorApplication.objects.exists()


def test_topic_of_another_programme_is_refused(programme, other_programme):
    foreign = Topic.objects.filter(programme=other_programme).first()
    errors = errors_of(
        lambda: application_save(
            programme=programme, user=UserFactory(), data=actor_data(programme, topics=[foreign])
        )
    )
    assert list(errors) == ["topics"]
    assert not ActorApplication.objects.exists()


def test_custom_questions_are_checked_and_answers_kept(programme):
    short = CustomQuestion.objects.create(
        programme=programme, kind=QuestionKind.SHORT, label="Favourite book?", audience="actor"
    )
    multi = CustomQuestion.objects.create(
        programme=programme,
        kind=QuestionKind.MULTIPLE,
        label="Which events suit you?",
        choices="Evenings\nWeekends",
        required=True,
    )
    student = UserFactory()
    missing = errors_of(
        lambda: application_save(programme=programme, user=student, data=actor_data(programme))
    )
    assert missing == {f"q_{multi.pk}": ["This field is required."]}
    unknown = errors_of(
        lambda: application_save(
            programme=programme,
            user=student,
            data=actor_data(programme, answers={multi.pk: ["Mornings"]}),
        )
    )
    assert list(unknown) == [f"q_{multi.pk}"]
    assert "Mornings" in unknown[f"q_{multi.pk}"][0]
    assert not ActorApplication.objects.exists()

    answers = {short.pk: "Moomins", multi.pk: ["Evenings"]}
    application_save(programme=programme, user=student, data=actor_data(programme, answers=answers))
    stored = ActorApplication.objects.get(user=student).answers
    assert stored == {str(short.pk): "Moomins", str(multi.pk): ["Evenings"]}


def test_coordinator_cannot_apply_to_own_programme(programme, coordinator):
    errors = errors_of(
        lambda: application_save(programme=programme, user=coordinator, data=mentor_data(programme))
    )
    assert errors == {"__all__": ["Coordinators of a programme cannot apply to it."]}
    assert not MentorApplication.objects.exists()


def test_person_cannot_apply_in_both_roles(programme, actor):
    errors_of(
        lambda: application_save(programme=programme, user=actor, data=mentor_data(programme))
    )
    assert not MentorApplication.objects.filter(user=actor).exists()


def test_closed_window_refuses_new_and_changed_applications(programme, actor):
    programme.actor_applications_open = days(-10)
    programme.actor_applications_close = days(-1)
    programme.save()
    errors = errors_of(
        lambda: application_save(
            programme=programme, user=actor, data=actor_data(programme, goals="Too late")
        )
    )
    assert "can no longer be changed" in errors["__all__"][0]
    assert ActorApplication.objects.get(user=actor).goals != "Too late"
    assert errors_of(
        lambda: application_save(
            programme=programme, user=UserFactory(), data=actor_data(programme)
        )
    )
