from __future__ import annotations

from typing import Any

from django import template

from mentorlab.surveys import selectors
from mentorlab.surveys.models import Invitation

register = template.Library()


@register.simple_tag
def open_survey_invitations(user: Any) -> list[Invitation]:
    """Surveys the person can answer now, soonest closing first."""
    if not getattr(user, "is_authenticated", False):
        return []
    return selectors.open_invitations(user)


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{round(value * 100)}%"


@register.filter
def pvalue(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 0.001:
        return "< 0.001"
    return f"{value:.3f}"


@register.filter
def signed(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.2f}"
