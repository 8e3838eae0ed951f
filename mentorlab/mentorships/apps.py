from __future__ import annotations

from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentorlab.mentorships"
    label = "mentorships"

    def ready(self) -> None:
        # Imported here, not at the top: models are ready only now. A provider module
        # that fails to import stops start-up with its ImportError.
        from mentorlab.accounts.privacy import register_privacy
        from mentorlab.core.calendar import feed_providers
        from mentorlab.notifications.kinds import notification_kinds
        from mentorlab.notifications.reminders import reminder_providers

        from . import calendar, notices, privacy, reminders

        register_privacy(
            "mentorships",
            order=10,
            export=privacy.export,
            erase=privacy.erase,
            preview=privacy.erasure_preview,
        )
        feed_providers.register("mentorships", calendar.feed_items)
        reminder_providers.register("mentorships", reminders.send_due, order=10)
        for kind in notices.KINDS:
            notification_kinds.register(kind.name, kind)
