from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "stint.credentials"
    label = "credentials"

    def ready(self) -> None:
        from stint.credentials import receivers

        receivers.connect()
