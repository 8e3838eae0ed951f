from __future__ import annotations

from typing import Any

from django import template

from mentorlab.mentorships.selectors import home_cards

register = template.Library()


@register.inclusion_tag("mentorships/_home_list.html")
def my_mentorships(user: Any) -> dict[str, Any]:
    """The user's mentorships with the next thing to do in each."""
    if not getattr(user, "is_authenticated", False):
        return {"cards": []}
    return {"cards": home_cards(user)}
