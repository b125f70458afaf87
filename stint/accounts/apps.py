from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stint.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from stint.accounts.services import token_authenticate  # models are loaded only now
        from stint.core.api import set_token_authenticator

        set_token_authenticator(token_authenticate)
