"""What coordinators write is stored in English, Finnish and Swedish: each reader gets their
own language, else English (else whatever was written), and a choice answer means the same
thing whatever language its author read."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from mentorlab.programmes.models import ActorApplication, CustomQuestion, QuestionKind, Topic
from mentorlab.programmes.services import programme_prepare
from tests.factories import ProgrammeFactory, UserFactory
from tests.programmes.test_applications import actor_data, apply_url
from tests.visible import visible_text

pytestmark = pytest.mark.django_db


def reading_in(language, client):
    """A client whose person reads the site in `language` (as set at sign-in or by the
    language menu)."""
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def trilingual(programme):
    programme.description_en = "Six months of conversations with an alumna or alumnus."
    programme.description_fi = "Kuusi kuukautta keskusteluja alumnin kanssa."
    programme.save()
    careers = programme.topics.get(name_en="Career options")
    careers.name_fi, careers.name_sv = "Uravaihtoehdot", "Karriärvägar"
    careers.save()
    question = CustomQuestion.objects.create(
        programme=programme,
        kind=QuestionKind.MULTIPLE,
        label_en="When can you meet?",
        label_fi="Milloin ehdit tavata?",
        help_text_en="Pick every time that suits you.",
        help_text_fi="Valitse kaikki sinulle sopivat ajat.",
        choices_en="Evenings\nWeekends",
        choices_fi="Iltaisin\nViikonloppuisin",
        choices_sv="På kvällarna\nPå veckosluten",
        required=True,
    )
    return question


def test_a_finnish_student_reads_the_application_form_in_finnish(as_user, programme, trilingual):
    response = reading_in("fi", as_user(UserFactory())).get(apply_url(programme, "actor"))
    page = visible_text(response.content)
    assert "Milloin ehdit tavata?" in page
    assert "Valitse kaikki sinulle sopivat ajat." in page
    assert "Iltaisin" in page and "Viikonloppuisin" in page
    assert "Uravaihtoehdot" in page
    assert "When can you meet?" not in page
    assert "Evenings" not in page
    assert "Career options" not in page
    # A topic nobody has translated yet is shown in English rather than not at all.
    assert "Leadership" in page


def test_a_finnish_answer_is_stored_by_its_language_independent_key(as_user, programme, trilingual):
    student = UserFactory()
    data = actor_data(programme, **{f"q_{trilingual.pk}": ["Weekends"]})
    assert (
        reading_in("fi", as_user(student)).post(apply_url(programme, "actor"), data).status_code
        == 302
    )
    assert ActorApplication.objects.get(user=student).answers == {str(trilingual.pk): ["Weekends"]}


def test_the_coordinator_reads_a_stored_answer_in_their_own_language(
    as_user, programme, trilingual, coordinator
):
    student = UserFactory()
    data = actor_data(programme, **{f"q_{trilingual.pk}": ["Weekends"]})
    assert as_user(student).post(apply_url(programme, "actor"), data).status_code == 302
    application = ActorApplication.objects.get(user=student)
    page = (
        reading_in("sv", as_user(coordinator))
        .get(reverse("programmes:review_detail", args=[programme.slug, "actor", application.pk]))
        .content.decode()
    )
    assert "På veckosluten" in page
    # No Swedish label was written: the English one stands in.
    assert "When can you meet?" in page


def test_the_programme_page_shows_the_description_in_the_readers_language(
    as_user, programme, trilingual
):
    url = reverse("programmes:detail", args=[programme.slug])
    page = reading_in("fi", as_user(UserFactory())).get(url).content.decode()
    assert "Kuusi kuukautta keskusteluja alumnin kanssa." in page
    assert "Six months of conversations" not in page
    swedish = reading_in("sv", as_user(UserFactory())).get(url).content.decode()
    assert "Six months of conversations" in swedish


def test_text_written_only_in_finnish_still_reaches_english_readers(programme):
    question = CustomQuestion.objects.create(
        programme=programme, kind=QuestionKind.SHORT, label_fi="Lempikirjasi?"
    )
    with translation.override("en"):
        assert CustomQuestion.objects.get(pk=question.pk).label == "Lempikirjasi?"


def test_choices_must_have_as_many_lines_in_every_language(programme):
    question = CustomQuestion(
        programme=programme,
        kind=QuestionKind.SINGLE,
        label_en="Where?",
        choices_en="Helsinki\nEspoo\nOnline",
        choices_fi="Helsinki\nEspoo",
    )
    with pytest.raises(ValidationError) as refused:
        question.full_clean()
    assert "choices_fi" in refused.value.message_dict
    assert "3" in refused.value.message_dict["choices_fi"][0]


def test_topic_names_are_unique_per_language_but_untranslated_ones_do_not_clash(programme):
    first = Topic.objects.create(programme=programme, name_en="Research careers", name_fi="")
    second = Topic.objects.create(programme=programme, name_en="Family and work", name_fi="")
    assert first.name_fi is None and second.name_fi is None
    first.name_fi = "Tutkijan ura"
    first.save()
    second.name_fi = "Tutkijan ura"
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_programme_made_while_finnish_is_active_keeps_its_text(coordinator):
    with translation.override("fi"):
        programme = ProgrammeFactory(name="Mentorointi 2032", topics=["Johtajuus"])
        programme_prepare(programme=programme)
    with translation.override("en"):
        programme.refresh_from_db()
        assert programme.name == "Mentorointi 2032"
        assert [t.name for t in programme.topics.all()] == ["Johtajuus"]
