from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "stint.privacy"
    label = "privacy"
    verbose_name = "Personal data"

    def ready(self) -> None:
        from stint.privacy import tasks  # noqa: F401  (registers the periodic expiry)
