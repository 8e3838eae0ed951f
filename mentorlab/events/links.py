"""Links other apps add to a peer group's page (see `core/links.py`)."""

from __future__ import annotations

from mentorlab.core.links import LinkProvider
from mentorlab.core.registry import Registry

group_links: Registry[LinkProvider] = Registry("peer group links")
