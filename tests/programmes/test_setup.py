"""Setting programmes up on the site, without the Django admin: a coordinator without staff
status creates a programme and copies last year's (its questions, topics, benefit statements,
surveys and events moved to the new dates, none of its people); edits dates, rules,
questions and topics; site staff say who coordinates."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mentorlab.audit.models import Action, AuditEntry
from mentorlab.events.models import Audience as EventAudience
from mentorlab.events.models import Event, EventStatus
from mentorlab.programmes import setup
from mentorlab.programmes.models import (
    ActorApplication,
    CustomQuestion,
    MentorApplication,
    Programme,
    QuestionKind,
    Topic,
)
from mentorlab.surveys.models import Invitation, ProgrammeBenefit, Survey, SurveyState
from tests.conftest import client_for
from tests.events.factories import EventFactory, PeerGroupFactory
from tests.factories import ActorApplicationFactory, UserFactory, days
from tests.second_factor import totp_add
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")


def form_data(values: dict[str, Any]) -> dict[str, str]:
    """What a browser sends for these values: dates as yyyy-mm-dd, an unticked box not at all."""
    data = {}
    for name, value in values.items():
        if value is True:
            data[name] = "on"
        elif value is False or value is None:
            continue
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


def new_programme_values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name_en": "Doctoral mentoring 2032",
        "slug": "doctoral-2032",
        "description_en": "Small groups for doctoral researchers.",
        "track": "doctoral",
        "mentor_signup_opens": dt.date(2032, 1, 10),
        "mentor_signup_closes": dt.date(2032, 1, 20),
        "actor_applications_open": dt.date(2032, 1, 12),
        "actor_applications_close": dt.date(2032, 1, 26),
        "matching_date": dt.date(2032, 2, 9),
        "kickoff_date": dt.date(2032, 2, 16),
        "halfway_date": dt.date(2032, 5, 4),
        "closing_date": dt.date(2032, 8, 24),
        "end_date": dt.date(2032, 8, 31),
        "max_mentor_capacity": 3,
        "recommended_meetings": 6,
        "actor_preferences_enabled": False,
        "suggestions_show_offer": True,
        "rematch_after_early_end": False,
        "is_public": True,
        "contact_email": "",
        "retention_months": 24,
        "phase_override": "",
    }
    values.update(changes)
    return values


@pytest.fixture
def staff(db):
    user = UserFactory(email="staff@example.org", full_name="Sara Staff", is_staff=True)
    totp_add(user)
    return user


# --- creating -----------------------------------------------------------------------


def test_coordinator_without_staff_status_creates_a_programme_on_the_site(programme, coordinator):
    assert not coordinator.is_staff
    client = client_for(coordinator)
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("programmes:setup_new") in home

    page = client.get(reverse("programmes:setup_new"))
    assert page.status_code == 200
    assert "Create programme" in page.content.decode()

    response = client.post(reverse("programmes:setup_new"), form_data(new_programme_values()))

    created = Programme.objects.get(slug="doctoral-2032")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:setup", args=["doctoral-2032"])
    assert created.name == "Doctoral mentoring 2032"
    assert created.kickoff_date == dt.date(2032, 2, 16)
    assert created.track == "doctoral"
    assert list(created.coordinators.all()) == [coordinator]
    # What every new programme starts with: the built-in benefit statements.
    assert ProgrammeBenefit.objects.filter(programme=created).exists()
    entry = AuditEntry.objects.get(action=Action.PROGRAMME_CREATED)
    assert (entry.actor, entry.programme_id) == (coordinator, created.pk)
    settings_page = client.get(response["Location"]).content.decode()
    assert "Doctoral mentoring 2032 was created and you are its coordinator." in settings_page


def test_a_new_programme_with_dates_out_of_order_is_refused_naming_the_date(
    programme, coordinator, caplog
):
    values = new_programme_values(closing_date=dt.date(2032, 4, 1))  # before the halfway
    with caplog.at_level(logging.WARNING, logger="mentorlab.programmes.setup"):
        response = client_for(coordinator).post(reverse("programmes:setup_new"), form_data(values))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "closing_date": ["The closing event comes after the halfway check-in."]
    }
    assert "The closing event comes after the halfway check-in." in response.content.decode()
    assert not Programme.objects.filter(slug="doctoral-2032").exists()
    assert "Refused new programme" in caplog.text


def test_a_taken_address_is_refused_on_its_field(programme, coordinator):
    values = new_programme_values(slug=programme.slug)
    response = client_for(coordinator).post(reverse("programmes:setup_new"), form_data(values))
    assert list(response.context["form"].errors) == ["slug"]
    assert Programme.objects.count() == 1


def test_site_staff_create_programmes_but_participants_do_not(staff, actor, mentor, outsider):
    assert setup.may_create_programme(staff)
    for person in (actor, mentor, outsider):
        assert not setup.may_create_programme(person)
        assert client_for(person).get(reverse("programmes:setup_new")).status_code == 404
        response = client_for(person).post(
            reverse("programmes:setup_new"), form_data(new_programme_values())
        )
        assert response.status_code == 404
    assert not Programme.objects.filter(slug="doctoral-2032").exists()


# --- copying ------------------------------------------------------------------------


@pytest.fixture
def last_year(programme, coordinator, actor, mentor):
    """`programme`, dressed as last year's cycle: its own wording, a survey answered by
    the actor, events of each kind, a peer group, and of course its people."""
    Programme.objects.filter(pk=programme.pk).update(
        name="Mentoring 2031",
        mentor_signup_opens=dt.date(2031, 1, 5),
        mentor_signup_closes=dt.date(2031, 1, 15),
        actor_applications_open=dt.date(2031, 1, 8),
        actor_applications_close=dt.date(2031, 1, 22),
        matching_date=dt.date(2031, 2, 5),
        kickoff_date=dt.date(2031, 2, 12),
        halfway_date=dt.date(2031, 5, 6),
        closing_date=dt.date(2031, 8, 20),
        end_date=dt.date(2031, 8, 31),
        max_mentor_capacity=4,
        retention_months=36,
    )
    programme.refresh_from_db()
    CustomQuestion.objects.create(
        programme=programme, kind=QuestionKind.SHORT, label="Where did you hear of us?", order=1
    )
    CustomQuestion.objects.create(
        programme=programme,
        kind=QuestionKind.SINGLE,
        label="Preferred meeting mode",
        choices="On campus\nOnline",
        required=True,
        order=2,
    )
    benefit = ProgrammeBenefit.objects.filter(programme=programme).first()
    benefit.statement = "I know my strengths (our own words)"
    benefit.save()
    survey = make_survey(programme, coordinator, title="Baseline 2031")
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=dt.datetime(2031, 2, 12, 9, 0, tzinfo=HELSINKI),
        closes_at=dt.datetime(2031, 2, 26, 17, 0, tzinfo=HELSINKI),
    )
    assert Invitation.objects.filter(survey=survey).exists()
    # Kick-off in winter time; 365 days on it is still winter time.
    EventFactory(
        programme=programme,
        title="Kick-off 2031",
        starts_at=dt.datetime(2031, 2, 12, 17, 0, tzinfo=HELSINKI),
        ends_at=dt.datetime(2031, 2, 12, 19, 0, tzinfo=HELSINKI),
        registration_deadline=dt.datetime(2031, 2, 10, 12, 0, tzinfo=HELSINKI),
        capacity=80,
    )
    EventFactory(
        programme=programme,
        title="Cancelled mixer",
        status=EventStatus.CANCELLED,
        starts_at=dt.datetime(2031, 3, 1, 17, 0, tzinfo=HELSINKI),
        ends_at=dt.datetime(2031, 3, 1, 19, 0, tzinfo=HELSINKI),
    )
    group = PeerGroupFactory(programme=programme, name="Founders")
    EventFactory(
        programme=programme,
        title="Founders' evening",
        audience=EventAudience.GROUP,
        peer_group=group,
        starts_at=dt.datetime(2031, 3, 2, 17, 0, tzinfo=HELSINKI),
        ends_at=dt.datetime(2031, 3, 2, 19, 0, tzinfo=HELSINKI),
    )
    return programme


def test_coordinator_without_staff_status_copies_last_years_programme(last_year, coordinator):
    last_year.series, last_year.quiet_weeks = "mentoring", 5
    last_year.save()
    client = client_for(coordinator)
    url = reverse("programmes:setup_copy")
    assert "Copy a programme" in client.get(url).content.decode()

    # Step one: the source and the new first day (a year later: 365 days on).
    step = client.get(url, {"source": last_year.pk, "first_date": "2032-01-05"})
    form = step.context["form"]
    assert form.initial["kickoff_date"] == dt.date(2032, 2, 12)
    assert form.initial["end_date"] == dt.date(2032, 8, 30)  # 365 days on, in a leap year
    assert form.initial["name_en"] == "Mentoring 2032"
    assert form.initial["slug"] == "mentoring-2032"
    assert 'value="2032-02-12"' in step.content.decode()

    # Step two: one date changed by hand before saving.
    values = dict(form.initial, closing_date=dt.date(2032, 8, 25))
    response = client.post(f"{url}?source={last_year.pk}&first_date=2032-01-05", form_data(values))

    copy = Programme.objects.get(slug="mentoring-2032")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:setup", args=["mentoring-2032"])
    assert copy.copied_from == last_year
    assert (copy.series, copy.quiet_weeks) == ("mentoring", 5)  # the next cycle of the series
    assert (copy.mentor_signup_opens, copy.actor_applications_close) == (
        dt.date(2032, 1, 5),
        dt.date(2032, 1, 22),
    )
    assert (copy.kickoff_date, copy.closing_date) == (dt.date(2032, 2, 12), dt.date(2032, 8, 25))
    assert (copy.max_mentor_capacity, copy.retention_months) == (4, 36)
    assert list(copy.coordinators.all()) == [coordinator]

    assert [(q.label, q.kind, q.choice_list, q.required) for q in copy.questions.all()] == [
        ("Where did you hear of us?", "short", [], False),
        ("Preferred meeting mode", "single", ["On campus", "Online"], True),
    ]
    assert [t.name for t in copy.topics.all()] == [t.name for t in last_year.topics.all()]
    assert set(
        ProgrammeBenefit.objects.filter(programme=copy).values_list("key", "statement")
    ) == set(ProgrammeBenefit.objects.filter(programme=last_year).values_list("key", "statement"))
    assert ProgrammeBenefit.objects.filter(
        programme=copy, statement="I know my strengths (our own words)"
    ).exists()

    survey = Survey.objects.get(programme=copy)
    source_survey = Survey.objects.get(programme=last_year)
    assert (survey.title, survey.state) == ("Baseline 2031", SurveyState.DRAFT)
    assert timezone.localtime(survey.opens_at) == dt.datetime(2032, 2, 12, 9, 0, tzinfo=HELSINKI)
    assert timezone.localtime(survey.closes_at) == dt.datetime(2032, 2, 26, 17, 0, tzinfo=HELSINKI)
    assert [(i.text, i.kind, i.benefit) for i in survey.items.all()] == [
        (i.text, i.kind, i.benefit) for i in source_survey.items.all()
    ]

    event = Event.objects.get(programme=copy)  # not the cancelled one, not the group's
    assert (event.title, event.status, event.capacity) == ("Kick-off 2031", "draft", 80)
    assert timezone.localtime(event.starts_at) == dt.datetime(2032, 2, 12, 17, 0, tzinfo=HELSINKI)
    assert timezone.localtime(event.registration_deadline) == dt.datetime(
        2032, 2, 10, 12, 0, tzinfo=HELSINKI
    )

    # No people: no applications, invitations, registrations, peer groups.
    assert not ActorApplication.objects.filter(programme=copy).exists()
    assert not MentorApplication.objects.filter(programme=copy).exists()
    assert not Invitation.objects.filter(survey__programme=copy).exists()
    assert not event.registrations.exists()
    assert not copy.peer_groups.exists()

    entry = AuditEntry.objects.get(action=Action.PROGRAMME_COPIED)
    assert (entry.actor, entry.programme_id, entry.details["source"]) == (
        coordinator,
        copy.pk,
        last_year.slug,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Mentoring 2032 was copied from Mentoring 2031." in page


def test_a_copy_whose_new_dates_are_out_of_order_is_refused_changes_nothing_and_is_logged(
    last_year, coordinator, caplog
):
    client = client_for(coordinator)
    url = f"{reverse('programmes:setup_copy')}?source={last_year.pk}&first_date=2032-01-05"
    values = client.get(url).context["form"].initial
    values = dict(values, halfway_date=dt.date(2032, 2, 1))  # before the kick-off
    counts = (Programme.objects.count(), Topic.objects.count(), Survey.objects.count())

    with caplog.at_level(logging.WARNING, logger="mentorlab.programmes.setup"):
        response = client.post(url, form_data(values))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "halfway_date": ["The halfway check-in comes after the kick-off."]
    }
    page = response.content.decode()
    assert "Please check the form" in page
    assert "The halfway check-in comes after the kick-off." in page
    assert (Programme.objects.count(), Topic.objects.count(), Survey.objects.count()) == counts
    assert not Event.objects.exclude(programme=last_year).exists()
    assert not AuditEntry.objects.filter(action=Action.PROGRAMME_COPIED).exists()
    [record] = [r for r in caplog.records if r.name == "mentorlab.programmes.setup"]
    assert record.levelno == logging.WARNING
    assert f"user {coordinator.pk}" in record.getMessage()
    assert "source=mentoring-2031" in record.getMessage()
    assert "halfway_date" in record.getMessage()


def test_a_copy_is_made_only_of_a_programme_one_coordinates(
    last_year, other_programme, other_coordinator
):
    client = client_for(other_coordinator)
    url = f"{reverse('programmes:setup_copy')}?source={last_year.pk}&first_date=2032-01-05"
    response = client.get(url)
    assert response.context.get("source") is None  # no step two
    assert response.context["choice"].errors["source"]
    values = setup.shifted_settings(last_year, dt.date(2032, 1, 5))
    client.post(url, form_data(values))
    assert not Programme.objects.filter(copied_from=last_year).exists()
    with pytest.raises(PermissionDenied):
        setup.programme_copy(source=last_year, by=other_coordinator, values=values)


def test_dates_and_times_move_by_whole_days_in_local_time():
    """An event at 17:00 in winter is at 17:00 in summer too."""
    copy = setup.ProgrammeCopy(source=Programme(), days=120, by=None)  # type: ignore[arg-type]
    winter = dt.datetime(2031, 2, 12, 17, 0, tzinfo=HELSINKI)
    assert timezone.localtime(copy.shift(winter)) == dt.datetime(
        2031, 6, 12, 17, 0, tzinfo=HELSINKI
    )
    assert copy.shift_date(dt.date(2031, 2, 12)) == dt.date(2031, 6, 12)


@pytest.mark.parametrize(
    ("name", "years", "expected"),
    [
        ("Mentoring 2026–27", 1, "Mentoring 2027–28"),
        ("Mentoring 2027", 1, "Mentoring 2028"),
        ("Doctoral mentoring 2029/30", 2, "Doctoral mentoring 2031/32"),
        ("Mentoring 2027", 0, "Mentoring 2027 (copy)"),
    ],
)
def test_the_copys_name_suggestion_moves_its_years(name, years, expected):
    assert setup._name_for_copy(name, years) == expected


# --- settings, questions, topics ----------------------------------------------------


def test_coordinator_edits_dates_and_rules(programme, coordinator):
    client = client_for(coordinator)
    url = reverse("programmes:setup", args=[programme.slug])
    values = client.get(url).context["form"].initial
    values = dict(values, max_mentor_capacity=2, end_date=programme.end_date + dt.timedelta(7))
    response = client.post(url, form_data(values))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.max_mentor_capacity == 2
    assert "The programme&#x27;s settings were saved." in client.get(url).content.decode()


def test_settings_with_dates_out_of_order_change_nothing(programme, coordinator):
    client = client_for(coordinator)
    url = reverse("programmes:setup", args=[programme.slug])
    values = dict(client.get(url).context["form"].initial)
    before = (programme.matching_date, programme.name)
    values.update(matching_date=programme.kickoff_date + dt.timedelta(1), name_en="Renamed")
    response = client.post(url, form_data(values))
    assert response.context["form"].errors == {
        "kickoff_date": ["The kick-off comes after matching."]
    }
    programme.refresh_from_db()
    assert (programme.matching_date, programme.name) == before


def test_questions_are_added_edited_reordered_and_deleted(programme, coordinator):
    client = client_for(coordinator)
    url = reverse("programmes:setup_questions", args=[programme.slug])
    refused = client.post(
        url, {"audience": "both", "kind": "single", "label_en": "Mode?", "choices_en": "Online\n"}
    )
    assert refused.context["form"].errors == {
        "choices_en": ["A choice question needs at least two choices."]
    }
    assert not programme.questions.exists()

    client.post(url, {"audience": "actor", "kind": "short", "label_en": "Your hobby?"})
    client.post(
        url,
        {
            "audience": "both",
            "kind": "single",
            "label_en": "Mode?",
            "choices_en": " Online \n\nCampus",
        },
    )
    first, second = programme.questions.all()
    assert second.choices == "Online\nCampus"

    client.post(
        reverse("programmes:setup_question_move", args=[programme.slug, second.pk]),
        {"direction": "up"},
    )
    assert [q.label for q in programme.questions.all()] == ["Mode?", "Your hobby?"]

    edit = reverse("programmes:setup_question", args=[programme.slug, first.pk])
    client.post(edit, {"audience": "actor", "kind": "long", "label_en": "Your hobbies?"})
    first.refresh_from_db()
    assert (first.label, first.kind) == ("Your hobbies?", "long")

    # The application form asks the new questions, in the new order.
    page = client_for(UserFactory()).get(
        reverse("programmes:application", args=[programme.slug, "actor"])
    )
    content = page.content.decode()
    assert content.index("Mode?") < content.index("Your hobbies?")

    client.post(reverse("programmes:setup_question_delete", args=[programme.slug, first.pk]))
    assert [q.label for q in programme.questions.all()] == ["Mode?"]


def test_a_question_someone_answered_is_not_deleted(programme, coordinator):
    question = CustomQuestion.objects.create(
        programme=programme, kind=QuestionKind.SHORT, label="Hobby?"
    )
    ActorApplicationFactory(programme=programme, answers={str(question.pk): "Chess"})
    client = client_for(coordinator)
    url = reverse("programmes:setup_question_delete", args=[programme.slug, question.pk])
    page = client.post(url, follow=True).content.decode()
    assert "1 application(s) already answer “Hobby?”" in page
    assert CustomQuestion.objects.filter(pk=question.pk).exists()


def test_topics_are_unique_per_programme_renamed_and_deleted(programme, coordinator):
    client = client_for(coordinator)
    url = reverse("programmes:setup_topics", args=[programme.slug])
    refused = client.post(url, {"name_en": "  leadership "})  # the factory made "Leadership"
    assert refused.context["form"].errors == {
        "name_en": ["This programme already has the topic “leadership”."]
    }
    assert programme.topics.filter(name__iexact="leadership").count() == 1

    client.post(url, {"name_en": "Working  abroad"})
    added = programme.topics.get(name="Working abroad")
    assert list(programme.topics.all())[-1] == added

    rename = reverse("programmes:setup_topic", args=[programme.slug, added.pk])
    assert client.post(rename, {"name_en": "Startups"}).context["form"].errors["name_en"]
    client.post(rename, {"name_en": "Careers abroad"})
    added.refresh_from_db()
    assert added.name == "Careers abroad"

    client.post(reverse("programmes:setup_topic_delete", args=[programme.slug, added.pk]))
    assert not Topic.objects.filter(pk=added.pk).exists()


def test_a_topic_chosen_in_an_application_is_not_deleted(programme, coordinator):
    topic = programme.topics.get(name="Startups")
    application = ActorApplicationFactory(programme=programme)
    application.topics.add(topic)
    client = client_for(coordinator)
    listing = client.get(reverse("programmes:setup_topics", args=[programme.slug]))
    assert "(chosen in 1 application)" in listing.content.decode()
    url = reverse("programmes:setup_topic_delete", args=[programme.slug, topic.pk])
    page = client.post(url, follow=True).content.decode()
    assert "1 application(s) chose “Startups”, so it cannot be deleted." in page
    assert Topic.objects.filter(pk=topic.pk).exists()


# --- coordinators -------------------------------------------------------------------


def test_staff_assign_and_remove_coordinators_with_audit_entries(programme, coordinator, staff):
    newcomer = UserFactory(email="nea@example.org", full_name="Nea Newcomer")
    client = client_for(staff)
    assert (
        reverse("programmes:setup_coordinators_all")
        in client.get(reverse("core:home")).content.decode()
    )
    url = reverse("programmes:setup_coordinators", args=[programme.slug])

    response = client.post(url, {"email": "NEA@example.org"}, follow=True)

    assert "Nea Newcomer now coordinates Mentoring 2031." in response.content.decode()
    assert set(programme.coordinators.all()) == {coordinator, newcomer}
    added = AuditEntry.objects.get(action=Action.COORDINATOR_ADDED)
    assert (added.actor, added.target_id, added.programme_id) == (
        staff,
        str(newcomer.pk),
        programme.pk,
    )

    remove = reverse("programmes:setup_coordinator_remove", args=[programme.slug, coordinator.pk])
    client.post(remove)
    assert list(programme.coordinators.all()) == [newcomer]
    removed = AuditEntry.objects.get(action=Action.COORDINATOR_REMOVED)
    assert (removed.actor, removed.target_id) == (staff, str(coordinator.pk))

    # The last coordinator stays.
    last = reverse("programmes:setup_coordinator_remove", args=[programme.slug, newcomer.pk])
    page = client.post(last, follow=True).content.decode()
    assert "A programme needs at least one coordinator." in page
    assert list(programme.coordinators.all()) == [newcomer]


def test_an_address_without_an_account_is_refused(programme, coordinator, staff):
    url = reverse("programmes:setup_coordinators", args=[programme.slug])
    response = client_for(staff).post(url, {"email": "nobody@example.org"})
    assert response.context["form"].errors == {
        "email": ["No active account has the address nobody@example.org."]
    }
    assert list(programme.coordinators.all()) == [coordinator]
    assert not AuditEntry.objects.exists()


def test_coordinators_cannot_assign_coordinators(programme, coordinator, outsider):
    url = reverse("programmes:setup_coordinators", args=[programme.slug])
    assert client_for(coordinator).post(url, {"email": outsider.email}).status_code == 404
    assert list(programme.coordinators.all()) == [coordinator]


# --- who may see the pages ----------------------------------------------------------


def _programme_pages(programme: Programme) -> list[str]:
    question = CustomQuestion.objects.create(
        programme=programme, kind=QuestionKind.SHORT, label="Hobby?"
    )
    topic = programme.topics.first()
    slug = programme.slug
    return [
        reverse("programmes:setup", args=[slug]),
        reverse("programmes:setup_questions", args=[slug]),
        reverse("programmes:setup_question", args=[slug, question.pk]),
        reverse("programmes:setup_question_move", args=[slug, question.pk]),
        reverse("programmes:setup_question_delete", args=[slug, question.pk]),
        reverse("programmes:setup_topics", args=[slug]),
        reverse("programmes:setup_topic", args=[slug, topic.pk]),
        reverse("programmes:setup_topic_delete", args=[slug, topic.pk]),
    ]


@pytest.mark.parametrize("who", ["other_coordinator", "actor", "mentor", "outsider", "staff"])
def test_a_programmes_set_up_pages_are_not_found_for_anyone_but_its_coordinators(
    request, programme, who
):
    person = request.getfixturevalue(who)
    if who == "other_coordinator":
        request.getfixturevalue("other_programme")
    client = client_for(person)
    for url in _programme_pages(programme):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"name_en": "x", "direction": "up"}).status_code == 404, url
    assert CustomQuestion.objects.filter(programme=programme).count() == 1
    assert programme.topics.count() == 3


@pytest.mark.parametrize("who", ["coordinator", "other_coordinator", "actor", "mentor", "outsider"])
def test_staff_pages_are_not_found_for_anyone_but_staff(request, programme, who):
    if who == "other_coordinator":
        request.getfixturevalue("other_programme")
    client = client_for(request.getfixturevalue(who))
    remove = reverse(
        "programmes:setup_coordinator_remove",
        args=[programme.slug, programme.coordinators.get().pk],
    )
    assert client.get(reverse("programmes:setup_coordinators_all")).status_code == 404
    assert (
        client.get(reverse("programmes:setup_coordinators", args=[programme.slug])).status_code
        == 404
    )
    assert client.post(remove).status_code == 404


@pytest.mark.parametrize("who", ["actor", "mentor", "outsider"])
def test_participants_cannot_copy_a_programme(request, programme, who):
    client = client_for(request.getfixturevalue(who))
    url = f"{reverse('programmes:setup_copy')}?source={programme.pk}&first_date=2032-01-05"
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(programme):
    from django.test import Client

    client = Client()
    urls = [
        reverse("programmes:setup_new"),
        reverse("programmes:setup_copy"),
        reverse("programmes:setup_coordinators_all"),
        reverse("programmes:setup_coordinators", args=[programme.slug]),
        *_programme_pages(programme),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("account_login")), url


def test_set_up_pages_need_the_second_factor(programme):
    coordinator = UserFactory(email="nofactor@example.org")
    programme.coordinators.add(coordinator)
    client = client_for(coordinator)
    response = client.get(reverse("programmes:setup", args=[programme.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    assert client.get(reverse("programmes:setup_new")).status_code == 302


def test_an_address_taken_at_the_last_moment_is_refused_on_its_field(programme):
    """full_clean saw the address free; another coordinator's save took it meanwhile."""
    late = Programme(
        **{
            f.name: getattr(programme, f.name)
            for f in Programme._meta.concrete_fields
            if f.name != "id"
        }
    )
    with pytest.raises(ValidationError) as refused:
        setup._insert(late)
    assert list(refused.value.message_dict) == ["slug"]


