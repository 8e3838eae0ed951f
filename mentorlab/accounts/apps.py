from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mentorlab.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import mfa

        mfa.connect_signals()
