from __future__ import annotations

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "mentorlab.programmes"
    label = "programmes"

    def ready(self) -> None:
        # Imported here, not at the top: models are ready only now. A provider module
        # that fails to import stops start-up with its ImportError.
        from mentorlab.accounts.privacy import register_privacy

        from . import privacy

        register_privacy(
            "programmes",
            order=80,
            export=privacy.export,
            erase=privacy.erase,
            preview=privacy.erasure_preview,
        )
