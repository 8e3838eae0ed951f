from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "mentorlab.matching"
    label = "matching"
