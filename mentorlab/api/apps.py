from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API at /api/v1/: a top layer beside the pages, which calls the same selectors
    (who may see what) and services (every write) as they do."""

    name = "mentorlab.api"
    label = "api"
