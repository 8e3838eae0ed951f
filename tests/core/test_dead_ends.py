"""No dead ends: every link on every main page of every role opens for that person.

Mentors were offered "Open this exercise in your toolkit" on library articles, which only
students may open (404 for them); the dashboard's "Benefit change report" link opened the
statement editor. Here each role's main pages (tests/browser/pages.py, the same list as the
browser checks) are read with the test client, and every link on them to a page of the site
is followed as the same person: none may answer "not found" or fail.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

from tests.browser.pages import PAGES, ROLES, page_ids
from tests.performance.world import world_create, world_grow
from tests.second_factor import sign_in

pytestmark = pytest.mark.django_db

# Followed with GET, these would sign the person out or are not pages.
SKIP_PREFIXES = ("/accounts/logout/", "/admin/", "/api/v1/docs/", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def site_links(html: str, page: str) -> list[tuple[str, str]]:
    """(path, link text) of each link on the page to another page of this site."""
    parser = _Links()
    parser.feed(html)
    links = []
    for href, text in parser.links:
        href = urldefrag(href)[0]
        parts = urlsplit(href)
        if not href or parts.scheme not in ("", "http", "https"):
            continue
        if parts.netloc and parts.netloc not in ("testserver", "127.0.0.1:8000"):
            continue
        path = parts.path if parts.path.startswith("/") else page.rsplit("/", 1)[0] + "/" + href
        if path.startswith(SKIP_PREFIXES):
            continue
        links.append((path + (f"?{parts.query}" if parts.query else ""), text))
    return links


@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_a_main_page_opens_for_the_person_who_sees_it(role: str) -> None:
    world = world_grow(world_create(f"links-{role}"), 1)
    ids = page_ids(world)
    client = Client()
    if role != "anonymous":
        sign_in(client, getattr(world, role))
    seen: dict[str, str] = {}  # link → the page it was found on
    for name, address in PAGES[role]:
        url = address.format(**ids)
        response = client.get(url)
        assert response.status_code == 200, f"{role} {name} {url}: {response.status_code}"
        for link, text in site_links(response.content.decode(), url):
            seen.setdefault(link, f"“{text}” on {name} {url}")
    dead = []
    for link, where in sorted(seen.items()):
        status = client.get(link).status_code
        if status >= 400:
            dead.append(f"{link} answers {status}: {where}")
    assert not dead, f"{role}: {len(dead)} of {len(seen)} links lead nowhere:\n" + "\n".join(dead)
