"""Links that an app higher up adds to a page owned by an app lower down.

A page such as the mentorship workspace or a peer group's page belongs to its app, but an
app above it (conversations, for instance) may want a link there, with a count beside it.
The page's app owns a `Registry[LinkProvider]` and shows whatever the providers return; the
app above registers its provider from `AppConfig.ready`, so nothing imports upwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str
    count: int = 0  # shown as a badge when above zero
    count_label: str = ""  # what the count means, for screen readers ("2 unread")


# (the page's object, the signed-in user) -> a link, or None when it does not apply.
LinkProvider = Callable[[Any, Any], PageLink | None]


def links_for(providers: Any, obj: Any, user: Any) -> list[PageLink]:
    """Ask every provider of a registry; keep the links that apply."""
    links = (provider(obj, user) for provider in providers)
    return [link for link in links if link is not None]
