from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "stint.messaging"
    label = "messaging"

    def ready(self) -> None:
        from stint.messaging.connections import connect_signals

        connect_signals()
