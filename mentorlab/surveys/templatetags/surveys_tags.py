from __future__ import annotations

from django import template

register = template.Library()


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
