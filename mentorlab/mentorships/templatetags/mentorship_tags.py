from __future__ import annotations

from typing import Any

from django import template

from mentorlab.core.links import links_for
from mentorlab.mentorships import links
from mentorlab.mentorships.selectors import home_cards

register = template.Library()


@register.inclusion_tag("mentorships/_home_list.html")
def my_mentorships(user: Any) -> dict[str, Any]:
    """The user's mentorships with the next thing to do in each."""
    if not getattr(user, "is_authenticated", False):
        return {"cards": []}
    return {"cards": home_cards(user)}


@register.inclusion_tag("includes/page_links.html")
def workspace_links(mentorship: Any, user: Any) -> dict[str, Any]:
    """Links other apps add to the workspace (the conversation, with its unread count)."""
    return {"links": links_for(links.workspace_links, mentorship, user)}
