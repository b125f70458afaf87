from django.apps import AppConfig


class AdvisorsConfig(AppConfig):
    name = "stint.advisors"
    label = "advisors"

    def ready(self) -> None:
        # Projects shared through the network open to the people they were shared with: the
        # projects app asks its registered access grants (stint.projects.access).
        # local import: AppConfig.ready() runs once the app registry is ready (models import safely)
        from stint.advisors.access import project_shared_with, resume_shared_with
        from stint.projects.access import register_access_grant
        from stint.talent.access import register_profile_grant

        register_access_grant(project_shared_with)
        # A student who shares their résumé with a cohort opens their profile to its advisor.
        register_profile_grant(resume_shared_with)
