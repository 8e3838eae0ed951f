"""Coordinators and site staff need two-factor sign-in before any coordinator page;
actors and mentors may turn it on but are never forced."""

from __future__ import annotations

import re
import types
from collections.abc import Iterator

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from mentorlab.programmes.second_factor import COORDINATOR_PAGES, is_coordinator_page
from tests.factories import ProgrammeFactory, UserFactory
from tests.second_factor import SECRET, sign_in, totp_add, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
NOW = 1_900_000_020.0  # the start of a 30-second TOTP window

# Pages anyone signed in (or anyone at all) may open, reviewed as not coordinator pages.
# A new URL must be added here or to programmes/second_factor.py, or the test below fails.
PARTICIPANT_PAGES = {
    "core:home",
    "core:privacy",
    "core:calendar_settings",
    "core:calendar_renew",
    "core:calendar_feed",
    "accounts:profile",
    "accounts:data_export",
    "accounts:account_delete",
    "programmes:detail",
    "programmes:application",
    "programmes:withdraw",
    "matching:choose",
    "events:list",
    "events:detail",
    "events:registration_cancel",
    "events:ics",
    "events:group",
    "events:directory",
    "events:directory_me",
    "events:directory_remove",
    "library:index",
    "library:detail",
    "surveys:mine",
    "surveys:respond",
    "set_language",
    # Anyone makes and revokes their own API tokens; a coordinator only in a session that
    # proved the second factor, which the view itself checks (mentorlab/api/tokens.py).
    "api_tokens:create",
    "api_tokens:revoke",
    # Everyone's own notifications; the unsubscribe link works without signing in.
    "notifications:list",
    "notifications:open",
    "notifications:mark_all_read",
    "notifications:seen",
    "notifications:preferences",
    "notifications:unsubscribe",
    # A programme's announcements: its participants read those sent to them, its
    # coordinators all (counts only, no names); writing one is a coordinator page.
    "announcements:list",
    "announcements:detail",
}
# Whole namespaces of participant pages. The REST API is not a page: it applies the same
# rule in its own authentication (mentorlab/api/authentication.py), for tokens and sessions,
# and tests/api/test_second_factor.py checks it.
PARTICIPANT_NAMESPACES = {"careerdesign", "conversations", "mentorships", "api"}
PARTICIPANT_MENTORSHIP_EXCEPTIONS = {
    "mentorships:coordinator",
    "mentorships:coordinator_create",
    "mentorships:coordinator_close",
    "mentorships:coordinator_nudge",
    "mentorships:coordinator_export",
}


def _patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, str, URLPattern]]:
    """(namespace, view name, route, pattern) of every URL of the site."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _patterns(pattern, route, inner)
        else:
            name = pattern.name or ""
            view_name = f"{namespace}:{name}" if namespace and name else name
            yield namespace, view_name, route, pattern


def _is_allauth(route: str) -> bool:
    return route.startswith("accounts/")


def _is_participant_page(namespace: str, view_name: str) -> bool:
    if view_name in PARTICIPANT_MENTORSHIP_EXCEPTIONS:
        return False
    return view_name in PARTICIPANT_PAGES or namespace in PARTICIPANT_NAMESPACES


def _coordinator_patterns() -> list[tuple[str, str, str, URLPattern]]:
    return [p for p in _patterns() if is_coordinator_page(p[0], p[1])]


SAMPLE = {"slug": "mentoring-2031", "kind": "journal", "role": "actor", "fmt": "csv"}


def _sample_path(namespace: str, view_name: str, route: str, pattern: URLPattern) -> str:
    """A concrete address for a pattern, with made-up ids: the check runs before the view."""
    if route.startswith("^") or "(?P<" in route:
        names = pattern.pattern.regex.groupindex
        if not view_name or "url" in names:
            return "/admin/this-page-does-not-exist/"  # the admin's catch-all
        kwargs = {n: "accounts" if n == "app_label" else SAMPLE.get(n, "1") for n in names}
        return reverse(view_name, kwargs=kwargs)

    def fill(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        if converter == "int":
            return "1"
        return SAMPLE.get(name, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


@pytest.fixture
def bare_coordinator(db):
    """A coordinator who has not set up a second factor yet."""
    user = UserFactory(email="new.coordinator@example.org", full_name="Nea Newcoord")
    ProgrammeFactory(slug="mentoring-2031").coordinators.add(user)
    return user


@pytest.fixture
def frozen_totp(monkeypatch):
    """TOTP codes are checked against a fixed clock, so a test never straddles a window."""
    cache.clear()  # codes used in other tests at the same fixed time are remembered there
    clock = types.SimpleNamespace(now=NOW)
    monkeypatch.setattr(totp_auth, "time", types.SimpleNamespace(time=lambda: clock.now))
    return clock


def _verified(user):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _password_sign_in(client: Client, user) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def _reauthenticate(client: Client) -> None:
    """allauth asks for the password again before an authenticator is added or removed."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


