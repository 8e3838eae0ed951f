from __future__ import annotations

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "mentorlab.surveys"
    label = "surveys"

    def ready(self) -> None:
        # Imported here, not at the top: models are ready only now. A provider module
        # that fails to import stops start-up with its ImportError.
        from mentorlab.accounts.privacy import register_privacy
        from mentorlab.mentorships.attention import Condition, attention_providers
        from mentorlab.notifications.kinds import notification_kinds
        from mentorlab.notifications.reminders import reminder_providers
        from mentorlab.programmes.services import programme_setup_providers

        from . import notices, privacy, reminders, selectors, setup

        register_privacy("surveys", order=30, export=privacy.export, erase=privacy.erase)
        reminder_providers.register("surveys", reminders.send_due, order=30)
        programme_setup_providers.register("surveys", setup.programme_setup)
        # A help request flags the mentorship for the coordinators (and answers the person).
        attention_providers.register(Condition.HELP.value, selectors.help_requesters_by_mentorship)
        for kind in notices.KINDS:
            notification_kinds.register(kind.name, kind)
