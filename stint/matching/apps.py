from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "stint.matching"
    label = "matching"
    verbose_name = "Search and matching"

    def ready(self) -> None:
        from stint.matching import signals

        signals.connect()