# --- which pages are coordinator pages ------------------------------------------------------


def test_every_page_of_the_site_is_classified_as_coordinator_or_participant_page():
    unclassified, both = [], []
    for namespace, view_name, route, _pattern in _patterns():
        if _is_allauth(route) or namespace == "admin":
            continue
        coordinator = is_coordinator_page(namespace, view_name)
        participant = _is_participant_page(namespace, view_name)
        if coordinator and participant:
            both.append(view_name)
        elif not coordinator and not participant:
            unclassified.append(view_name or route)
    assert not both, f"listed as coordinator and participant page: {both}"
    assert not unclassified, (
        f"add these to COORDINATOR_PAGES (programmes/second_factor.py) or, if anyone may "
        f"open them, to PARTICIPANT_PAGES here: {unclassified}"
    )


def test_the_list_of_coordinator_pages_names_only_pages_that_exist():
    names = {view_name for _n, view_name, _r, _p in _patterns()}
    assert not COORDINATOR_PAGES - names, COORDINATOR_PAGES - names


def test_no_sign_in_or_two_factor_page_is_a_coordinator_page():
    """Otherwise a coordinator could never reach the page that lets them in."""
    for namespace, view_name, route, _pattern in _patterns():
        if _is_allauth(route):
            assert not is_coordinator_page(namespace, view_name), view_name


def test_every_coordinator_page_sends_a_coordinator_without_a_second_factor_to_set_one_up(
    bare_coordinator,
):
    client = sign_in(Client(), bare_coordinator)
    setup = reverse("mfa_index")
    patterns = _coordinator_patterns()
    assert len(patterns) > len(COORDINATOR_PAGES)  # the admin's pages are walked too
    for namespace, view_name, route, pattern in patterns:
        path = _sample_path(namespace, view_name, route, pattern)
        assert resolve(path).func == pattern.callback, (view_name, path)
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, (view_name, path, response.status_code)
            assert response["Location"] == setup, (view_name, path)


def test_the_set_up_page_says_why_and_offers_an_app_and_a_security_key(as_user, bare_coordinator):
    client = sign_in(Client(), bare_coordinator)
    response = client.get(reverse("dashboard:overview", args=["mentoring-2031"]), follow=True)
    body = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("mfa_index")
    assert "Coordinator pages need two-factor sign-in" in body
    assert reverse("mfa_activate_totp") in body
    assert reverse("mfa_add_webauthn") in body


