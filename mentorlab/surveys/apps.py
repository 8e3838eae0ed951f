from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "mentorlab.surveys"
    label = "surveys"
