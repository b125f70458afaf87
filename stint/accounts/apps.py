from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stint.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # local import: apps.py is imported before the models load; ready() runs once they have
        from stint.accounts.services import token_authenticate
        from stint.core.api import set_token_authenticator

        set_token_authenticator(token_authenticate)
