from django.apps import AppConfig


class CareerdesignConfig(AppConfig):
    name = "mentorlab.careerdesign"
    label = "careerdesign"
