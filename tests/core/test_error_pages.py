"""With DEBUG off a person gets Mentorlab's own error pages, in their language, with a way back
(before, Django's bare English "Not Found")."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def get(path: str, language: str = "en", user=None, **kwargs) -> tuple[int, str]:
    client = Client(raise_request_exception=False, **kwargs)
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    response = client.get(path) if not kwargs else client.post(path)
    return response.status_code, response.content.decode()


def test_missing_page_says_so_in_the_site_with_a_way_home(mentor):
    status, body = get("/no-such-page/", user=mentor)
    assert status == 404
    assert "<h1>Page not found</h1>" in body
    assert "Go to your home page" in body
    assert 'href="/"' in body
    assert "Sign out" in body  # the whole site around it, signed in


@pytest.mark.parametrize(
    ("language", "heading", "way_back"),
    [
        ("fi", "Sivua ei löytynyt", "Etusivulle"),
        ("sv", "Sidan hittades inte", "Till startsidan"),
    ],
)
def test_missing_page_in_finnish_and_swedish(language, heading, way_back):
    status, body = get("/no-such-page/", language)
    assert status == 404
    assert f'<html lang="{language}">' in body
    assert heading in body
    assert way_back in body
    assert "Not Found" not in body


def test_forbidden_page_offers_sign_in_to_an_anonymous_person():
    status, body = get("/test-errors/403/")
    assert status == 403
    assert "You cannot open this page" in body
    assert 'href="/accounts/login/?next=/test-errors/403/"' in body


def test_forbidden_page_in_finnish_for_a_signed_in_person(mentor):
    status, body = get("/test-errors/403/", "fi", user=mentor)
    assert status == 403
    assert "Et voi avata tätä sivua" in body
    assert "koordinaattorilta" in body


def test_bad_request_page(mentor):
    status, body = get("/test-errors/400/", "sv", user=mentor)
    assert status == 400
    assert "Begäran kunde inte förstås" in body
    assert "Till din startsida" in body


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Something went wrong"), ("fi", "Jokin meni vikaan"), ("sv", "Något gick fel")],
)
def test_server_error_page_in_the_persons_language(language, heading):
    status, body = get("/test-errors/500/", language)
    assert status == 500
    assert f'<html lang="{language}">' in body
    assert f"<h1>{heading}</h1>" in body
    assert 'href="/"' in body


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "The form could not be sent"),
        ("fi", "Lomaketta ei voitu lähettää"),
        ("sv", "Formuläret kunde inte skickas"),
    ],
)
def test_csrf_failure_page_explains_and_leads_back(language, heading):
    status, body = get("/test-errors/form/", language, enforce_csrf_checks=True)
    assert status == 403
    assert f"<h1>{heading}</h1>" in body
    assert 'href="/"' in body
    assert "CSRF verification failed" not in body


def test_pages_link_the_favicon(client):
    body = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in body


def test_favicon_is_served_from_static():
    from django.contrib.staticfiles import finders

    path = finders.find("favicon.svg")
    assert path is not None
    with open(path, encoding="utf-8") as svg:
        assert svg.read().startswith("<svg")