# --- three languages ----------------------------------------------------------------


def _finnish(client):
    client.cookies["django_language"] = "fi"
    return client


def test_set_up_pages_edit_english_finnish_and_swedish_with_english_required(
    programme, coordinator
):
    client = client_for(coordinator)
    page = client.get(reverse("programmes:setup_new")).content.decode()
    for label in ("Name (English)", "Name (Finnish)", "Name (Swedish)", "Description (Swedish)"):
        assert label in page
    values = new_programme_values(
        name_en="", name_fi="Tohtorimentorointi 2032", name_sv="Doktorandmentorskap 2032"
    )
    refused = client.post(reverse("programmes:setup_new"), form_data(values))
    assert refused.context["form"].errors == {"name_en": ["This field is required."]}

    values["name_en"] = "Doctoral mentoring 2032"
    client.post(reverse("programmes:setup_new"), form_data(values))
    created = Programme.objects.get(slug="doctoral-2032")
    assert (created.name_en, created.name_fi, created.name_sv) == (
        "Doctoral mentoring 2032",
        "Tohtorimentorointi 2032",
        "Doktorandmentorskap 2032",
    )

    topics = reverse("programmes:setup_topics", args=[created.slug])
    client.post(topics, {"name_en": "Careers abroad", "name_fi": "Ura ulkomailla"})
    topic = created.topics.get(name_en="Careers abroad")
    assert (topic.name_fi, topic.name_sv) == ("Ura ulkomailla", None)  # Swedish falls back
    refused = client.post(topics, {"name_en": "Working abroad", "name_fi": "ura ulkomailla"})
    assert refused.context["form"].errors == {
        "name_fi": ["This programme already has the topic “ura ulkomailla”."]
    }

    questions = reverse("programmes:setup_questions", args=[created.slug])
    refused = client.post(
        questions,
        {
            "audience": "both",
            "kind": "single",
            "label_en": "Meeting mode?",
            "choices_en": "Online\nOn campus",
            "choices_fi": "Etänä",
        },
    )
    assert list(refused.context["form"].errors) == ["choices_fi"]
    client.post(
        questions,
        {
            "audience": "both",
            "kind": "single",
            "label_en": "Meeting mode?",
            "label_fi": "Tapaamistapa?",
            "choices_en": "Online\nOn campus",
            "choices_fi": "Etänä\nKampuksella",
        },
    )
    question = created.questions.get()
    assert (question.label_fi, question.choices_fi) == ("Tapaamistapa?", "Etänä\nKampuksella")

    # A Finnish reader gets the Finnish texts, and English where nothing Finnish was written.
    Programme.objects.filter(pk=created.pk).update(
        actor_applications_open=days(-1), actor_applications_close=days(1)
    )
    form_page = _finnish(client_for(UserFactory())).get(
        reverse("programmes:application", args=[created.slug, "actor"])
    )
    content = form_page.content.decode()
    assert "Tohtorimentorointi 2032" in content
    assert "Tapaamistapa?" in content and "Kampuksella" in content
    assert "Ura ulkomailla" in content


