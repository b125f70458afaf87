from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "stint.applications"
    label = "applications"

    def ready(self) -> None:
        # local import: apps.py is imported before the models load; ready() runs once they have
        from stint.applications.reliability import application_reliability_figures
        from stint.applications.selectors import talent_applied_to_organization_of
        from stint.organizations.reliability import register_reliability_source
        from stint.talent.selectors import register_resume_grant

        register_reliability_source(application_reliability_figures)
        register_resume_grant(talent_applied_to_organization_of)
