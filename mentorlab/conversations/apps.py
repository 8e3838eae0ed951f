from __future__ import annotations

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "mentorlab.conversations"
    label = "conversations"

    def ready(self) -> None:
        # Imported here, not at the top: models are ready only now. A provider module
        # that fails to import stops start-up with its ImportError.
        from mentorlab.accounts.privacy import register_privacy
        from mentorlab.events.links import group_links
        from mentorlab.mentorships.links import workspace_links
        from mentorlab.notifications.kinds import notification_kinds
        from mentorlab.notifications.reminders import reminder_providers

        from . import announcements, emails, links, privacy, reminders

        # Erased after mentorships (which may end the person's mentorship first) and
        # before events (which removes their peer group memberships).
        register_privacy("conversations", order=15, export=privacy.export, erase=privacy.erase)
        reminder_providers.register("conversations", reminders.send_due, order=15)
        workspace_links.register("conversations", links.mentorship_link)
        group_links.register("conversations", links.group_link)
        notification_kinds.register(emails.MESSAGES.name, emails.MESSAGES)
        notification_kinds.register(announcements.KIND.name, announcements.KIND)
