from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "mentorlab.programmes"
    label = "programmes"
