from __future__ import annotations

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "mentorlab.matching"
    label = "matching"

    def ready(self) -> None:
        # Imported here, not at the top: models are ready only now. A provider module
        # that fails to import stops start-up with its ImportError.
        from mentorlab.accounts.privacy import register_privacy
        from mentorlab.notifications.kinds import notification_kinds

        from . import notices, privacy

        register_privacy("matching", order=40, export=privacy.export, erase=privacy.erase)
        notification_kinds.register(notices.MATCH.name, notices.MATCH)
