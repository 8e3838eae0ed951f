"""Message text to HTML: everything escaped, http(s) addresses made into links.

Written here rather than with Django's `urlize`, which also links bare domains
("example.com") and e-mail addresses; a message should link exactly what its author
pasted as a web address. The result also goes through nh3 (the Rust html sanitiser,
already used for Markdown), so that even a mistake in this code could not let a tag
other than a plain link through."""

from __future__ import annotations

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LINK_REL = "noopener noreferrer nofollow"
URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the address: "see https://x.fi/a."
TRAILING = ".,;:!?'\"»”’"
PAIRS = {")": "(", "]": "[", "}": "{"}


def _split_url(candidate: str) -> tuple[str, str]:
    """The address and whatever trailing punctuation belongs to the sentence instead."""
    url = candidate
    while url:
        last = url[-1]
        if last in TRAILING:
            url = url[:-1]
        elif last in PAIRS and url.count(last) > url.count(PAIRS[last]):
            url = url[:-1]  # "(see https://x.fi/a)" – the bracket is the sentence's
        else:
            break
    return url, candidate[len(url) :]


def render_message(text: str) -> SafeString:
    parts: list[str] = []
    position = 0
    for match in URL.finditer(text):
        url, rest = _split_url(match.group(0))
        parts.append(escape(text[position : match.start()]))
        if url.split("://", 1)[1]:  # "https://" alone is no address
            href = escape(url)
            parts.append(f'<a href="{href}" rel="{LINK_REL}">{href}</a>')
        else:
            parts.append(escape(url))
        parts.append(escape(rest))
        position = match.end()
    parts.append(escape(text[position:]))
    html = nh3.clean(
        "".join(parts),
        tags={"a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(html)
