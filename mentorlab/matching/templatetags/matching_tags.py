from __future__ import annotations

from typing import Any

from django import template

from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import Phase, Programme

register = template.Library()


@register.simple_tag
def ranking_invitations(user: Any) -> list[Programme]:
    """Programmes where this accepted student may rank suggested mentors right now."""
    if not getattr(user, "is_authenticated", False):
        return []
    programmes = Programme.objects.filter(
        actor_preferences_enabled=True,
        actor_applications__user=user,
        actor_applications__status=ApplicationStatus.ACCEPTED,
    ).exclude(match_runs__status="published")
    return [p for p in programmes if p.phase == Phase.MATCHING]
