from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mentorlab.core"
    label = "core"
