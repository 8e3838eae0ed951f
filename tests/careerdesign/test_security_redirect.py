"""Sharing an item returns to the page it was shared from, and never to another site."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.careerdesign.factories import JournalEntryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/login", "//evil.example/login", "/\\evil.example/login"],
)
def test_share_does_not_send_the_actor_to_another_site(as_user, actor, mentorship, target):
    item = JournalEntryFactory(owner=actor)
    url = reverse("careerdesign:item_share", kwargs={"kind": item.kind, "pk": item.pk})
    response = as_user(actor).post(url, {"shared": "1", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("careerdesign:index")
    item.refresh_from_db()
    assert item.shared


def test_share_returns_to_the_page_it_came_from(as_user, actor, mentorship):
    item = JournalEntryFactory(owner=actor)
    url = reverse("careerdesign:item_share", kwargs={"kind": item.kind, "pk": item.pk})
    response = as_user(actor).post(url, {"shared": "1", "next": "/toolkit/journal/?week=3"})
    assert response["Location"] == "/toolkit/journal/?week=3"


@pytest.mark.parametrize("target", ["abc", "careerdesign:journal", "admin:index", "javascript:x"])
def test_share_with_a_next_that_is_not_a_path_saves_and_returns_to_the_toolkit(
    as_user, actor, mentorship, target
):
    """A bare word used to be tried as a view name: a server error after the change was saved."""
    item = JournalEntryFactory(owner=actor)
    url = reverse("careerdesign:item_share", kwargs={"kind": item.kind, "pk": item.pk})
    response = as_user(actor).post(url, {"shared": "1", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("careerdesign:index")
    item.refresh_from_db()
    assert item.shared
