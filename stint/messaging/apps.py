from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "stint.messaging"
    label = "messaging"
