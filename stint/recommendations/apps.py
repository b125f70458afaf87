from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "stint.recommendations"
    label = "recommendations"
    verbose_name = "Recommendations and applicant ranking"

    def ready(self) -> None:
        from stint.recommendations import signals

        signals.connect()
