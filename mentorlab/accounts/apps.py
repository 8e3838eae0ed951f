from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mentorlab.accounts"
    label = "accounts"
