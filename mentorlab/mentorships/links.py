"""Links other apps add to the mentorship workspace (see `core/links.py`)."""

from __future__ import annotations

from mentorlab.core.links import LinkProvider
from mentorlab.core.registry import Registry

workspace_links: Registry[LinkProvider] = Registry("mentorship workspace links")
