"""Text written in the app rendered to HTML that is safe to show: Markdown (event
descriptions, library articles) or plain text with its web addresses linked (messages),
then always the nh3 allow-list sanitiser.

Each kind of page has a named profile saying which tags and attributes survive. Whatever
an editor types (raw HTML included), nothing else gets through: no script or style, no
event-handler attributes, and links only to http(s), mailto or addresses inside the site.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import unescape as html_unescape
from typing import Literal

import markdown
import nh3
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

ProfileName = Literal["event", "article"]

URL_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class Profile:
    tags: frozenset[str]
    attributes: Mapping[str, frozenset[str]]
    extensions: tuple[str, ...] = ("sane_lists",)
    link_rel: str = "noopener noreferrer nofollow"
    # The page title is the page's only h1: an editor's headings move down to h2–h4.
    demote_headings: bool = False
    url_schemes: frozenset[str] = field(default=URL_SCHEMES)


_BASIC_TAGS = frozenset(
    {"p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li"}
    | {"h2", "h3", "h4", "a"}
)
_LINK = {"a": frozenset({"href", "title"})}

PROFILES: Mapping[ProfileName, Profile] = {
    # A coordinator's event description: short formatted text; links to outside sites are
    # marked nofollow.
    "event": Profile(tags=_BASIC_TAGS | {"b", "i"}, attributes=_LINK),
    # A library article written by the editors: also tables, definition lists, abbreviations
    # and fold-outs (Markdown "extra").
    "article": Profile(
        tags=_BASIC_TAGS
        | {"abbr", "dd", "del", "details", "dl", "dt", "summary"}
        | {"table", "tbody", "td", "th", "thead", "tr"},
        attributes={
            **_LINK,
            "abbr": frozenset({"title"}),
            "th": frozenset({"scope"}),
            "ol": frozenset({"start"}),
        },
        extensions=("extra", "sane_lists"),
        link_rel="noopener noreferrer",
        demote_headings=True,
    ),
}

# A message between participants: plain text whose http(s) addresses become links.
LINKED_TEXT = Profile(
    tags=frozenset({"a"}),
    attributes={"a": frozenset({"href"})},
    url_schemes=frozenset({"http", "https"}),
)


def sanitise(html: str, rules: Profile) -> SafeString:
    """The HTML holding only the tags, attributes and link schemes the profile allows."""
    cleaned = nh3.clean(
        html,
        tags=set(rules.tags),
        attributes={tag: set(names) for tag, names in rules.attributes.items()},
        url_schemes=set(rules.url_schemes),
        link_rel=rules.link_rel,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # sanitised by nh3 just above


def render_markdown(text: str, *, profile: ProfileName) -> SafeString:
    """The Markdown as HTML holding only what the named profile allows."""
    rules = PROFILES[profile]
    html = markdown.markdown(text or "", extensions=list(rules.extensions), output_format="html")
    if rules.demote_headings:
        html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
        html = re.sub(r"<(/?)h[56]\b", r"<\1h4", html)
    return sanitise(html, rules)


# Django's `urlize` also links bare domains ("example.com") and e-mail addresses; a message
# should link exactly what its author pasted as a web address.
_URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the address: "see https://x.fi/a."
_TRAILING = ".,;:!?'\"»”’"
_BRACKETS = {")": "(", "]": "[", "}": "{"}


def _split_url(candidate: str) -> tuple[str, str]:
    """The address and whatever trailing punctuation belongs to the sentence instead."""
    url = candidate
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _BRACKETS and url.count(last) > url.count(_BRACKETS[last]):
            url = url[:-1]  # "(see https://x.fi/a)" – the bracket is the sentence's
        else:
            break
    return url, candidate[len(url) :]


def render_linked_text(text: str) -> SafeString:
    """Plain text as HTML: everything escaped, http(s) addresses made into links, and the
    result sanitised too, so that even a mistake here could let no other tag through."""
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url, rest = _split_url(match.group(0))
        parts.append(escape(text[position : match.start()]))
        if url.split("://", 1)[1]:  # "https://" alone is no address
            parts.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        else:
            parts.append(escape(url))
        parts.append(escape(rest))
        position = match.end()
    parts.append(escape(text[position:]))
    return sanitise("".join(parts), LINKED_TEXT)


def plain_excerpt(text: str, *, profile: ProfileName, words: int = 35) -> str:
    """The first paragraph of Markdown as plain text, for lists when there is no summary."""
    first = re.split(r"</p>", render_markdown(text, profile=profile), maxsplit=1)[0]
    return Truncator(strip_tags(first).strip()).words(words)


_LINK_TAG = re.compile(r'<a\b[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_BLOCK_END = re.compile(r"</(p|h[1-6]|blockquote|pre|ul|ol|dl|table|tr)>", re.IGNORECASE)


def markdown_to_text(text: str, *, profile: ProfileName) -> str:
    """Markdown as readable plain text, for places that show no HTML (calendar
    descriptions, text e-mails): no `**` or `#`, links written "text (address)", list items
    as "- item", paragraphs apart. Goes through the same sanitised HTML as the page."""
    html = str(render_markdown(text, profile=profile))

    def link(match: re.Match[str]) -> str:
        # Kept escaped: strip_tags below would turn a bare "&c" of an address into "&c;".
        url = html_unescape(match.group(1))
        label = html_unescape(strip_tags(match.group(2))).strip()
        return escape(url if not label or label == url else f"{label} ({url})")

    html = _LINK_TAG.sub(link, html)
    html = re.sub(r"<li\b[^>]*>\s*", "- ", html, flags=re.IGNORECASE)
    html = re.sub(r"</li>\s*|<br\s*/?>|<hr\s*/?>", "\n", html, flags=re.IGNORECASE)
    html = _BLOCK_END.sub("\n\n", html)
    plain = html_unescape(strip_tags(html))
    lines = [line.rstrip() for line in plain.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