def test_htmx_requests_are_sent_to_the_set_up_page_as_a_whole_page(bare_coordinator):
    client = sign_in(Client(), bare_coordinator)
    response = client.get(
        reverse("matching:home", args=["mentoring-2031"]), headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == reverse("mfa_index")


def test_site_staff_without_a_second_factor_cannot_open_the_admin(db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = sign_in(Client(), staff).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_the_admin_signs_in_through_the_sites_sign_in_with_its_second_factor(client, db):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_coordinator_without_a_second_factor_still_opens_their_own_pages(bare_coordinator):
    client = sign_in(Client(), bare_coordinator)
    assert client.get(reverse("core:home")).status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_session_that_never_showed_the_code_is_asked_for_it(coordinator, programme, frozen_totp):
    client = Client()
    client.force_login(coordinator)  # a session from before the app was set up
    dashboard = reverse("dashboard:overview", args=[programme.slug])
    response = client.get(dashboard)
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("mfa_reauthenticate") + "?next=%2Fdashboard%2Fmentoring-2031%2F"
    )
    confirmed = client.post(response["Location"], {"code": totp_code(NOW)})
    assert confirmed["Location"] == dashboard
    assert client.get(dashboard).status_code == 200


def test_a_removed_authenticator_no_longer_counts(as_user, coordinator, programme):
    client = as_user(coordinator)
    url = reverse("dashboard:overview", args=[programme.slug])
    assert client.get(url).status_code == 200
    Authenticator.objects.filter(user=coordinator).delete()
    assert client.get(url)["Location"] == reverse("mfa_index")


# --- setting up and signing in ---------------------------------------------------------------


# The session is marked when allauth's "authenticator added" signal fires, after the commit.
@pytest.mark.django_db(transaction=True)
def test_coordinator_sets_up_an_app_and_signs_in_with_a_code(bare_coordinator, frozen_totp):
    _verified(bare_coordinator)
    client = Client()
    _password_sign_in(client, bare_coordinator)
    dashboard = reverse("dashboard:overview", args=["mentoring-2031"])
    assert client.get(dashboard)["Location"] == reverse("mfa_index")

    # Set up the authenticator app: the page shows a secret, the app shows a code.
    _reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[totp_auth.SECRET_SESSION_KEY]
    assert secret in page.content.decode()
    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(NOW, secret)})
    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=bare_coordinator, type="totp").exists()
    # The code just shown proves the second factor for this session.
    assert client.get(dashboard).status_code == 200

    # Next time: password, then a code from the app.
    client.post(reverse("account_logout"))
    frozen_totp.now = NOW + 60
    login = client.post(
        reverse("account_login"), {"login": bare_coordinator.email, "password": PASSWORD}
    )
    assert login["Location"] == reverse("mfa_authenticate")
    assert client.get(dashboard).status_code == 302  # not signed in yet
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(NOW + 60, secret)})
    assert done.status_code == 302
    response = client.get(dashboard)
    assert response.status_code == 200
    assert response.wsgi_request.user == bare_coordinator


def test_a_wrong_code_does_not_sign_the_coordinator_in(coordinator, programme, frozen_totp):
    _verified(coordinator)
    client = Client()
    _password_sign_in(client, coordinator)
    wrong = "000000" if totp_code(NOW) != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not client.get(reverse("core:home")).wsgi_request.user.is_authenticated


def test_a_code_used_once_is_refused_again_within_its_window(coordinator, programme, frozen_totp):
    _verified(coordinator)
    code = totp_code(NOW)
    first = Client()
    _password_sign_in(first, coordinator)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert first.get(reverse("dashboard:overview", args=[programme.slug])).status_code == 200

    # Someone who saw the code (over the shoulder, a phishing page) tries it at once.
    frozen_totp.now = NOW + 10
    second = Client()
    _password_sign_in(second, coordinator)
    response = second.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not second.get(reverse("core:home")).wsgi_request.user.is_authenticated


def test_a_coordinator_cannot_turn_off_their_only_authenticator(
    coordinator, programme, frozen_totp
):
    _verified(coordinator)
    client = Client()
    _password_sign_in(client, coordinator)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(NOW)})
    _reauthenticate(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()


# --- everyone else ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["actor", "mentor"])
def test_actors_and_mentors_are_never_asked_for_a_second_factor(request, persona):
    user = request.getfixturevalue(persona)
    _verified(user)
    client = Client()
    _password_sign_in(client, user)
    assert client.get(reverse("core:home")).status_code == 200
    slug = "mentoring-2031"
    assert client.get(reverse("programmes:detail", args=[slug])).status_code == 200
    # A coordinator page is still simply not theirs: 404, as before, not a set-up request.
    assert client.get(reverse("dashboard:overview", args=[slug])).status_code == 404


def test_a_student_may_turn_on_two_factor_sign_in_from_the_profile(as_user, actor, frozen_totp):
    page = as_user(actor).get(reverse("accounts:profile")).content.decode()
    assert reverse("mfa_index") in page
    assert "Two-factor sign-in" in page


def test_a_student_may_turn_off_their_authenticator(actor, frozen_totp):
    _verified(actor)
    totp_add(actor, SECRET)
    client = Client()
    _password_sign_in(client, actor)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(NOW)})
    _reauthenticate(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=actor, type="totp").exists()
