from __future__ import annotations

from django import template

from mentorlab.programmes.choices import INDUSTRIES, LANGUAGES, SCHOOLS, label_for

register = template.Library()


@register.filter
def language_labels(codes: list[str]) -> str:
    return ", ".join(label_for(LANGUAGES, code) for code in codes or [])


@register.filter
def industry_labels(codes: list[str]) -> str:
    return ", ".join(label_for(INDUSTRIES, code) for code in codes or [])


@register.filter
def school_label(code: str) -> str:
    return label_for(SCHOOLS, code)
