from __future__ import annotations

from typing import Any

from django import template

from mentorlab.core.links import links_for
from mentorlab.mentorships import links

register = template.Library()


@register.inclusion_tag("includes/page_links.html")
def workspace_links(mentorship: Any, user: Any) -> dict[str, Any]:
    """Links other apps add to the workspace (the conversation, with its unread count)."""
    return {"links": links_for(links.workspace_links, mentorship, user)}
