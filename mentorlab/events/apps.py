from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "mentorlab.events"
    label = "events"
