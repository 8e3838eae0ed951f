from __future__ import annotations

from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top layer: the landing page, the privacy notice, the calendar pages and the demo
    data — the parts that read from every app below."""

    name = "mentorlab.home"
    label = "home"
