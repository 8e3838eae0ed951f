from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "mentorlab.dashboard"
    label = "dashboard"
