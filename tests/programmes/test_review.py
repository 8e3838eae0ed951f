from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from mentorlab.programmes.models import ActorApplication, MentorApplication
from tests.factories import ActorApplicationFactory

pytestmark = pytest.mark.django_db


def review_url(programme):
    return reverse("programmes:review", args=[programme.slug])


def test_coordinator_sees_and_filters_applications(as_user, coordinator, programme, actor, mentor):
    client = as_user(coordinator)
    body = client.get(review_url(programme)).content.decode()
    assert "Aino Actor" in body
    assert "Maija Mentor" in body
    mentors_only = client.get(review_url(programme) + "?role=mentor").content.decode()
    assert "Maija Mentor" in mentors_only
    assert "Aino Actor" not in mentors_only
    search = client.get(review_url(programme) + "?q=aino").content.decode()
    assert "Aino Actor" in search
    assert "Maija Mentor" not in search


def test_bulk_decision_changes_status_and_emails_each_applicant(
    as_user, coordinator, programme, django_capture_on_commit_callbacks
):
    a1 = ActorApplicationFactory(programme=programme, status="submitted")
    a2 = ActorApplicationFactory(programme=programme, status="submitted")
    untouched = ActorApplicationFactory(programme=programme, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(coordinator).post(
            review_url(programme),
            {"decision": "accepted", "selected": [f"actor-{a1.pk}", f"actor-{a2.pk}"]},
        )
    assert response.status_code == 302
    assert set(ActorApplication.objects.filter(status="accepted").values_list("pk", flat=True)) == {
        a1.pk,
        a2.pk,
    }
    untouched.refresh_from_db()
    assert untouched.status == "submitted"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a1.user.email, a2.user.email])
    assert all("Welcome to Mentoring 2031" in m.subject for m in mail.outbox)


def test_decision_needs_a_selection(as_user, coordinator, programme, actor):
    response = as_user(coordinator).post(review_url(programme), {"decision": "declined"})
    assert response.status_code == 200
    assert "Select at least one application." in response.content.decode()
    assert ActorApplication.objects.get(user=actor).status == "accepted"


def test_single_decision_from_the_detail_page(
    as_user, coordinator, programme, mentor, django_capture_on_commit_callbacks
):
    application = MentorApplication.objects.get(user=mentor)
    url = reverse("programmes:review_detail", args=[programme.slug, "mentor", application.pk])
    page = as_user(coordinator).get(url).content.decode()
    assert "Engineering Manager" in page
    with django_capture_on_commit_callbacks(execute=True):
        as_user(coordinator).post(url, {"decision": "waitlisted"})
    application.refresh_from_db()
    assert application.status == "waitlisted"
    assert "waiting list" in mail.outbox[0].subject


@pytest.mark.parametrize("persona", ["actor", "mentor", "other_coordinator", "outsider"])
def test_only_the_programmes_coordinators_may_review(request, as_user, programme, persona, actor):
    user = request.getfixturevalue(persona)
    client = as_user(user)
    assert client.get(review_url(programme)).status_code == 404
    application = ActorApplication.objects.get(user=actor)
    detail = reverse("programmes:review_detail", args=[programme.slug, "actor", application.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"decision": "declined"}).status_code == 404
    application.refresh_from_db()
    assert application.status == "accepted"


def test_anonymous_visitor_is_sent_to_login(client, programme):
    response = client.get(review_url(programme))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_application_of_another_programme_is_404(
    as_user, coordinator, programme, other_programme
):
    foreign = ActorApplicationFactory(programme=other_programme)
    url = reverse("programmes:review_detail", args=[programme.slug, "actor", foreign.pk])
    assert as_user(coordinator).get(url).status_code == 404
    response = as_user(coordinator).post(
        review_url(programme), {"decision": "declined", "selected": [f"actor-{foreign.pk}"]}
    )
    assert response.status_code == 200  # not a choice on this programme's list
    foreign.refresh_from_db()
    assert foreign.status == "accepted"


def test_admin_shows_coordinators_only_their_own_programmes(
    as_user, coordinator, programme, other_programme
):
    from django.contrib.auth.models import Permission

    coordinator.is_staff = True
    coordinator.save()
    coordinator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="programmes")
    )
    body = (
        as_user(coordinator).get(reverse("admin:programmes_programme_changelist")).content.decode()
    )
    assert "Mentoring 2031" in body
    assert "Other programme" not in body
    foreign = reverse("admin:programmes_programme_change", args=[other_programme.pk])
    assert as_user(coordinator).get(foreign).status_code == 302  # "doesn't exist" redirect


def test_admin_offers_coordinators_only_their_own_programmes_for_an_application(
    as_user, coordinator, programme, other_programme
):
    """A coordinator cannot create or move an application into a programme they do not run
    (that would let them accept people into someone else's programme)."""
    from django.contrib.auth.models import Permission

    coordinator.is_staff = True
    coordinator.save()
    coordinator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="programmes")
    )
    client = as_user(coordinator)
    for name in ("actorapplication", "mentorapplication"):
        body = client.get(reverse(f"admin:programmes_{name}_add")).content.decode()
        select = body.split('name="programme"', 1)[1].split("</select>", 1)[0]
        assert "Mentoring 2031" in select
        assert "Other programme" not in select


def test_long_review_lists_are_paged_and_keep_the_filters(as_user, coordinator, programme):
    for _ in range(102):
        ActorApplicationFactory(programme=programme, status="submitted")
    client = as_user(coordinator)
    first = client.get(review_url(programme) + "?status=submitted").content.decode()
    assert "102 applications" in first
    assert "Page 1 of 2" in first
    assert "?status=submitted&amp;page=2" in first
    second = client.get(review_url(programme) + "?status=submitted&page=2").content.decode()
    assert "Page 2 of 2" in second
    assert second.count('name="selected"') == 2
