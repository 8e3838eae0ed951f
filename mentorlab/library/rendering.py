"""Markdown to HTML that is safe to show: Markdown first, then an allow-list sanitiser.

Whatever an editor types (raw HTML included), only the tags and attributes below survive:
no script or style, no event-handler attributes, and links only to http(s), mailto or
addresses inside the site."""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "summary",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    # The page title is the only h1; an editor's top-level headings become sections.
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
    html = re.sub(r"<(/?)h[56]\b", r"<\1h4", html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # sanitised by nh3 just above


def plain_excerpt(text: str, words: int = 35) -> str:
    """The first paragraph of Markdown as plain text, for lists when there is no summary."""
    html = render_markdown(text)
    first = re.split(r"</p>", html, maxsplit=1)[0]
    return Truncator(strip_tags(first).strip()).words(words)
