from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "stint.credentials"
    label = "credentials"

    def ready(self) -> None:
        from stint.credentials import keys, receivers

        receivers.connect()
        keys.configured_key()  # a malformed STINT_CREDENTIAL_KEY stops start-up, not the first approval
