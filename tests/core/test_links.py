"""Links an app higher up adds to a lower app's page (core/links.py)."""

from __future__ import annotations

from mentorlab.core.links import PageLink, links_for
from mentorlab.core.registry import Registry
from mentorlab.events.links import group_links
from mentorlab.mentorships.links import workspace_links


def test_only_the_links_that_apply_are_shown_in_order():
    registry: Registry[object] = Registry("links")
    registry.register("b", lambda obj, user: PageLink("Second", f"/b/{obj}/"), order=2)
    registry.register("a", lambda obj, user: PageLink("First", f"/a/{obj}/", count=3), order=1)
    registry.register("none", lambda obj, user: None, order=0)
    assert links_for(registry, 7, None) == [
        PageLink("First", "/a/7/", count=3),
        PageLink("Second", "/b/7/"),
    ]


def test_conversations_put_their_link_on_the_workspace_and_the_peer_group_page():
    assert workspace_links.names() == ["conversations"]
    assert group_links.names() == ["conversations"]
