"""Only a programme's coordinators see its surveys and reports; a response link works
only for its invitee. Everyone else gets a 404; a signed-out visitor is sent to sign in."""

from __future__ import annotations

import pytest

from mentorlab.surveys.models import HelpRequest, Invitation
from tests.surveys.conftest import answer, make_survey

pytestmark = pytest.mark.django_db

NOT_COORDINATORS = ["actor", "other_actor", "mentor", "outsider", "other_coordinator"]


@pytest.fixture
def survey(programme, coordinator, actor, other_actor):
    survey = make_survey(programme, coordinator, kind="baseline", anonymous=False)
    answer(survey, actor, {"courage": 3})
    return survey


@pytest.fixture
def help_request(survey, actor):
    return HelpRequest.objects.create(survey=survey, user=actor)


def coordinator_urls(programme, survey, help_request) -> list[tuple[str, str]]:
    base = f"/surveys/p/{programme.slug}"
    return [
        ("get", f"{base}/"),
        ("get", f"{base}/benefits/"),
        ("get", f"{base}/help/"),
        ("post", f"{base}/help/{help_request.pk}/handled/"),
        ("get", f"{base}/{survey.pk}/"),
        ("post", f"{base}/{survey.pk}/open/"),
        ("post", f"{base}/{survey.pk}/close/"),
        ("get", f"{base}/{survey.pk}/report/"),
        ("get", f"{base}/{survey.pk}/responses.csv"),
        ("get", f"{base}/{survey.pk}/benefit-change.csv"),
        ("get", f"{base}/{survey.pk}/export.xlsx"),
    ]


@pytest.mark.parametrize("persona", NOT_COORDINATORS)
def test_coordinator_pages_are_404_for_everyone_else(
    request, persona, programme, survey, help_request, as_user
):
    client = as_user(request.getfixturevalue(persona))
    for method, url in coordinator_urls(programme, survey, help_request):
        assert getattr(client, method)(url).status_code == 404, url
    help_request.refresh_from_db()
    assert help_request.resolved_at is None


def test_coordinator_pages_ask_signed_out_visitors_to_sign_in(
    programme, survey, help_request, as_user
):
    client = as_user(None)
    for method, url in coordinator_urls(programme, survey, help_request):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_coordinator_sees_every_page(programme, coordinator, survey, help_request, as_user):
    client = as_user(coordinator)
    for method, url in coordinator_urls(programme, survey, help_request):
        if method == "get" and not url.endswith("benefit-change.csv"):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["other_actor", "mentor", "coordinator", "outsider"])
def test_response_link_is_404_for_anyone_but_its_invitee(request, persona, survey, actor, as_user):
    token = Invitation.objects.get(survey=survey, user=actor).token
    client = as_user(request.getfixturevalue(persona))
    assert client.get(f"/surveys/answer/{token}/").status_code == 404
    assert client.post(f"/surveys/answer/{token}/", {"action": "send"}).status_code == 404


def test_response_link_needs_signing_in(survey, actor, as_user):
    token = Invitation.objects.get(survey=survey, user=actor).token
    response = as_user(None).get(f"/surveys/answer/{token}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_invitee_with_a_wrong_token_gets_404(survey, actor, as_user):
    assert as_user(actor).get("/surveys/answer/not-the-token/").status_code == 404


def test_invitee_opens_own_link(survey, actor, as_user):
    token = Invitation.objects.get(survey=survey, user=actor).token
    assert as_user(actor).get(f"/surveys/answer/{token}/").status_code == 200
