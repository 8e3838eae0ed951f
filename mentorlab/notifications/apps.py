from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mentorlab.notifications"
    label = "notifications"
