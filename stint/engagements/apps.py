from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "stint.engagements"
    label = "engagements"

    def ready(self) -> None:
        # local import: apps.py is imported before the models load; ready() runs once they have
        from stint.engagements.selectors import engagement_reliability_figures
        from stint.organizations.reliability import register_reliability_source

        register_reliability_source(engagement_reliability_figures)
