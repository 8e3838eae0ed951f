from __future__ import annotations

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "mentorlab.events"
    label = "events"

    def ready(self) -> None:
        # Imported here, not at the top: models are ready only now. A provider module
        # that fails to import stops start-up with its ImportError.
        from mentorlab.accounts.privacy import register_privacy
        from mentorlab.core.calendar import feed_providers
        from mentorlab.notifications.kinds import notification_kinds
        from mentorlab.notifications.reminders import reminder_providers
        from mentorlab.programmes.services import programme_setup_providers

        from . import calendar, notices, privacy, reminders, setup

        register_privacy("events", order=20, export=privacy.export, erase=privacy.erase)
        feed_providers.register("events", calendar.feed_items)
        reminder_providers.register("events", reminders.send_due, order=20)
        programme_setup_providers.register("events", setup.programme_setup)
        for kind in notices.KINDS:
            notification_kinds.register(kind.name, kind)
