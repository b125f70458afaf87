from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "stint.engagements"
    label = "engagements"

    def ready(self) -> None:
        from stint.engagements.selectors import engagement_reliability_figures  # models load first
        from stint.organizations.reliability import register_reliability_source

        register_reliability_source(engagement_reliability_figures)
