from __future__ import annotations

from django.apps import AppConfig


class CareerdesignConfig(AppConfig):
    name = "mentorlab.careerdesign"
    label = "careerdesign"

    def ready(self) -> None:
        # Imported here, not at the top: models are ready only now. A provider module
        # that fails to import stops start-up with its ImportError.
        from mentorlab.accounts.privacy import register_privacy

        from . import privacy

        register_privacy("careerdesign", order=50, export=privacy.export, erase=privacy.erase)
