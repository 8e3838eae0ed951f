"""Moving people between peer groups works on the programme's own students only; any
other account number is a 404, so the page never names someone from outside."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["outsider", "other_actor_elsewhere", "mentor"])
def test_move_of_someone_outside_the_programmes_students_is_a_404(
    as_user, coordinator, programme, other_programme, persona, request
):
    if persona == "other_actor_elsewhere":
        from tests.factories import ActorApplicationFactory

        person = ActorApplicationFactory(programme=other_programme).user
    else:
        person = request.getfixturevalue(persona)
    url = reverse("events:group_member_move", args=[programme.slug])
    response = as_user(coordinator).post(url, {"user": person.pk, "group": ""})
    assert response.status_code == 404
    assert person.full_name not in response.content.decode()


def test_move_of_own_student_out_of_all_groups_still_works(as_user, coordinator, programme, actor):
    url = reverse("events:group_member_move", args=[programme.slug])
    response = as_user(coordinator).post(url, {"user": actor.pk, "group": ""}, follow=True)
    assert response.status_code == 200
    assert f"{actor} moved." in response.content.decode()


def test_a_malformed_member_id_is_not_found(as_user, coordinator, programme):
    from django.urls import reverse

    response = as_user(coordinator).post(
        reverse("events:group_member_move", args=[programme.slug]), {"user": "abc"}
    )
    assert response.status_code == 404
