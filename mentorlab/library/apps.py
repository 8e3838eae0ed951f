from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "mentorlab.library"
    label = "library"
