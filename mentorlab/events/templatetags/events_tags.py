from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from mentorlab.core.links import links_for
from mentorlab.events import links, selectors
from mentorlab.programmes.choices import Role

register = template.Library()


@register.simple_tag
def events_home(user: Any) -> dict[str, Any]:
    """The person's next registered events (at most five), groups and directories."""
    if not getattr(user, "is_authenticated", False):
        return {}
    now = timezone.now()
    rows = [(e, r) for e, r in selectors.events_for(user) if r is not None and e.ends_at >= now]
    programmes = [
        p for p, role in selectors.participant_roles(user).items() if role != Role.COORDINATOR
    ]
    return {
        "events": rows[:5],
        "groups": list(selectors.my_groups(user)),
        "programmes": programmes,
    }


@register.inclusion_tag("includes/page_links.html")
def group_links(group: Any, user: Any) -> dict[str, Any]:
    """Links other apps add to a peer group's page (its conversation, for members)."""
    return {"links": links_for(links.group_links, group, user)}
