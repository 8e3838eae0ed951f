"""Each programme keeps its participants' data for a stated period after it ends;
`apply_retention` then anonymises those who take part in nothing more recent."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.audit.models import Action, AuditEntry
from mentorlab.mentorships.models import Meeting, MeetingStatus, Mentorship
from mentorlab.mentorships.services import mentorship_create
from mentorlab.programmes.models import Programme
from mentorlab.programmes.retention import retention_apply, retention_candidates
from tests.factories import (
    ActorApplicationFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def ended(days_ago: int, *, retention_months: int = 24, **kwargs) -> Programme:
    """A programme whose whole cycle lies in the past, ending `days_ago` days ago."""
    end = timezone.localdate() - dt.timedelta(days=days_ago)
    day = lambda n: end - dt.timedelta(days=n)  # noqa: E731
    return ProgrammeFactory(
        mentor_signup_opens=day(300),
        mentor_signup_closes=day(280),
        actor_applications_open=day(300),
        actor_applications_close=day(270),
        matching_date=day(260),
        kickoff_date=day(250),
        halfway_date=day(120),
        closing_date=day(10),
        end_date=end,
        retention_months=retention_months,
        **kwargs,
    )


def student(programme: Programme, name: str) -> User:
    user = UserFactory(full_name=name)
    ActorApplicationFactory(programme=programme, user=user)
    return user


def mentor_in(programme: Programme, name: str) -> User:
    user = UserFactory(full_name=name)
    MentorApplicationFactory(programme=programme, user=user)
    return user


@pytest.fixture
def old():
    """Ended three years ago: past its 24 months."""
    return ended(3 * 365, name="Mentoring 2027", slug="mentoring-2027")


def test_retention_period_ends_that_many_months_after_the_programme(old):
    old.end_date = dt.date(2027, 8, 31)
    old.retention_months = 6
    assert old.retention_ends == dt.date(2028, 2, 29)
    old.retention_months = 24
    assert old.retention_ends == dt.date(2029, 8, 31)


def test_a_participant_of_an_expired_programme_only_is_anonymised(old):
    gone = student(old, "Ville Vanha")
    result = retention_apply()
    assert [c.user for c in result.anonymised] == [gone]
    gone.refresh_from_db()
    assert gone.full_name == "Former participant"
    assert not gone.is_active
    assert gone.email.endswith("@erased.invalid")
    assert not gone.actor_applications.exists()


def test_run_twice_anonymises_the_same_people_once(old):
    first = {student(old, "Ville Vanha"), mentor_in(old, "Minna Mentor")}
    assert {c.user for c in retention_apply().anonymised} == first
    assert retention_apply().anonymised == []
    per_person = AuditEntry.objects.filter(action=Action.RETENTION_ANONYMISED)
    assert sorted(int(e.target_id) for e in per_person) == sorted(u.pk for u in first)
    runs = AuditEntry.objects.filter(action=Action.RETENTION_RUN).order_by("pk")
    assert [r.details["anonymised"] for r in runs] == [2, 0]


def test_someone_in_a_later_programme_is_kept(old, programme):
    again = student(old, "Ville Vanha")
    ActorApplicationFactory(programme=programme, user=again)
    mentor_again = mentor_in(old, "Minna Mentor")
    MentorApplicationFactory(programme=programme, user=mentor_again)
    assert retention_apply().anonymised == []
    again.refresh_from_db()
    assert again.full_name == "Ville Vanha"


def test_someone_in_a_programme_that_ended_within_its_period_is_kept(old):
    recent = ended(200, name="Mentoring 2029", slug="mentoring-2029")
    kept = student(old, "Ville Vanha")
    ActorApplicationFactory(programme=recent, user=kept)
    assert retention_candidates() == []


def test_a_programme_within_its_period_keeps_everyone():
    recent = ended(300, retention_months=12)
    student(recent, "Ville Vanha")
    assert retention_candidates() == []
    assert [c.user.full_name for c in retention_candidates(today=recent.retention_ends)] == [
        "Ville Vanha"
    ]


def test_coordinators_and_site_staff_are_kept(old, programme, coordinator):
    ActorApplicationFactory(programme=old, user=coordinator)  # a former student now coordinates
    staff = student(old, "Sara Staff")
    staff.is_staff = True
    staff.save()
    old_coordinator = UserFactory(full_name="Olga Oldcoord")
    old.coordinators.add(old_coordinator)
    assert retention_apply().anonymised == []
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_already_erased_accounts_are_skipped(old):
    gone = student(old, "Ville Vanha")
    gone.is_active = False
    gone.save()
    assert retention_candidates() == []


def test_shared_records_read_former_participant_and_counts_stay(as_user, old, coordinator):
    old.coordinators.add(coordinator)
    actor = student(old, "Ville Vanha")
    mentor = mentor_in(old, "Minna Mentor")
    pair = mentorship_create(programme=old, mentor=mentor, actors=[actor])
    Mentorship.objects.filter(pk=pair.pk).update(state="completed", ended_at=timezone.now())
    Meeting.objects.create(mentorship=pair, start=timezone.now(), status=MeetingStatus.HELD)
    retention_apply()
    pair.refresh_from_db()
    assert str(pair.mentor) == "Former participant"
    assert Meeting.objects.filter(mentorship=pair, status=MeetingStatus.HELD).count() == 1
    client = as_user(coordinator)
    overview = client.get(reverse("dashboard:overview", args=[old.slug]))
    assert overview.status_code == 200
    assert "1 meetings held in all." in overview.content.decode()
    assert "Ville Vanha" not in overview.content.decode()
    trail = client.get(reverse("dashboard:audit", args=[old.slug])).content.decode()
    assert "Participant anonymised (retention)" in trail


def test_dry_run_lists_who_would_be_anonymised_and_changes_nothing(old):
    gone = student(old, "Ville Vanha")
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "Ville Vanha" in out.getvalue()
    assert "1 would be anonymised" in out.getvalue()
    gone.refresh_from_db()
    assert gone.is_active
    assert not AuditEntry.objects.exists()


def test_the_command_says_how_many_it_anonymised(old):
    student(old, "Ville Vanha")
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue().strip() == "1 anonymised"


@pytest.mark.parametrize("months", [0, -1])
def test_a_retention_period_below_one_month_is_refused_and_logged(old, months, caplog):
    old.retention_months = months
    with pytest.raises(ValidationError) as refused:
        old.full_clean()
    assert (
        "Keep the data for at least one month." in refused.value.message_dict["retention_months"]
        or months < 0
    )
    assert f"Refused retention period of {months} months" in caplog.text
    old.refresh_from_db()
    assert old.retention_months == 24


def test_the_database_refuses_a_zero_period_too(old):
    with pytest.raises(IntegrityError):
        Programme.objects.filter(pk=old.pk).update(retention_months=0)


@pytest.mark.parametrize("months", ["0", "-3"])
def test_the_admin_form_refuses_a_period_below_one_month(old, months):
    model_admin = admin.site._registry[Programme]
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    data = model_to_dict(old)
    data["retention_months"] = months
    form = model_admin.get_form(request, old)(data, instance=old)
    assert not form.is_valid()
    assert "retention_months" in form.errors
    old.refresh_from_db()
    assert old.retention_months == 24


def test_new_programmes_keep_data_for_24_months(programme):
    assert programme.retention_months == 24


def test_the_privacy_notice_states_the_period(client, programme):
    page = client.get(reverse("core:privacy")).content.decode()
    assert "kept for 24 months" in page


def test_the_privacy_notice_states_each_programmes_period_when_they_differ(client, programme):
    ended(10, retention_months=6, name="Short programme", slug="short")
    page = client.get(reverse("core:privacy")).content.decode()
    assert "Short programme: 6 months" in page
    assert "Mentoring 2031: 24 months" in page


def test_anonymous_survey_figures_still_compute_after_anonymisation(as_user, old, coordinator):
    from tests.surveys.conftest import answer, make_survey

    old.coordinators.add(coordinator)
    people = [student(old, f"Student {i}") for i in range(5)]
    survey = make_survey(old, coordinator, anonymous=True)
    for person in people:
        answer(survey, person, {"confidence": 4})
    url = reverse("surveys:report", args=[old.slug, survey.pk])
    before = as_user(coordinator).get(url).content.decode()
    assert len(retention_apply().anonymised) == 5
    after = as_user(coordinator).get(url).content.decode()
    assert "5 of 5 invited people sent their answers" in before
    assert "5 of 5 invited people sent their answers" in after
