from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentorlab.mentorships"
    label = "mentorships"