def test_a_copy_keeps_every_language(last_year, coordinator):
    Programme.objects.filter(pk=last_year.pk).update(
        name_fi="Mentorointi 2031", name_sv="Mentorskap 2031"
    )
    last_year.refresh_from_db()
    topic = last_year.topics.get(name_en="Startups")
    topic.name_fi, topic.name_sv = "Startupit", "Uppstartsföretag"
    topic.save()
    question = last_year.questions.get(kind=QuestionKind.SINGLE)
    question.label_fi, question.choices_fi = "Tapaamistapa", "Kampuksella\nEtänä"
    question.save()
    Event.objects.filter(programme=last_year, title_en="Kick-off 2031").update(
        title_fi="Aloitus 2031", place_sv="Dipoli, Esbo"
    )
    Survey.objects.filter(programme=last_year).update(title_sv="Startenkät 2031")

    client = client_for(coordinator)
    url = f"{reverse('programmes:setup_copy')}?source={last_year.pk}&first_date=2032-01-05"
    values = client.get(url).context["form"].initial
    assert (values["name_fi"], values["name_sv"]) == ("Mentorointi 2032", "Mentorskap 2032")
    client.post(url, form_data(values))

    copy = Programme.objects.get(slug="mentoring-2032")
    assert (copy.name_en, copy.name_fi, copy.name_sv) == (
        "Mentoring 2032",
        "Mentorointi 2032",
        "Mentorskap 2032",
    )
    assert copy.topics.filter(
        name_en="Startups", name_fi="Startupit", name_sv="Uppstartsföretag"
    ).exists()
    assert copy.questions.filter(
        label_fi="Tapaamistapa", choices_fi="Kampuksella\nEtänä", choices_en="On campus\nOnline"
    ).exists()
    event = Event.objects.get(programme=copy)
    assert (event.title_en, event.title_fi, event.place_en, event.place_sv) == (
        "Kick-off 2031",
        "Aloitus 2031",
        "Dipoli, Espoo",
        "Dipoli, Esbo",
    )
    assert Survey.objects.get(programme=copy).title_sv == "Startenkät 2031"
