from __future__ import annotations

from typing import Any

from django import template

from mentorlab.careerdesign import selectors

register = template.Library()


@register.inclusion_tag("careerdesign/_home_card.html")
def careerdesign_home(user: Any) -> dict[str, Any]:
    """The toolkit's card on the signed-in home page: for an actor, their toolkit; for a
    mentor, the students who share work with them."""
    actor = selectors.is_actor(user)
    return {
        "is_actor": actor,
        "counts": selectors.item_counts(user) if actor else {},
        "mentees": selectors.mentees_of(user),
    }
