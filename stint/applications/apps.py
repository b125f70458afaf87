from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "stint.applications"
    label = "applications"

    def ready(self) -> None:
        from stint.applications.reliability import application_reliability_figures  # models load first
        from stint.organizations.reliability import register_reliability_source

        register_reliability_source(application_reliability_figures)
